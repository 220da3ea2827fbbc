"""Slack layer: the HTTP endpoint as a WSGI app (production servers) and a threaded server for development."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable, Iterator, Sized
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from bot.slack.executor import TrackedExecutor
from bot.slack.request_gate import FORM, JSON, is_event, media_type, signed, well_formed

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

# Slack's largest payloads (a modal's whole state, a message with 50 blocks) are tens of KB: 1 MiB leaves ample
# room, and is all a request can make the process hold.
MAX_BODY = 1024 * 1024

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def wsgi_app(app: App, *, signing_secret: str | None = None, executor: TrackedExecutor | None = None) -> WSGIApp:
    """Events, the slash command and interactivity all arrive at EVENTS_PATH; HEALTH_PATH is for load balancers.

    No request body over MAX_BODY is read: 413 (a declared length over it is refused before reading; a body
    without one is read up to it). With `signing_secret`, a POST to EVENTS_PATH must be JSON or form-encoded (415)
    and signed (401) and well formed (400) before Bolt sees it (bot/slack/request_gate.py), never a 500. With
    `executor`, an event's listener starts only once its acknowledgement is sent (interactions are not held:
    Bolt waits on their listener).
    """
    slack = SlackRequestHandler(app, path=EVENTS_PATH)
    verifier = SignatureVerifier(signing_secret) if signing_secret else None

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        length = _declared_length(environ)
        if length is not None and length > MAX_BODY:
            return _refuse(start_response, "413 Content Too Large", "too large")
        if verifier and environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") == EVENTS_PATH:
            content_type = media_type(environ.get("CONTENT_TYPE", ""))
            if content_type not in (JSON, FORM):
                return _refuse(start_response, "415 Unsupported Media Type",
                               "events must be application/json, interactions and commands form-encoded")
            body = _read_body(environ, length)
            if body is None:
                return _refuse(start_response, "413 Content Too Large", "too large")
            headers = {"x-slack-request-timestamp": environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""),
                       "x-slack-signature": environ.get("HTTP_X_SLACK_SIGNATURE", "")}
            if not signed(verifier, body, headers):
                return _refuse(start_response, "401 Unauthorized", "invalid request")
            if not well_formed(body, content_type):
                return _refuse(start_response, "400 Bad Request", "invalid request")
            environ["wsgi.input"] = io.BytesIO(body)  # Bolt reads it again, by this length
            environ["CONTENT_LENGTH"] = str(len(body))
            environ["CONTENT_TYPE"] = content_type
            if executor is not None and is_event(body, content_type):
                with executor.holding() as held:
                    answer = _dispatch(slack, environ, start_response)
                return _AfterSent(answer, lambda: executor.release(held))
        return _dispatch(slack, environ, start_response)

    return application


def _dispatch(slack: SlackRequestHandler, environ: dict[str, Any],
              start_response: Callable[..., Any]) -> Iterable[bytes]:
    try:
        return slack(environ, start_response)
    except Exception:  # noqa: BLE001 - a request Bolt could not parse is the sender's error, not a 500
        log.info("a request Bolt could not parse was refused")
        return _refuse(start_response, "400 Bad Request", "invalid request")


class _AfterSent:
    """A WSGI response that runs `then` when the server closes it, i.e. once it has been sent."""

    def __init__(self, body: Iterable[bytes], then: Callable[[], None]) -> None:
        self._body = body
        self._then = then

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._body)

    def __len__(self) -> int:
        """How many pieces the body has: with one, the server sends a Content-Length, so the client has the whole
        answer without waiting for the connection to close (which comes after the held work is released)."""
        return len(self._body) if isinstance(self._body, Sized) else 2

    def close(self) -> None:
        try:
            getattr(self._body, "close", lambda: None)()
        finally:
            self._then()


def _declared_length(environ: dict[str, Any]) -> int | None:
    """The Content-Length, or None when there is none (a chunked body) or it is not a number."""
    try:
        return int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def _read_body(environ: dict[str, Any], length: int | None) -> bytes | None:
    """The body, at most MAX_BODY bytes of it (None: there is more). Without a Content-Length, it is read to its
    end only where the server marks the input as ending there (gunicorn, our dev server); otherwise there is none."""
    stream = environ["wsgi.input"]
    if length is not None:
        return stream.read(length) if length > 0 else b""
    if not environ.get("wsgi.input_terminated"):
        return b""
    body = bytearray()
    while len(body) <= MAX_BODY:
        piece = stream.read(min(64 * 1024, MAX_BODY + 1 - len(body)))
        if not piece:
            return bytes(body)
        body += piece
    return None


def _refuse(start_response: Callable[..., Any], status: str, message: str) -> list[bytes]:
    start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
    return [message.encode()]
