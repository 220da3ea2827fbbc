"""Slack layer: the HTTP endpoint as a WSGI app (production servers) and a threaded server for development."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def wsgi_app(app: App) -> WSGIApp:
    """Events, the slash command and interactivity all arrive at EVENTS_PATH; HEALTH_PATH is for load balancers."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        try:
            return slack(environ, start_response)
        except ValueError:
            # Bolt parses the body before it checks the signature: a body that is not JSON (or not a valid
            # form) is refused here, plainly, instead of surfacing as a 500 with the server's error page.
            start_response("400 Bad Request", [("Content-Type", "application/json")])
            return [b'{"error": "invalid request"}']

    return application


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
