"""Sending due nudges under pressure: racing workers, a worker that dies, and Slack saying no."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, time, timedelta
from threading import Barrier

import pytest
from slack_sdk import WebClient
from sqlalchemy import insert, select

from bot.config import load_settings
from bot.db.engine import SessionFactory, make_engine, make_session_factory
from bot.db.models import Intro, Nudge, Party, Promise
from bot.domain.nudging import WorkingHours
from bot.domain.retry import SEND_LEASE, next_retry
from bot.domain.states import NudgeKind, PartyState, PromiseKind, PromiseState
from bot.flows.deps import Deps
from bot.flows.follow_through import send_due_nudges
from bot.flows.people import PeopleDirectory
from bot.services.nudges import claim_due_nudges
from bot.slack.app import make_client
from tests.support.fake_slack import FakeSlack

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ALWAYS = WorkingHours(start=time(0), end=time(23, 59, 59), weekends=True)
TEAM = "T1"
CHANNEL = "C1GENERAL"
INTRODUCER = "U0CARLA01"
ASKER = "U0ANA0001"  # the other person in every intro: the one the owner promised to redirect


def owner(i: int) -> str:
    return f"U0OWNER{i:03d}"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(team_id=TEAM) as fake:
        fake.add_user(INTRODUCER, name="carla", tz="UTC")
        fake.add_user(ASKER, name="ana", tz="UTC")
        fake.add_channel(CHANNEL, members=[INTRODUCER, ASKER, "UBOT"])
        yield fake


def client_for(fake: FakeSlack, db_url: str) -> WebClient:
    """The production client, with its retry handlers, pointed at the fake."""
    return make_client(load_settings(_env_file=None, slack_bot_token="xoxb-test", slack_signing_secret="s",
                                     slack_api_url=fake.api_url, database_url=db_url))


def make_due_promises(sessions: SessionFactory, fake: FakeSlack, count: int, *, owners: int) -> list[int]:
    """`count` open redirect promises, one intro each, owned round-robin by `owners` people, each with a due nudge.

    Bulk inserts: building 1,000 of them through the services would measure set-up, not the race.
    """
    for i in range(owners):
        fake.add_user(owner(i), name=f"owner{i}", tz="UTC")
    due = NOW - timedelta(hours=1)
    with sessions.begin() as session:
        intro_ids = list(session.scalars(insert(Intro).returning(Intro.id, sort_by_parameter_order=True), [
            {"team_id": TEAM, "channel_id": CHANNEL, "message_ts": f"1763800000.{i:06d}",
             "thread_ts": f"1763800000.{i:06d}", "introducer_id": INTRODUCER, "created_at": due}
            for i in range(count)]))
        party_ids = list(session.scalars(insert(Party).returning(Party.id, sort_by_parameter_order=True), [
            {"team_id": TEAM, "intro_id": intro_id, "user_id": owner(i % owners),
             "state": PartyState.REDIRECTED, "attempts": 0, "updated_at": due}
            for i, intro_id in enumerate(intro_ids)]))
        session.execute(insert(Party), [
            {"team_id": TEAM, "intro_id": intro_id, "user_id": ASKER, "state": PartyState.OPEN,
             "attempts": 0, "updated_at": due} for intro_id in intro_ids])
        promise_ids = list(session.scalars(insert(Promise).returning(Promise.id, sort_by_parameter_order=True), [
            {"team_id": TEAM, "intro_id": intro_id, "party_id": party_id, "kind": PromiseKind.MAKE_REDIRECT,
             "owner_id": owner(i % owners), "target_name": "Someone Better", "due_at": due,
             "state": PromiseState.OPEN, "created_at": due}
            for i, (intro_id, party_id) in enumerate(zip(intro_ids, party_ids, strict=True))]))
        session.execute(insert(Nudge), [
            {"team_id": TEAM, "subject": f"promise:{pid}", "kind": NudgeKind.PROMISE, "user_id": owner(i % owners),
             "promise_id": pid, "due_at": due, "sent": 0, "attempts": 0, "created_at": due}
            for i, pid in enumerate(promise_ids)])
    return promise_ids


def nudged_promise_ids(fake: FakeSlack) -> list[int]:
    """The promise each successful chat.postMessage reminded about, from its actions block."""
    ids = []
    for call in fake.calls_to("chat.postMessage"):
        block_ids = [b.get("block_id", "") for b in call.params.get("blocks") or []]
        ids += [int(b.removeprefix("nudge:")) for b in block_ids if b.startswith("nudge:")]
    return ids


def nudge_rows(sessions: SessionFactory) -> list[Nudge]:
    with sessions() as session:
        return list(session.scalars(select(Nudge).order_by(Nudge.id)))


def send(sessions: SessionFactory, client: WebClient, now: datetime) -> int:
    return send_due_nudges(Deps(sessions=sessions, people=PeopleDirectory()), lambda team: client, lambda: now, ALWAYS)


def test_two_workers_racing_over_1000_due_nudges_send_each_exactly_once(
    sessions: SessionFactory, fake: FakeSlack, db_url: str
) -> None:
    promise_ids = make_due_promises(sessions, fake, 1_000, owners=50)
    start = Barrier(2)
    # The second worker gets its own engine, client and user cache, as a second process would.
    other_engine = make_engine(db_url)

    def worker(worker_sessions: SessionFactory) -> int:
        client = client_for(fake, db_url)
        start.wait()
        return send(worker_sessions, client, NOW)

    try:
        with ThreadPoolExecutor(2) as pool:
            runs = [pool.submit(worker, s) for s in (sessions, make_session_factory(other_engine))]
            counts = [run.result(timeout=120) for run in runs]
    finally:
        other_engine.dispose()

    assert sum(counts) == 1_000
    assert all(counts)  # both took part, so the two really raced
    assert len(fake.calls_to("chat.postMessage")) == 1_000
    reminded = Counter(nudged_promise_ids(fake))
    assert sorted(reminded) == promise_ids and set(reminded.values()) == {1}
    rows = nudge_rows(sessions)
    assert [r.sent for r in rows] == [1] * 1_000
    assert {r.last_error for r in rows} == {None}


def test_a_worker_that_dies_after_claiming_leaves_the_nudge_for_after_the_lease(
    sessions: SessionFactory, fake: FakeSlack, db_url: str
) -> None:
    promise_ids = make_due_promises(sessions, fake, 3, owners=2)
    with sessions.begin() as session:  # the dead worker: claimed and committed, then never sent
        assert len(claim_due_nudges(session, now=NOW)) == 3
    client = client_for(fake, db_url)

    assert send(sessions, client, NOW) == 0
    assert send(sessions, client, NOW + SEND_LEASE - timedelta(seconds=1)) == 0
    assert fake.calls_to("chat.postMessage") == []

    assert send(sessions, client, NOW + SEND_LEASE) == 3
    assert sorted(nudged_promise_ids(fake)) == promise_ids
    assert [r.sent for r in nudge_rows(sessions)] == [1, 1, 1]


def test_slack_answering_429_then_500_then_ok_sends_the_nudge_once(
    sessions: SessionFactory, fake: FakeSlack, db_url: str
) -> None:
    [promise_id] = make_due_promises(sessions, fake, 1, owners=1)
    fake.fail_next("chat.postMessage", status=429, retry_after=0)
    fake.fail_next("chat.postMessage", status=500)  # queued behind the 429

    assert send(sessions, client_for(fake, db_url), NOW) == 1

    tries = fake.calls_to("chat.postMessage", include_failed=True)
    assert [c.failed for c in tries] == [True, True, False]  # retried within the one call
    assert nudged_promise_ids(fake) == [promise_id]
    [row] = nudge_rows(sessions)
    assert (row.sent, row.attempts, row.last_error) == (1, 0, None)


def test_a_nudge_that_slack_keeps_refusing_is_retried_later_then_marked_failed(
    sessions: SessionFactory, fake: FakeSlack, db_url: str
) -> None:
    make_due_promises(sessions, fake, 1, owners=1)
    client = client_for(fake, db_url)
    fake.fail_next("chat.postMessage", status=500, times=3)  # more than the client's own retries

    assert send(sessions, client, NOW) == 0
    [row] = nudge_rows(sessions)
    assert (row.sent, row.attempts, row.last_error) == (0, 1, "slack:500")
    retry_at = next_retry(1, NOW)
    assert retry_at is not None and row.due_at == retry_at > NOW
    assert send(sessions, client, NOW + timedelta(seconds=30)) == 0  # not due again yet
    assert len(fake.calls_to("chat.postMessage", include_failed=True)) == 3

    # Slack now refuses for good: no more tries, and the error stays on the row.
    fake.fail_next("chat.postMessage", error="channel_not_found")
    assert send(sessions, client, retry_at) == 0
    [row] = nudge_rows(sessions)
    assert (row.sent, row.attempts, row.due_at, row.last_error) == (0, 2, None, "slack:channel_not_found")
    assert fake.calls_to("chat.postMessage") == []
    assert send(sessions, client, NOW + timedelta(days=30)) == 0
    assert len(fake.calls_to("chat.postMessage", include_failed=True)) == 4


def test_a_worker_slower_than_its_lease_does_not_send_what_another_worker_took_over(
    sessions: SessionFactory, fake: FakeSlack, db_url: str
) -> None:
    promise_ids = make_due_promises(sessions, fake, 3, owners=1)
    client = client_for(fake, db_url)
    reads = 0

    def slow_clock() -> datetime:
        """Worker A claims at NOW, then stalls past its lease; worker B takes the work over meanwhile."""
        nonlocal reads
        reads += 1
        if reads == 2:  # A has claimed and is about to send its first nudge
            assert send(sessions, client, NOW + SEND_LEASE) == 3  # B: the leases ran out, so B sends
        return NOW if reads == 1 else NOW + SEND_LEASE + timedelta(seconds=1)

    a_sent = send_due_nudges(Deps(sessions=sessions, people=PeopleDirectory()), lambda team: client, slow_clock,
                            ALWAYS)

    assert a_sent == 0  # A renews before each send, finds the rows taken over, and sends nothing
    assert sorted(nudged_promise_ids(fake)) == promise_ids  # each reminded once
    assert [r.sent for r in nudge_rows(sessions)] == [1, 1, 1]
