"""Slack layer: slash command listeners. Each registration says whether the person's Home tab is published
again after it (bot/slack/home_refresh.py), and why."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.home_refresh import Home, interaction
from bot.slack.listeners.commands.intro import COMMAND, handle_intro

COMMANDS = (COMMAND,)


def register(app: App) -> None:
    app.command(COMMAND)(interaction(handle_intro, Home.AS_IS,
                                     why="its settings words publish Home themselves; the rest show when it is opened"))
