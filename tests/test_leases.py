"""Claiming due work: each due row goes to exactly one claimer, and comes back when its lease runs out."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from threading import Barrier

from sqlalchemy import insert

from bot.db.engine import SessionFactory
from bot.db.lease import DueWork
from bot.db.models import Close, Intro, Party
from bot.domain.states import CloseStatus, PartyState

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)
PENDING_LEASED = DueWork(Close, Close.due_at, LEASE, Close.status == CloseStatus.PENDING)


def make_pending_closes(sessions: SessionFactory, count: int, *, due: datetime) -> list[int]:
    with sessions.begin() as session:
        intro = Intro(team_id="T1", channel_id="C1", message_ts="1.0", thread_ts="1.0", introducer_id="U0",
                      created_at=NOW)
        session.add(intro)
        session.flush()
        session.execute(insert(Party), [
            {"team_id": "T1", "intro_id": intro.id, "user_id": f"U{i}", "state": PartyState.CLOSED_DIRECT,
             "attempts": 1, "updated_at": NOW} for i in range(count)])
        party_ids = [p.id for p in intro.parties]
        session.execute(insert(Close), [
            {"team_id": "T1", "party_id": pid, "way": "direct", "text": "thanks", "channel_id": "C1",
             "status": CloseStatus.PENDING, "attempts": 1, "due_at": due, "created_at": NOW}
            for pid in party_ids])
    with sessions() as session:
        return sorted(session.scalars(Close.__table__.select().with_only_columns(Close.id)))


def claim(sessions: SessionFactory, now: datetime, limit: int = 25) -> list[int]:
    with sessions.begin() as session:
        return PENDING_LEASED.claim(session, now=now, limit=limit)


def test_only_due_rows_are_claimed_and_a_lease_hides_them_until_it_expires(sessions: SessionFactory) -> None:
    due = make_pending_closes(sessions, 3, due=NOW)
    assert claim(sessions, NOW - timedelta(seconds=1)) == []  # not due yet
    assert claim(sessions, NOW) == due
    assert claim(sessions, NOW + LEASE - timedelta(seconds=1)) == []  # leased to the first claimer
    assert claim(sessions, NOW + LEASE) == due  # that claimer died: the work comes back


def test_two_workers_racing_claim_each_row_once(sessions: SessionFactory) -> None:
    ids = make_pending_closes(sessions, 400, due=NOW)
    start = Barrier(2)

    def worker() -> list[int]:
        start.wait()
        mine: list[int] = []
        while batch := claim(sessions, NOW, limit=7):
            mine += batch
        return mine

    with ThreadPoolExecutor(2) as pool:
        first, second = pool.submit(worker), pool.submit(worker)
        a, b = first.result(), second.result()
    assert sorted(a + b) == ids  # every row claimed, none twice
    assert not set(a) & set(b)
