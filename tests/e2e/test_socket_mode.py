"""Socket Mode end to end: the app's Socket Mode client (bot/runtime.py) connected to a websocket stand-in for
Slack's endpoint (tests/support/fake_socket_mode.py), which apps.connections.open on the fake Web API points it at.

The same flows as over HTTP: an intro is prompted, a prompt's button opens the close modal and its submission
posts the close in the thread, Slack's redelivery of an envelope prompts no one twice; the connection survives
Slack's `disconnect` and a dropped socket; and `python app.py` killed -9 with intros in flight loses no acked
intro: with Slack slow, killed right after its acks, it prompts none twice and takes the envelope it never acked
when Slack sends it again; with Slack fast, killed right after an ack while the prompts go out
(tests/e2e/killed.py), it prompts none twice (a prompt in doubt has its reminder instead).
SQLite and PostgreSQL (db_url).
"""

from __future__ import annotations

import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode.builtin import SocketModeHandler
from sqlalchemy import select

from bot.blocks.ids import CLOSE_MODAL, Action
from bot.config import load_settings
from bot.db.engine import SessionFactory, make_engine, make_session_factory
from bot.db.models import Close, Intro, Party
from bot.domain.states import CloseStatus
from bot.runtime import PING_INTERVAL, socket_mode_handler
from bot.slack.app import build_app
from bot.slack.executor import TrackedExecutor
from tests.e2e.conftest import ANA, BEN, CARLA, CHANNEL, SIGNING_SECRET, TEAM, TOKEN, populate
from tests.e2e.killed import (
    REMINDERS_AT_ANY_HOUR,
    after_the_kill,
    check_prompted_once,
    time_to_kill,
    wait_until_everyone_is_prompted,
)
from tests.e2e.modal import state_of
from tests.e2e.steps import PROMPT_BUTTONS, all_text, buttons
from tests.support import slack_requests as req
from tests.support.app_process import AppProcess
from tests.support.fake_slack import FakeSlack
from tests.support.fake_socket_mode import Ack, FakeSocketMode

APP_TOKEN = "xapp-1-A1-1-socketmodetest"
INTRO = f"<@{ANA}> meet <@{BEN}>, you both work on pricing"


@dataclass
class SocketBot:
    """The app connected over Socket Mode: Slack sends envelopes, the app acks them and does the work."""

    fake: FakeSlack
    socket: FakeSocketMode
    executor: TrackedExecutor
    sessions: SessionFactory
    handler: SocketModeHandler
    _ts: Any = field(default_factory=lambda: count(100))

    def settle(self) -> None:
        # An event's listener is handed to the pool before its ack is sent: waiting on the ack, then on the
        # pool, waits for all the envelope's work.
        assert self.executor.wait_idle(timeout=20), "listeners did not finish"

    def deliver(self, envelope_id: str) -> Ack:
        ack = self.socket.wait_for_ack(envelope_id)
        self.settle()
        return ack

    def say(self, text: str, *, ts: str | None = None, event_id: str | None = None) -> str:
        """Carla posts `text` in the channel; returns the envelope's id once the app has acked it and done its work."""
        envelope = req.message_event(text=text, user=CARLA, channel=CHANNEL, ts=ts or self.next_ts(), team_id=TEAM,
                                     event_id=event_id)
        envelope_id = self.socket.send_event(envelope)
        self.deliver(envelope_id)
        return envelope_id

    def click(self, **kwargs: Any) -> Ack:
        return self.deliver(self.socket.send_interaction(req.block_action(team_id=TEAM, **kwargs)))

    def submit(self, **kwargs: Any) -> Ack:
        return self.deliver(self.socket.send_interaction(req.view_submission(team_id=TEAM, **kwargs)))

    def next_ts(self) -> str:
        return f"1763800000.{next(self._ts):06d}"

    def prompts(self) -> list[Any]:
        return self.fake.calls_to("chat.postEphemeral")

    def wait_for_a_pong(self, timeout: float = 30) -> None:
        """Until the client has had a pong to one of its pings: the built-in client measures silence from the
        last one (a connection silent from its very start is not replaced: docs/reliability.md)."""
        session = self.handler.client.current_session
        deadline = time.monotonic() + timeout
        while session is None or session.last_ping_pong_time is None:
            assert time.monotonic() < deadline, "the client had no pong"
            threading.Event().wait(0.05)  # a condition only the client's own thread can change, polled


