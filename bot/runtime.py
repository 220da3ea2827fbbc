"""Process assembly: settings -> database -> Bolt app -> HTTP server or Socket Mode."""

from __future__ import annotations

import logging
import signal
import sqlite3
import sys
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_bolt.error import BoltError
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings, SettingsError, load_settings
from bot.db.backlog import Backlog
from bot.db.engine import SessionFactory, make_engine, make_session_factory
from bot.db.migrate import upgrade_to_head
from bot.domain.i18n import uncompiled_catalogs
from bot.flows.deps import Deps
from bot.flows.due_work import run_due_work
from bot.flows.noticing import store_backlog
from bot.flows.people import PeopleDirectory
from bot.scheduler.loop import DueWorkLoop
from bot.services.erasure import purge_older_than
from bot.slack.app import build_app, clients_for
from bot.slack.dev_server import make_http_server
from bot.slack.executor import TrackedExecutor
from bot.slack.http import wsgi_app

if TYPE_CHECKING:
    from slack_bolt.adapter.socket_mode.builtin import SocketModeHandler

log = logging.getLogger("bot")


class StartupError(Exception):
    """Start-up cannot go on; the message says what to fix, in one or a few lines."""


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: SessionFactory
    executor: TrackedExecutor
    app: App
    due_work: DueWorkLoop
    housekeeping: DueWorkLoop  # the retention purge, hourly
    backlog: DueWorkLoop  # only this machine's backlog file (part of due_work, which does it too)

    def start_background(self) -> None:
        """What a process serving Slack runs beside it: all due work; or, when workers run that apart
        (RUN_DUE_WORK=false), still its own backlog file, which a worker on another machine cannot reach."""
        if self.settings.run_due_work:
            self.due_work.start()
            self.housekeeping.start()
        else:
            self.backlog.start()

    def close(self) -> None:
        self.due_work.stop()
        self.housekeeping.stop()
        self.backlog.stop()
        self.executor.wait_idle(timeout=10)  # let acknowledged work finish before exiting
        self.executor.shutdown(wait=False)
        self.engine.dispose()


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level_number, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Their DEBUG output includes request and response bodies; ours never does.
    for noisy in ("slack_bolt", "slack_sdk", "bot.slack.bolt", "urllib3"):
        logging.getLogger(noisy).setLevel(max(settings.log_level_number, logging.INFO))


def create_runtime(settings: Settings) -> Runtime:
    """Migrate the database to the latest revision, then assemble the bot."""
    try:
        upgrade_to_head(settings.database_url)
    except SQLAlchemyError as error:
        raise StartupError(f"DATABASE_URL could not be used: {type(error).__name__}: {error.args[0]!s:.200}") from None
    return assemble(settings)


def assemble(settings: Settings) -> Runtime:
    if stale := uncompiled_catalogs():
        # Otherwise those people would silently read English: a setup step was skipped (pip install alone).
        raise StartupError(f"The message catalogs of {', '.join(stale)} are not compiled. Run `make run` once, or "
                           "`.venv/bin/pybabel compile -d bot/locales -D messages`.")
    engine = make_engine(settings.database_url)
    sessions = make_session_factory(engine)
    executor = TrackedExecutor()
    try:
        backlog = Backlog(settings.backlog_file)
    except sqlite3.Error as error:
        raise StartupError(f"BACKLOG_FILE={settings.backlog_file} could not be used ({error}). "
                           "Point it at a writable path; a file that is not the bot's backlog must be moved.") from None
    d = Deps(sessions=sessions, people=PeopleDirectory(), backlog=backlog)
    try:
        app = build_app(settings, sessions=sessions, executor=executor, deps=d)
    except BoltError as error:
        raise StartupError(f"Slack refused SLACK_BOT_TOKEN ({error}). Copy the Bot User OAuth Token again.") from None
    except OSError as error:
        raise StartupError(f"Could not reach Slack at SLACK_API_URL={settings.slack_api_url} "
                           f"({type(error).__name__}). Check the network or the URL.") from None
    clients = clients_for(settings, app)
    due_work = DueWorkLoop(lambda clock: run_due_work(d, clients, clock, settings.working_hours))
    housekeeping = DueWorkLoop(lambda clock: purge(sessions, clock(), timedelta(days=settings.retention_days)),
                               interval_seconds=3600)
    backlog_loop = DueWorkLoop(lambda clock: store_backlog(d, clients, clock))
    return Runtime(settings, engine, sessions, executor, app, due_work, housekeeping, backlog_loop)


