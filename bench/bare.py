"""Benchmark support: the bare Bolt baselines the event-path benchmark measures ours against.

Served by subprocesses, configured from the environment (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL,
PORT), so this module imports nothing heavy until a baseline is built (the memory benchmark reads their RSS):
- `bare_wsgi`: the bare app behind gunicorn (`bench.bare:bare_wsgi`);
- `python -m bench.bare dev`: the bare app behind our development server, started the way `python app.py` is;
- `python -m bench.bare bolt`: the bare app served by Bolt's own `App.start()`, its built-in development server,
  which is what a developer following Bolt's getting-started guide runs.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from slack_bolt import App

EVENTS_PATH = "/slack/events"


def bare_app() -> App:
    """A minimal Bolt app as its docs show it, plus a client pointed at SLACK_API_URL (the fake)."""
    from slack_bolt import App
    from slack_sdk import WebClient

    token = os.environ["SLACK_BOT_TOKEN"]
    app = App(token=token, signing_secret=os.environ["SLACK_SIGNING_SECRET"],
              client=WebClient(base_url=os.environ.get("SLACK_API_URL", "https://slack.com/api/"), token=token))

    @app.event("message")
    def ignore() -> None:
        """Acknowledged by Bolt before this runs; nothing to do."""

    return app


_bare: Callable[..., Iterable[bytes]] | None = None
_bare_lock = threading.Lock()


def bare_wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """WSGI entry for gunicorn: built on first use, from env, in each worker."""
    global _bare
    if _bare is None:
        with _bare_lock:
            if _bare is None:
                from bot.slack.http import wsgi_app

                _bare = wsgi_app(bare_app())  # our /healthz and routing; no signing_secret: Bolt alone checks
    return _bare(environ, start_response)


def serve_on_our_dev_server() -> None:
    """The bare app behind our development server, started and stopped the way `python app.py` is."""
    from bot.slack.dev_server import make_http_server
    from bot.slack.http import wsgi_app

    logging.basicConfig(level=logging.WARNING)
    port = int(os.environ.get("PORT", "3000"))
    server = make_http_server(wsgi_app(bare_app()), host="0.0.0.0", port=port)  # no request gate: Bolt alone
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"Bare Bolt app is listening on http://0.0.0.0:{port}{EVENTS_PATH}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def serve_on_bolt_start() -> None:
    """The bare app on Bolt's `App.start()`, as in Bolt's getting-started guide, but with its per-request access
    log off: ours logs no line per request either, and a log line per event would only slow the baseline.
    (SIGTERM ends the process, as it would a developer's.)"""
    logging.basicConfig(level=logging.WARNING)
    bare_app().start(port=int(os.environ.get("PORT", "3000")), path=EVENTS_PATH, http_server_logger_enabled=False)


SERVE = {"dev": serve_on_our_dev_server, "bolt": serve_on_bolt_start}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in SERVE:
        sys.exit(f"usage: python -m bench.bare {{{','.join(SERVE)}}}")
    SERVE[sys.argv[1]]()