@pytest.fixture
def socket() -> Iterator[FakeSocketMode]:
    with FakeSocketMode() as socket:
        yield socket


@pytest.fixture
def ping_interval() -> float:
    return PING_INTERVAL  # what `python app.py` uses; a test may say otherwise, by parametrizing this name


@pytest.fixture
def socket_bot(fake: FakeSlack, socket: FakeSocketMode, db_url: str, sessions: SessionFactory,
               ping_interval: float) -> Iterator[SocketBot]:
    fake.serve_socket_mode(socket.url, APP_TOKEN)
    settings = load_settings(_env_file=None, slack_bot_token=TOKEN, slack_signing_secret=SIGNING_SECRET,
                             slack_app_token=APP_TOKEN, slack_api_url=fake.api_url, database_url=db_url)
    executor = TrackedExecutor(max_workers=8)
    handler = socket_mode_handler(build_app(settings, sessions=sessions, executor=executor), APP_TOKEN,
                                  ping_interval=ping_interval)
    handler.connect()  # as bot/runtime.py serve_socket_mode does
    socket.wait_connected()
    fake.reset_calls()  # auth.test and apps.connections.open at start-up are not what the tests look at
    try:
        yield SocketBot(fake, socket, executor, sessions, handler)
    finally:
        # Slack's side goes first, so the client's read ends now rather than at its 3 s receive timeout.
        handler.client.auto_reconnect_enabled = False
        socket.drop()
        handler.close()
        executor.wait_idle(timeout=10)
        executor.shutdown(wait=True)


def party_of(bot: SocketBot, user: str) -> int:
    """The party id the prompt's buttons carry."""
    [prompt] = [c for c in bot.prompts() if c.params["user"] == user]
    return int(prompt.params["blocks"][1]["elements"][0]["value"])


# ---- the flows, as over HTTP ------------------------------------------------------------------------------------

def test_an_intro_sent_over_socket_mode_prompts_both_people_privately(socket_bot: SocketBot) -> None:
    envelope_id = socket_bot.say(INTRO)

    assert socket_bot.socket.wait_for_ack(envelope_id).payload in (None, {})  # an event's ack carries nothing
    prompts = socket_bot.prompts()
    assert sorted(c.params["user"] for c in prompts) == [ANA, BEN]
    assert all(c.params["channel"] == CHANNEL and buttons(c.params["blocks"]) == PROMPT_BUTTONS for c in prompts)


def test_a_prompt_button_opens_the_close_modal_and_the_submitted_close_is_posted_in_the_thread(
        socket_bot: SocketBot) -> None:
    intro_ts = socket_bot.next_ts()
    socket_bot.say(INTRO, ts=intro_ts)
    party_id = party_of(socket_bot, ANA)

    socket_bot.fake.reset_calls()
    socket_bot.click(user=ANA, action_id=Action.DIRECT, value=str(party_id), channel=CHANNEL,
                     response_url=socket_bot.fake.response_url("prompt"))
    [opened] = socket_bot.fake.calls_to("views.open")
    view = opened.params["view"]
    assert view["title"]["text"] == "Close directly"

    socket_bot.fake.reset_calls()
    ack = socket_bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"],
                            values=state_of(view, reason="no_capacity", draft="Thanks Carla! Ben, we're at "
                                            "capacity this quarter; reach out again in January."),
                            view_extra={"blocks": view["blocks"]})

    assert ack.payload in (None, {})  # the modal closes: no errors, no update
    [close] = socket_bot.fake.calls_to("chat.postMessage")
    assert close.params["channel"] == CHANNEL and close.params["thread_ts"] == intro_ts
    assert close.params["username"] == "Ana" and "reach out again in January" in all_text(close.params["blocks"])
    with socket_bot.sessions() as session:
        [stored] = session.scalars(select(Close)).all()
        assert stored.status is CloseStatus.POSTED and stored.thread_ts == intro_ts


