"""Event listeners."""

from slack_bolt import App

from bot.slack.listeners.events.app_home import show_home
from bot.slack.listeners.events.lifecycle import forget_workspace
from bot.slack.listeners.events.message_life import follow_intro_life, is_edit_or_deletion
from bot.slack.listeners.events.message import (
    ignore,
    is_in_supported_conversation,
    is_person_posting,
    notice_introduction,
)

EVENTS = ("message", "app_home_opened", "app_uninstalled", "tokens_revoked")


def register(app: App) -> None:
    app.event("message", matchers=[is_person_posting, is_in_supported_conversation])(notice_introduction)
    app.event("message", matchers=[is_edit_or_deletion, is_in_supported_conversation])(follow_intro_life)
    # Bolt answers 404 to an event no listener takes, and Slack would then retry it.
    app.event("message")(ignore)
    app.event("app_home_opened")(show_home)
    app.event("app_uninstalled")(forget_workspace)
    app.event("tokens_revoked")(forget_workspace)