def purge(sessions: SessionFactory, now: datetime, retention: timedelta) -> None:
    with sessions.begin() as session:
        removed = purge_older_than(session, now=now, retention=retention)
    if removed:
        log.info("retention: deleted %d closed intros and settled requests older than %s", removed, retention)


def serve(runtime: Runtime) -> None:
    """Serve Slack's requests; the due-work loop runs alongside unless workers run it apart."""
    settings = runtime.settings
    runtime.start_background()
    if settings.slack_app_token is not None:
        serve_socket_mode(runtime.app, settings.slack_app_token.get_secret_value())
        return
    server = make_http_server(wsgi_app(runtime.app, signing_secret=settings.slack_signing_secret.get_secret_value(),
                                       executor=runtime.executor), host="0.0.0.0", port=settings.port)
    # shutdown() waits for serve_forever() to return, so it must not run on the thread serving.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    log.info("Intro Etiquette is listening on http://0.0.0.0:%d/slack/events", settings.port)
    try:
        server.serve_forever()
    finally:
        server.server_close()


# Socket Mode client: slack_sdk's built-in one (Bolt's default SocketModeHandler), chosen over its three others by
# running them against tests/support/fake_socket_mode.py (figures in docs/reliability.md, "Socket Mode"):
# - aiohttp and websockets are asyncio clients, made for AsyncApp and AsyncWebClient (aiohttp): our app, its
#   listeners and the database are synchronous, so either means two more dependencies and a bridge.
# - websocket_client (threads, one dependency) reconnects at once when a connection is closed under it, but
#   asks apps.connections.open (rate limited) three times for each `disconnect` Slack sends, and is started
#   without a pong timeout: a connection gone silent is never replaced, and Slack's retries run out meanwhile.
# - built-in (threads, no dependency): one new connection per `disconnect`; pings every PING_INTERVAL seconds
#   and replaces a connection without a pong for four of them (about 25 s). Its weak spot: a connection closed
#   under it is replaced only after five failed pings (about 30 s, with one core busy meanwhile); Slack sends
#   an envelope that got no ack again, so nothing is lost, only late.
# 5 s is the SDK's own default for this client (Bolt's adapter says 10: slower to notice either failure).
# Every envelope is acked with what app.dispatch returned, after listener middleware kept an intro durably.
PING_INTERVAL = 5.0  # seconds


def socket_mode_handler(app: App, app_token: str, *, ping_interval: float = PING_INTERVAL) -> SocketModeHandler:
    from slack_bolt.adapter.socket_mode.builtin import SocketModeHandler

    return SocketModeHandler(app, app_token, ping_interval=ping_interval)


def serve_socket_mode(app: App, app_token: str) -> None:
    """Connect to Slack over Socket Mode and serve until SIGTERM. Then the connection is closed first, so no new
    envelope arrives, and the caller's Runtime.close() lets the acknowledged work finish."""
    handler = socket_mode_handler(app, app_token)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    handler.connect()  # apps.connections.open, then the websocket: raises when Slack refuses the token
    log.info("Intro Etiquette is running over Socket Mode")
    try:
        while not stop.wait(timeout=1.0):  # a timed wait: the signal handler runs between tries
            pass
    finally:
        handler.close()


def work(runtime: Runtime) -> None:
    """A worker process: only the due-work loop, for deployments that run workers apart from the web."""
    signal.signal(signal.SIGTERM, lambda *_: runtime.due_work.stop())
    log.info("Intro Etiquette worker is running the due-work loop")
    runtime.housekeeping.start()
    runtime.due_work.run_forever()


def start_or_exit(*, migrate: bool) -> Runtime:
    """Settings, logging and the assembled bot; a problem ends the process with lines saying what to fix."""
    try:
        settings = load_settings()
        configure_logging(settings)
        return create_runtime(settings) if migrate else assemble(settings)
    except (SettingsError, StartupError) as error:
        print(f"Intro Etiquette cannot start.\n{error}", file=sys.stderr)
        sys.exit(2)


def main(*, worker: bool = False) -> int:
    runtime = start_or_exit(migrate=True)
    try:
        work(runtime) if worker else serve(runtime)
    except KeyboardInterrupt:
        pass
    finally:
        runtime.close()
    return 0