def test_an_envelope_slack_sends_again_prompts_no_one_twice(socket_bot: SocketBot) -> None:
    envelope_id = socket_bot.say(INTRO, event_id="Ev0SOCKETRETRY")
    assert len(socket_bot.prompts()) == 2

    socket_bot.socket.redeliver(envelope_id)  # Slack did not get (or did not believe) the ack
    socket_bot.socket.wait_for_ack(envelope_id, count=2)
    socket_bot.settle()

    assert sorted(c.params["user"] for c in socket_bot.prompts()) == [ANA, BEN]  # still one prompt each
    with socket_bot.sessions() as session:
        assert len(session.scalars(select(Intro)).all()) == 1


@pytest.mark.parametrize("reason", ["refresh_requested", "warning"])
def test_after_slack_asks_for_a_new_connection_the_bot_reconnects_once_and_intros_still_reach_people(
        socket_bot: SocketBot, reason: str) -> None:
    socket = socket_bot.socket
    old = socket.disconnect(reason=reason)

    socket.wait_connected(count=2)
    socket.wait_closed(old)  # the bot leaves the old connection
    [opened] = socket_bot.fake.calls_to("apps.connections.open")  # one new connection, asked for once
    assert opened.token == APP_TOKEN
    envelope_id = socket_bot.say(INTRO)

    assert socket.wait_for_ack(envelope_id).connection == 2
    assert sorted(c.params["user"] for c in socket_bot.prompts()) == [ANA, BEN]
    assert socket.opened == 2


# Seconds a replaced connection may take in these tests, at a 0.5 s ping interval (about 3 s alone; the bound is
# for a loaded machine: the client's own timers and a 3 s socket read stand between the ping and the reconnect).
RECONNECT_LIMIT = 60


@pytest.mark.parametrize("ping_interval", [0.5])  # the built-in client notices only after five failed pings
def test_after_the_connection_is_dropped_the_bot_reconnects_and_intros_still_reach_people(
        socket_bot: SocketBot, ping_interval: float) -> None:
    socket = socket_bot.socket
    old = socket.drop()

    socket.wait_connected(count=2, timeout=RECONNECT_LIMIT)
    socket.wait_closed(old)
    envelope_id = socket_bot.say(INTRO)

    assert socket.wait_for_ack(envelope_id).connection == 2
    assert sorted(c.params["user"] for c in socket_bot.prompts()) == [ANA, BEN]


@pytest.mark.parametrize("ping_interval", [0.5])  # a connection with no pong for four pings is replaced
def test_a_connection_gone_silent_is_replaced_and_intros_still_reach_people(
        socket_bot: SocketBot, ping_interval: float) -> None:
    socket = socket_bot.socket
    socket_bot.wait_for_a_pong()
    socket.freeze()  # no close, no pong: as when the network loses it without a word

    socket.wait_connected(count=2, timeout=RECONNECT_LIMIT)
    envelope_id = socket_bot.say(INTRO)

    assert socket.wait_for_ack(envelope_id).connection == 2
    assert sorted(c.params["user"] for c in socket_bot.prompts()) == [ANA, BEN]


# ---- kill -9: `python app.py` over Socket Mode ------------------------------------------------------------------

INTROS = 30
SLOW_SLACK = 3.0  # seconds each Slack call takes in the first process: its listeners are all mid-call when killed


@pytest.fixture
def slow_slack(socket: FakeSocketMode) -> Iterator[FakeSlack]:
    with FakeSlack(team_id=TEAM, tokens=(TOKEN,), latency=SLOW_SLACK) as fake:
        populate(fake)
        fake.serve_socket_mode(socket.url, APP_TOKEN)
        yield fake


def start(fake: FakeSlack, socket: FakeSocketMode, db_url: str, cwd: Path, **more: str) -> AppProcess:
    """`python app.py` with SLACK_APP_TOKEN, returned once its Socket Mode connection is open."""
    connections = socket.opened + 1
    app = AppProcess({"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_APP_TOKEN": APP_TOKEN,
                      "DATABASE_URL": db_url, "SLACK_API_URL": fake.api_url, **more}, cwd)
    try:
        socket.wait_connected(count=connections, timeout=60)
    except AssertionError:
        app.stop()
        raise AssertionError(f"the bot did not connect:\n{''.join(app.log)}") from None
    return app


