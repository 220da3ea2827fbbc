"""Slash command listeners."""

from slack_bolt import App

from bot.slack.errors import guarded
from bot.slack.listeners.commands.intro import COMMAND, handle_intro

COMMANDS = (COMMAND,)


def register(app: App) -> None:
    app.command(COMMAND)(guarded(handle_intro))
