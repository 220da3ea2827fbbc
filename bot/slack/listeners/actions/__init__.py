"""Block action listeners."""

from slack_bolt import App

from bot.slack.errors import guarded
from bot.blocks.ids import DRAFT_SHAPING_FIELDS, SETTING_ACTIONS, Action
from bot.slack.listeners.actions.ask_buttons import decline, forward, suggest
from bot.slack.listeners.actions.nudge_buttons import close_instead, make_intro, mark_done, snooze
from bot.slack.listeners.actions.optin_buttons import answer, ask_for_note, step_back
from bot.slack.listeners.actions.prefs import open_prefs, prompt_menu, toggle_from_home
from bot.slack.listeners.actions.prompt_buttons import answer_without_close, open_close_modal
from bot.slack.listeners.actions.relayed import relayed
from bot.slack.listeners.commands.my_data import delete_my_data
from bot.slack.listeners.events.app_home import refreshing_home
from bot.slack.listeners.views.close_modal import refresh_draft

LISTENERS = {
    Action.DIRECT: open_close_modal,
    Action.REDIRECT: open_close_modal,
    Action.DECLINE: open_close_modal,
    Action.NEED_TIME: open_close_modal,
    Action.DECLINE_BY_POLICY: open_close_modal,
    Action.CONNECT: answer_without_close,
    Action.DISMISS: answer_without_close,
    Action.RELAYED: relayed,
    Action.MAKE_INTRO: make_intro,
    Action.DONE: mark_done,
    Action.SNOOZE: snooze,
    Action.CLOSE_INSTEAD: close_instead,
    Action.OPTIN_YES: answer,
    Action.OPTIN_NOT_NOW: answer,
    Action.OPTIN_NO: ask_for_note,
    Action.OPTIN_STEP_BACK: step_back,
    Action.ASK_FORWARD: forward,
    Action.ASK_DECLINE: decline,
    Action.ASK_SUGGEST: suggest,
}

# These publish the Home tab themselves, or change only a modal.
WITHOUT_HOME_REFRESH = {
    Action.PROMPT_MENU: prompt_menu,
    Action.EDIT_PREFS: open_prefs,
    Action.DELETE_MY_DATA: delete_my_data,
    **{action: toggle_from_home for action in SETTING_ACTIONS},
    **{field: refresh_draft for field in DRAFT_SHAPING_FIELDS},
}


def register(app: App) -> None:
    for action_id, listener in LISTENERS.items():
        app.action(action_id)(refreshing_home(guarded(listener)))
    for action_id, listener in WITHOUT_HOME_REFRESH.items():
        app.action(action_id)(guarded(listener))
