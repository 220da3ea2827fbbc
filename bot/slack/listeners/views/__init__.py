"""View submission listeners."""

from slack_bolt import App

from bot.slack.errors import guarded
from bot.slack.listeners.events.app_home import refreshing_home
from bot.blocks.ids import (
    ASK_DECLINE_MODAL,
    ASK_SUGGEST_MODAL,
    CLOSE_MODAL,
    OPTIN_MODAL,
    OPTIN_NO_MODAL,
    PREFS_MODAL,
    SHORTCUT_WHO_MODAL,
)
from bot.slack.listeners.views.ask_modals import submit_decline, submit_suggest
from bot.slack.listeners.views.close_modal import submit_close
from bot.slack.listeners.views.optin_modal import submit_no_thanks, submit_optin
from bot.slack.listeners.views.prefs_modal import submit_prefs
from bot.slack.listeners.views.shortcut_who import submit_who


def register(app: App) -> None:
    for callback_id, listener in ((CLOSE_MODAL, submit_close), (OPTIN_MODAL, submit_optin),
                                  (OPTIN_NO_MODAL, submit_no_thanks), (ASK_DECLINE_MODAL, submit_decline),
                                  (ASK_SUGGEST_MODAL, submit_suggest), (SHORTCUT_WHO_MODAL, submit_who)):
        app.view(callback_id)(refreshing_home(guarded(listener)))
    app.view(PREFS_MODAL)(guarded(submit_prefs))  # publishes the Home tab itself
