"""Slack layer: view submission listeners. Each registration says whether the submitter's Home tab is published
again after it (bot/slack/home_refresh.py), and why."""

from __future__ import annotations

from slack_bolt import App

from bot.blocks.ids import (
    ASK_DECLINE_MODAL,
    ASK_SUGGEST_MODAL,
    CLOSE_MODAL,
    NEW_DATE_MODAL,
    OPTIN_MODAL,
    OPTIN_NO_MODAL,
    OPTIN_NOT_NOW_MODAL,
    PREFS_MODAL,
    SHORTCUT_WHO_MODAL,
    YES_MODAL,
)
from bot.slack.home_refresh import Home, interaction
from bot.slack.listeners.views.ask_modals import submit_decline, submit_suggest
from bot.slack.listeners.views.close_modal import submit_close
from bot.slack.listeners.views.new_date_modal import submit_new_date
from bot.slack.listeners.views.not_now_modal import submit_not_now
from bot.slack.listeners.views.optin_modal import submit_no_thanks, submit_optin
from bot.slack.listeners.views.prefs_modal import submit_prefs
from bot.slack.listeners.views.shortcut_who import submit_who
from bot.slack.listeners.views.yes_modal import submit_yes


def register(app: App) -> None:
    app.view(CLOSE_MODAL)(interaction(submit_close, Home.REFRESH, why="the intro leaves Home's open intros"))
    app.view(NEW_DATE_MODAL)(interaction(submit_new_date, Home.REFRESH, why="Home shows when the promise is due"))
    app.view(OPTIN_MODAL)(interaction(submit_optin, Home.REFRESH, why="Home lists the intros the introducer made"))
    app.view(OPTIN_NO_MODAL)(interaction(submit_no_thanks, Home.REFRESH,
                                         why="the request leaves Home's requests waiting for an answer"))
    app.view(OPTIN_NOT_NOW_MODAL)(interaction(submit_not_now, Home.REFRESH,
                                              why="the request leaves Home's requests waiting for an answer"))
    app.view(ASK_DECLINE_MODAL)(interaction(submit_decline, Home.REFRESH,
                                            why="the intro request leaves Home's open items"))
    app.view(ASK_SUGGEST_MODAL)(interaction(submit_suggest, Home.REFRESH,
                                            why="the intro request leaves Home's open items"))
    app.view(YES_MODAL)(interaction(submit_yes, Home.AS_IS, why="the intro left Home when its person said yes"))
    app.view(SHORTCUT_WHO_MODAL)(interaction(submit_who, Home.REFRESH, why="a recorded intro joins Home's open intros"))
    app.view(PREFS_MODAL)(interaction(submit_prefs, Home.AS_IS, why="saving the settings publishes Home itself"))
