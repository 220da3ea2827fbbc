"""Shared steps of the real-process kill -9 tests with Slack fast (test_killed_process.py over HTTP,
test_socket_mode.py over Socket Mode): `python app.py` killed while its prompts are going out, then restarted.

With Slack fast the kill lands mid-work: some intros prompted and recorded, some stored with their prompts on the
way (Slack may have taken a prompt the process never recorded), some only in the backlog file, some acknowledged
and still queued for a listener. What may be repeated is exactly the window docs/follow-through.md names: a
prompt Slack took before the death that the dead process never recorded (an ephemeral cannot be looked up).
"""

from __future__ import annotations

import threading
import time
from collections import Counter

from sqlalchemy import func, select

from bot.db.engine import make_engine, make_session_factory
from bot.db.models import Intro, Party
from bot.domain.retry import SEND_LEASE
from tests.support.fake_slack import Call, FakeSlack

KILL_AT_PROMPT = 10  # of 60: once Slack has taken this many prompts, the next acknowledgement is the last


def time_to_kill(fake: FakeSlack) -> bool:
    """Asked right after each acknowledgement Slack gets: kill now? Once KILL_AT_PROMPT prompts went out, with
    intros still coming: the process dies a moment after it acknowledged one, its prompts going out meanwhile."""
    return len(fake.calls_to("chat.postEphemeral")) >= KILL_AT_PROMPT


def party_of(prompt: Call) -> int:
    """The party a prompt is for: the id its buttons carry."""
    [actions] = [b for b in prompt.params["blocks"] if b["type"] == "actions"]
    return int(actions["elements"][0]["value"])


def after_the_kill(db_url: str) -> frozenset[int]:
    """The parties whose prompt the dead process had recorded as sent; then five minutes pass for the prompts
    it stored and held. A prompt held by a request (its lease, bot/services/retries.py) is sent by another
    process once the lease runs out; a test cannot wait five real minutes, so those leases are moved back by
    the lease's length, as the clock would have moved past them."""
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine).begin() as session:
            recorded = frozenset(session.scalars(select(Party.id).where(Party.prompted_at.is_not(None))))
            for held in session.scalars(select(Party).where(Party.prompted_at.is_(None), Party.due_at.is_not(None))):
                assert held.due_at is not None
                held.due_at = held.due_at - SEND_LEASE
    finally:
        engine.dispose()
    return recorded


def wait_until_everyone_is_prompted(db_url: str, stamps: list[str], timeout: float = 120) -> None:
    """Until each intro is stored with both its people recorded as prompted (by the restarted process)."""
    engine = make_engine(db_url)
    deadline = time.monotonic() + timeout
    try:
        while True:
            with make_session_factory(engine).begin() as session:
                stored = set(session.scalars(select(Intro.message_ts)))
                done = session.scalar(select(func.count()).select_from(Party).where(Party.prompted_at.is_not(None)))
            if done == 2 * len(stamps):
                return
            assert time.monotonic() < deadline, \
                f"{done} of {2 * len(stamps)} people prompted after {timeout}s; intros never stored: " \
                f"{sorted(set(stamps) - stored)}"
            threading.Event().wait(0.1)  # a condition only the other process can change, polled
    finally:
        engine.dispose()


def check_prompted_once(db_url: str, stamps: list[str], *, recorded_at_death: frozenset[int],
                        by_the_dead: list[Call], prompts: list[Call]) -> None:
    """Every intro Slack sent is stored and each of its people prompted once; twice only where the dead process's
    prompt reached Slack and was never recorded (the window in docs/follow-through.md), never more."""
    sent = Counter(party_of(p) for p in prompts)
    twice = {party for party, n in sent.items() if n > 1}
    assert max(sent.values()) <= 2, sent
    assert twice <= {party_of(p) for p in by_the_dead} - recorded_at_death, sorted(twice)  # only the window
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine).begin() as session:
            assert sorted(session.scalars(select(Intro.message_ts))) == sorted(stamps)  # no intro lost
            parties = session.scalars(select(Party)).all()
            assert len(parties) == 2 * len(stamps) and all(p.prompted_at is not None for p in parties)
            assert set(sent) == {p.id for p in parties}  # each of them prompted, the recorded ones included
    finally:
        engine.dispose()
