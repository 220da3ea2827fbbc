"""Slack layer: block action listeners. Each registration says whether the clicker's Home tab is published again
after it (bot/slack/home_refresh.py), and why."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App

from bot.blocks.ids import DRAFT_SHAPING_FIELDS, SETTING_ACTIONS, Action
from bot.slack.home_refresh import Home, interaction
from bot.slack.listeners.actions.ask_buttons import decline, forward, suggest
from bot.slack.listeners.actions.draft_fields import refresh_draft
from bot.slack.listeners.actions.my_data import delete_my_data
from bot.slack.listeners.actions.nudge_buttons import close_instead, make_intro, mark_done, snooze
from bot.slack.listeners.actions.optin_buttons import ANSWERS, answer, ask_for_date, ask_for_note, step_back
from bot.slack.listeners.actions.prefs import open_prefs, prompt_menu, toggle_from_home
from bot.slack.listeners.actions.prompt_buttons import WAYS, WITHOUT_CLOSE, answer_without_close, open_close_modal
from bot.slack.listeners.actions.relayed import relayed
from bot.slack.listeners.actions.yes_button import happy_to_connect

Registration = tuple[Callable[..., None], Home, str]  # the listener, the Home choice, its one-line reason

# Buttons that act on a stored row (party, promise, request, ask) by the id they carry: what they change, or the
# form they open for it, concerns an item Home lists, so the tab shows it as it now stands.
ROW_BUTTONS: dict[str, Registration] = {
    **{action: (open_close_modal, Home.REFRESH, "the intro is on Home: a stale tab shows it as it now stands")
       for action in WAYS},
    **{action: (answer_without_close, Home.REFRESH, "the intro leaves Home's open intros") for action in WITHOUT_CLOSE},
    Action.CONNECT: (happy_to_connect, Home.REFRESH, "the intro leaves Home's open intros"),
    Action.RELAYED: (relayed, Home.REFRESH, "the handed-back decline leaves Home's open items"),
    Action.MAKE_INTRO: (make_intro, Home.REFRESH, "a kept promise leaves Home's open promises"),
    Action.DONE: (mark_done, Home.REFRESH, "a kept promise leaves Home's open promises"),
    Action.SNOOZE: (snooze, Home.REFRESH, "Home shows when the promise is due"),
    Action.CLOSE_INSTEAD: (close_instead, Home.REFRESH, "the promise is on Home: a stale tab shows it as it stands"),
    **{action: (answer, Home.REFRESH, "Home lists the requests waiting for an answer") for action in ANSWERS},
    Action.OPTIN_NOT_NOW: (ask_for_date, Home.REFRESH, "the request is on Home: a stale tab shows it as it stands"),
    Action.OPTIN_NO: (ask_for_note, Home.REFRESH, "the request is on Home: a stale tab shows it as it stands"),
    Action.OPTIN_STEP_BACK: (step_back, Home.REFRESH, "the introducer's Home lists the intro they made"),
    Action.ASK_FORWARD: (forward, Home.REFRESH, "the intro request is on Home: a stale tab shows it as it stands"),
    Action.ASK_DECLINE: (decline, Home.REFRESH, "the intro request is on Home: a stale tab shows it as it stands"),
    Action.ASK_SUGGEST: (suggest, Home.REFRESH, "the intro request is on Home: a stale tab shows it as it stands"),
}

# The clicker's own settings and data, and the close form's own fields.
OWN_CHOICES: dict[str, Registration] = {
    Action.PROMPT_MENU: (prompt_menu, Home.AS_IS, "changing the setting publishes Home itself"),
    Action.EDIT_PREFS: (open_prefs, Home.AS_IS, "only opens the settings form; saving it publishes Home"),
    Action.DELETE_MY_DATA: (delete_my_data, Home.AS_IS, "nothing of theirs is left: Home is rebuilt when opened"),
    **{action: (toggle_from_home, Home.AS_IS, "changing the setting publishes Home itself")
       for action in SETTING_ACTIONS},
    **{field: (refresh_draft, Home.AS_IS, "changes only the open close form") for field in DRAFT_SHAPING_FIELDS},
}


def register(app: App) -> None:
    for action_id, (listener, home, why) in {**ROW_BUTTONS, **OWN_CHOICES}.items():
        app.action(action_id)(interaction(listener, home, why=why))
