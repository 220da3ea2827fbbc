"""View submission listeners."""

from slack_bolt import App

from bot.slack.errors import guarded
from bot.slack.ids import CLOSE_MODAL
from bot.slack.listeners.views.close_modal import submit_close


def register(app: App) -> None:
    app.view(CLOSE_MODAL)(guarded(submit_close))
