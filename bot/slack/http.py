"""Slack layer: the HTTP endpoint as a WSGI app (production servers) and a threaded server for development."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable, Iterator
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_sdk.signature import SignatureVerifier
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.slack.executor import TrackedExecutor
from bot.slack.request_gate import is_event, signed, well_formed

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def wsgi_app(app: App, *, signing_secret: str | None = None, executor: TrackedExecutor | None = None) -> WSGIApp:
    """Events, the slash command and interactivity all arrive at EVENTS_PATH; HEALTH_PATH is for load balancers.

    With `signing_secret`, a POST to EVENTS_PATH must be signed and well formed before Bolt sees it
    (bot/slack/request_gate.py): 401 or 400 otherwise, never a 500. With `executor`, an event's listener
    starts only once its acknowledgement is sent (interactions are not held: Bolt waits on their listener).
    """
    slack = SlackRequestHandler(app, path=EVENTS_PATH)
    verifier = SignatureVerifier(signing_secret) if signing_secret else None

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        if verifier and environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") == EVENTS_PATH:
            body = _read_body(environ)
            headers = {"x-slack-request-timestamp": environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""),
                       "x-slack-signature": environ.get("HTTP_X_SLACK_SIGNATURE", "")}
            if not signed(verifier, body, headers):
                return _refuse(start_response, "401 Unauthorized")
            if not well_formed(body, environ.get("CONTENT_TYPE", "")):
                return _refuse(start_response, "400 Bad Request")
            environ["wsgi.input"] = io.BytesIO(body)  # Bolt reads it again
            if executor is not None and is_event(body, environ.get("CONTENT_TYPE", "")):
                with executor.holding() as held:
                    answer = _dispatch(slack, environ, start_response)
                return _AfterSent(answer, lambda: executor.release(held))
        return _dispatch(slack, environ, start_response)

    return application


def _dispatch(slack: SlackRequestHandler, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    try:
        return slack(environ, start_response)
    except Exception:  # noqa: BLE001 - a request Bolt could not parse is the sender's error, not a 500
        log.info("a request Bolt could not parse was refused")
        return _refuse(start_response, "400 Bad Request")


class _AfterSent:
    """A WSGI response that runs `then` when the server closes it, i.e. once it has been sent."""

    def __init__(self, body: Iterable[bytes], then: Callable[[], None]) -> None:
        self._body = body
        self._then = then

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._body)

    def close(self) -> None:
        try:
            getattr(self._body, "close", lambda: None)()
        finally:
            self._then()


def _read_body(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return environ["wsgi.input"].read(length) if length > 0 else b""


def _refuse(start_response: Callable[..., Any], status: str) -> list[bytes]:
    start_response(status, [("Content-Type", "application/json")])
    return [b'{"error": "invalid request"}']


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    # The standard library queues 5 connections; a burst of Slack requests beyond that would be reset.
    request_queue_size = 128


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Request lines are noise at this volume; errors surface through logging."""


def make_http_server(application: WSGIApp, *, host: str, port: int) -> ThreadingServer:
    return make_server(host, port, application, server_class=ThreadingServer, handler_class=QuietHandler)
