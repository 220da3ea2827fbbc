"""Shortcut listeners."""

from slack_bolt import App

from bot.slack.errors import guarded
from bot.blocks.ids import CLOSE_THIS_INTRO
from bot.slack.listeners.events.app_home import refreshing_home
from bot.slack.listeners.shortcuts.close_this_intro import close_this_intro

SHORTCUTS = (CLOSE_THIS_INTRO,)


def register(app: App) -> None:
    app.message_shortcut(CLOSE_THIS_INTRO)(refreshing_home(guarded(close_this_intro)))
