"""Slack layer: shortcut listeners. Each registration says whether the person's Home tab is published again
after it (bot/slack/home_refresh.py), and why."""

from __future__ import annotations

from slack_bolt import App

from bot.blocks.ids import CLOSE_THIS_INTRO
from bot.slack.home_refresh import Home, interaction
from bot.slack.listeners.shortcuts.close_this_intro import close_this_intro

SHORTCUTS = (CLOSE_THIS_INTRO,)


def register(app: App) -> None:
    app.message_shortcut(CLOSE_THIS_INTRO)(interaction(
        close_this_intro, Home.REFRESH, why="an intro the shortcut records or finds is on Home", trigger_first=True))
