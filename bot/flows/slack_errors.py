"""Flows: what Slack's Web API errors mean for us: final, worth retrying, or a conversation we cannot read.

One place for the classification, used by every send of stored work (bot/flows/delivery.py) and by the
Slack layer's global error handler (bot/slack/errors.py). `describe` is what logs and the database keep of an
error: Slack's error code, never a token or a message body.
"""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

# An ephemeral needs the person in the channel; these errors mean "reach them by DM instead".
EPHEMERAL_UNDELIVERABLE = {"user_not_in_channel", "channel_not_found", "not_in_channel", "is_archived"}
# Slack answered and will keep answering no: retrying cannot help.
FINAL_ERRORS = {
    "channel_not_found", "is_archived", "not_in_channel", "msg_too_long", "no_text", "invalid_blocks",
    "restricted_action", "user_not_found", "user_disabled", "cannot_dm_bot", "account_inactive",
}
# The bot cannot post there: a DM or private conversation it is not in (a response_url still can).
OUT_OF_REACH = {"not_in_channel", "channel_not_found"}


def is_final(error: Exception) -> bool:
    """True when Slack refused for good; 429, 5xx and network trouble are worth retrying."""
    return isinstance(error, SlackApiError) and error.response.get("error") in FINAL_ERRORS


def is_unavailable(error: Exception) -> bool:
    """Slack was rate limiting, failing or unreachable (after the client's own retries), or did not answer in
    time: trying again later can work. Not a refusal, and not a bug of ours."""
    if isinstance(error, SlackApiError):
        return error.response.status_code == 429 or error.response.status_code >= 500 or \
            error.response.get("error") in ("ratelimited", "internal_error", "fatal_error", "service_unavailable")
    return isinstance(error, OSError)  # a timeout, a dropped or refused connection (urllib's errors are OSErrors)


def unreadable(error: Exception) -> bool:
    """Slack refused to show us a conversation's messages (a scope or token type it does not allow there, a
    thread or channel gone): asking again will not change that, unlike when it is unavailable."""
    return isinstance(error, SlackApiError) and not is_unavailable(error)


def out_of_reach(error: Exception) -> bool:
    """Slack says the bot cannot post there: a DM or private conversation it is not in."""
    return isinstance(error, SlackApiError) and error.response.get("error") in OUT_OF_REACH


def describe(error: Exception) -> str:
    """An error for logs and the database: Slack's error code, never a token or a body."""
    if isinstance(error, SlackApiError):
        return f"slack:{error.response.get('error') or error.response.status_code}"
    return type(error).__name__
