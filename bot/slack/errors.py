"""Slack layer: one error handler that turns failures into a kind, private reply.

Typed service errors carry their own wording; anything else is logged by type
(never with the request body) and the person hears that nothing was lost.
"""

from __future__ import annotations

import logging
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from slack_bolt import BoltContext, Respond

from bot.services.errors import ServiceError, Settled
from bot.slack.delivery import describe
from bot.slack.replies import from_digest

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., None])


def handle_error(error: Exception, body: dict[str, Any], respond: Respond | None = None) -> None:
    kind = body.get("type") or (body.get("event") or {}).get("type") or "request"
    if isinstance(error, ServiceError):
        log.info("%s refused: %s", kind, type(error).__name__)
        message = error.message
    else:
        log.error("%s failed: %s", kind, describe(error), exc_info=error)
        message = ServiceError.message
    if respond is None or not body.get("response_url") and "response_urls" not in body:
        return
    try:
        # A prompt or nudge already answered is replaced, so its stale buttons disappear.
        stale = isinstance(error, Settled) and not from_digest(body)
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
            ack = kwargs.get("ack")
            if ack is not None and ack.response is None:
                ack()  # failed before acknowledging (a malformed form): Slack still gets its answer in time
            context: BoltContext = kwargs["context"]
            handle_error(error, kwargs["body"], context.respond)

    return run  # type: ignore[return-value]
