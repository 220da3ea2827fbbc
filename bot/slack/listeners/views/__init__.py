"""View submission listeners."""

from slack_bolt import App

from bot.slack.errors import guarded
from bot.slack.ids import CLOSE_MODAL, OPTIN_MODAL, OPTIN_NO_MODAL
from bot.slack.listeners.views.close_modal import submit_close
from bot.slack.listeners.views.optin_modal import submit_no_thanks, submit_optin


def register(app: App) -> None:
    app.view(CLOSE_MODAL)(guarded(submit_close))
    app.view(OPTIN_MODAL)(guarded(submit_optin))
    app.view(OPTIN_NO_MODAL)(guarded(submit_no_thanks))