@pytest.mark.matrix  # a real process killed: with the kill matrix, left out of `make test-fast`
def test_a_kill_9_after_the_acks_loses_no_intro_prompts_none_twice_and_an_unacked_envelope_comes_again(
        slow_slack: FakeSlack, socket: FakeSocketMode, db_url: str, tmp_path: Path) -> None:
    first = start(slow_slack, socket, db_url, tmp_path)
    stamps = [f"1763800{n:03d}.000100" for n in range(INTROS + 1)]
    try:
        for n, ts in enumerate(stamps[:INTROS]):
            socket.send_event(req.message_event(text=INTRO, user=CARLA, channel=CHANNEL, ts=ts, team_id=TEAM,
                                                event_id=f"Ev0SOCK{n:03d}"))
        socket.wait_for_acks(INTROS)  # Slack will never send these again
        # One more intro reaches the process, but it never answers: frozen, then killed.
        first.process.send_signal(signal.SIGSTOP)
        unacked = socket.send_event(req.message_event(text=INTRO, user=CARLA, channel=CHANNEL, ts=stamps[INTROS],
                                                      team_id=TEAM, event_id="Ev0SOCKLAST"))
    finally:
        first.kill()
    assert not slow_slack.calls_to("chat.postEphemeral")  # the dead process prompted no one
    assert socket.unacked() == [unacked]

    slow_slack.latency = 0.0
    second = start(slow_slack, socket, db_url, tmp_path)  # same database, same backlog file (its working directory)
    try:
        socket.redeliver(unacked)  # Slack retries what got no ack
        assert socket.wait_for_ack(unacked).connection == 2
        prompts = slow_slack.wait_for("chat.postEphemeral", count=2 * (INTROS + 1), timeout=120)
    finally:
        second.stop()  # SIGTERM: the connection closes, the work in flight finishes

    assert Counter(c.params["user"] for c in prompts) == {ANA: INTROS + 1, BEN: INTROS + 1}
    assert len(slow_slack.calls_to("chat.postEphemeral")) == 2 * (INTROS + 1)  # and none came after
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine).begin() as session:
            assert sorted(session.scalars(select(Intro.message_ts))) == stamps
            parties = session.scalars(select(Party)).all()
            assert len(parties) == 2 * (INTROS + 1) and all(p.prompted_at is not None for p in parties)
    finally:
        engine.dispose()
    assert "Traceback" not in "".join(first.log + second.log)


@pytest.fixture
def fast_slack(socket: FakeSocketMode) -> Iterator[FakeSlack]:
    with FakeSlack(team_id=TEAM, tokens=(TOKEN,)) as fake:
        populate(fake)
        fake.serve_socket_mode(socket.url, APP_TOKEN)
        yield fake


@pytest.mark.matrix  # a real process killed: with the kill matrix, left out of `make test-fast`
def test_a_kill_9_while_prompts_go_out_to_a_fast_slack_loses_no_acked_intro_and_prompts_none_twice(
        fast_slack: FakeSlack, socket: FakeSocketMode, db_url: str, tmp_path: Path) -> None:
    first = start(fast_slack, socket, db_url, tmp_path)
    stamps = [f"1763801{n:03d}.000100" for n in range(INTROS)]
    envelopes = [req.message_event(text=INTRO, user=CARLA, channel=CHANNEL, ts=ts, team_id=TEAM,
                                   event_id=f"Ev0SOCKFAST{n:03d}") for n, ts in enumerate(stamps)]
    acked = 0
    try:
        for envelope in envelopes:  # one envelope after another, while the prompts go out
            socket.wait_for_ack(socket.send_event(envelope))
            acked += 1
            if time_to_kill(fast_slack):
                break
    finally:
        first.kill()
    at_death = after_the_kill(db_url)

    restarted = time.perf_counter()
    second = start(fast_slack, socket, db_url, tmp_path,  # same database, same backlog file (its working directory)
                   **REMINDERS_AT_ANY_HOUR)
    try:
        for envelope in envelopes[acked:]:  # the envelopes Slack had not sent yet
            assert socket.wait_for_ack(socket.send_event(envelope)).connection == 2
        wait_until_everyone_is_prompted(db_url, stamps, at_death)
    finally:
        second.stop()

    check_prompted_once(db_url, stamps, at_death=at_death, fake=fast_slack,
                        by_the_dead=[p for p in fast_slack.calls_to("chat.postEphemeral") if p.received < restarted])
    assert "Traceback" not in "".join(first.log + second.log)
