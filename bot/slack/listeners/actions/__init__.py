"""Block action listeners."""

from slack_bolt import App

from bot.slack.ids import DRAFT_SHAPING_FIELDS, Action
from bot.slack.listeners.actions.nudge_buttons import close_instead, make_intro, mark_done, snooze
from bot.slack.listeners.actions.prefs import prompt_menu, toggle_from_home
from bot.slack.listeners.actions.prompt_buttons import answer_without_close, open_close_modal
from bot.slack.listeners.actions.relayed import relayed
from bot.slack.listeners.views.close_modal import refresh_draft


def register(app: App) -> None:
    for action in (Action.DIRECT, Action.REDIRECT, Action.DECLINE):
        app.action(action)(open_close_modal)
    for action in (Action.CONNECT, Action.DISMISS):
        app.action(action)(answer_without_close)
    app.action(Action.PROMPT_MENU)(prompt_menu)
    for action in (Action.PROMPTS_ON, Action.PROMPTS_OFF):
        app.action(action)(toggle_from_home)
    app.action(Action.RELAYED)(relayed)
    app.action(Action.MAKE_INTRO)(make_intro)
    app.action(Action.DONE)(mark_done)
    app.action(Action.SNOOZE)(snooze)
    app.action(Action.CLOSE_INSTEAD)(close_instead)
    for field in DRAFT_SHAPING_FIELDS:
        app.action(field)(refresh_draft)
