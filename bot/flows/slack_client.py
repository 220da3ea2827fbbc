"""Flows, Slack I/O: how the bot's Web API clients log Slack's failures, and opening a modal within its trigger's
life.

slack_sdk logs a failed attempt at ERROR, without the method, before its retry handlers retry it. The bot handles
those failures (the client retries, then the work stays stored or the person is told), so each failed attempt is
logged here instead, at WARNING, with the method and Slack's answer: never a stack trace, a token or a body.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web import SlackResponse

log = logging.getLogger(__name__)

# A trigger_id opens a modal for 3 seconds after the click: past that, waiting (a 429's Retry-After, a retry after
# a 5xx) cannot open it any more, and the person is asked to press again instead.
TRIGGER_LIFE = 3.0


class LogFailedAttempts(RetryHandler):
    """The first of a client's retry handlers: it retries nothing itself, and logs each failed attempt. (Bolt
    gives each request a copy of the app's client with the same handlers, so this covers listeners too.)"""

    def can_retry(self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
                  error: Exception | None = None) -> bool:
        if response is not None and response.status_code < 400 and error is None:
            return False  # slack_sdk asks every handler about every answer, a success too
        method = request.url.rsplit("/", 1)[-1]
        answer = f"HTTP {response.status_code}" if response is not None else type(error).__name__
        log.warning("Slack %s failed: %s (attempt %d)", method, answer, state.current_attempt + 1)
        return False


class _NotAnError(logging.Filter):
    """slack_sdk's own line for the same failure, which LogFailedAttempts has logged with its method."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.ERROR and record.getMessage().startswith("Failed to send a request to Slack"):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


# The logger slack_sdk's clients are given (the Web API client and the response_url client alike).
SDK_LOG = logging.getLogger("bot.slack_sdk")
SDK_LOG.addFilter(_NotAnError())


def open_modal(client: WebClient, trigger_id: str, view: dict[str, Any]) -> SlackResponse:
    """Open a modal with one try that ends within the trigger's life: no retry, no waiting out a Retry-After.
    When it fails, the error handler asks the person to press again."""
    # slack_sdk types `timeout` as int; urllib takes float seconds.
    once = WebClient(token=client.token, base_url=client.base_url, headers=client.headers, logger=client.logger,
                     timeout=min(client.timeout, TRIGGER_LIFE),  # type: ignore[arg-type]
                     retry_handlers=[LogFailedAttempts()])
    return once.views_open(trigger_id=trigger_id, view=view)
