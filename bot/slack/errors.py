"""Slack layer: one error handler that turns failures into a kind, private reply.

Typed service errors carry their own wording; anything else is logged by type
(never with the request body) and the person hears that nothing was lost.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk.errors import SlackApiError

from bot.blocks.mrkdwn import quote
from bot.domain.i18n import N_, _, speaking
from bot.flows.replies import from_digest
from bot.flows.slack_errors import describe, is_unavailable
from bot.services.errors import ServiceError, Settled
from bot.slack.context import actors_language

log = logging.getLogger(__name__)

PRESS_AGAIN = N_("That took Slack too long, so the form couldn't open. Please press it again.")
SLACK_UNAVAILABLE = N_("Slack didn't answer me just now, so that may not have gone through. Nothing was lost: "
                       "please try again in a moment.")

F = TypeVar("F", bound=Callable[..., None])
# Slack's answers when a request names a person, conversation or message that does not exist.
NAMES_NOTHING = ("user_not_found", "users_not_found", "channel_not_found", "message_not_found", "thread_not_found")


def handle_error(error: Exception, body: dict[str, Any], respond: Respond | None = None) -> None:
    message = _logged(error, body)
    if body.get("command") and body.get("text") and not isinstance(error, ServiceError):
        # A command's text is kept nowhere else: hand it back, so trying again needs no retyping.
        typed = f"{body['command']} {body['text']}"
        # Translators: {reply} is what went wrong (a sentence or two); {typed} is the command as typed, quoted.
        message = _("{reply}\nWhat you typed:\n{typed}", reply=message, typed=quote(typed))
    if respond is None or (not body.get("response_url") and "response_urls" not in body):
        return
    try:
        # A prompt or nudge already answered is replaced, so its stale buttons disappear.
        # (A message shortcut's response_url has no message of the app's to replace.)
        stale = isinstance(error, Settled) and not from_digest(body) and body.get("type") != "message_action"
        respond(text=message, response_type="ephemeral", replace_original=stale)
    except Exception as reply_error:  # noqa: BLE001 - nothing more we can tell them
        log.warning("could not reply after an error: %s", describe(reply_error))


def guarded(listener: F) -> F:
    """Handle a listener's errors inside the listener.

    Bolt resets an interaction's acknowledgement when its listener raises after
    ack(), so Slack could see a failure although we answered in time; errors are
    therefore turned into a kind reply here. Bolt reads the wrapped signature to
    pick its arguments, so every guarded listener takes `body` and `context`.
    """

    @functools.wraps(listener)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            listener(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - turned into a reply and a log line
            context: BoltContext = kwargs["context"]
            with speaking(actors_language(context)):  # as the listener spoke (English if that was not known yet)
                _answer_failure(error, kwargs.get("ack"), kwargs["body"], context)

    return run  # type: ignore[return-value]


def _answer_failure(error: Exception, ack: Ack | None, body: dict[str, Any], context: BoltContext) -> None:
    if ack is not None and ack.response is None:  # failed before acknowledging (the database down, say)
        field = _first_input(body)
        if field is not None:  # a form: it stays open with what they typed, and says why
            ack(response_action="errors", errors={field: _logged(error, body)})
            return
        ack()  # Slack still gets its answer in time
    handle_error(error, body, context.respond)


def _logged(error: Exception, body: dict[str, Any]) -> str:
    """Log a failure by its type (never the body) and return what to tell the person, in the language spoken."""
    kind = body.get("type") or (body.get("event") or {}).get("type") or "request"
    if isinstance(error, ServiceError):
        log.info("%s refused: %s", kind, type(error).__name__)
        return error.message
    if isinstance(error, SlackApiError) and error.response.get("error") == "expired_trigger_id":
        log.warning("%s: the trigger expired before the modal opened", kind)  # a slow moment, not a bug
        return _(PRESS_AGAIN)
    if is_unavailable(error):  # Slack's trouble, not a bug: no stack trace, and trying again can work
        log.warning("%s failed: Slack did not answer (%s)", kind, describe(error))
        return _(SLACK_UNAVAILABLE)
    if isinstance(error, SlackApiError) and error.response.get("error") in NAMES_NOTHING:
        # Slack refused an id the request itself named (a signed request from no real person or channel).
        log.warning("%s refused by Slack: %s", kind, describe(error))
        return ServiceError.message
    log.error("%s failed: %s", kind, describe(error), exc_info=error)
    return ServiceError.message


def _first_input(body: dict[str, Any]) -> str | None:
    """The block a submitted form's error can be shown under (Slack only accepts input blocks)."""
    if body.get("type") != "view_submission":
        return None
    blocks = (body.get("view") or {}).get("blocks") or []
    return next((b["block_id"] for b in blocks if b.get("type") == "input" and "block_id" in b), None)
