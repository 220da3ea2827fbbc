"""Shared steps of the real-process kill -9 tests with Slack fast (test_killed_process.py over HTTP,
test_socket_mode.py over Socket Mode): `python app.py` killed while its prompts are going out, then restarted.

With Slack fast the kill lands mid-work: some intros prompted and recorded, some stored with their prompts on the
way (Slack may have taken a prompt the process never recorded), some only in the backlog file, some acknowledged
and still queued for a listener. No prompt is repeated: one that was at Slack when the process died (taken or not:
an ephemeral cannot be looked up) has its reminder an hour on instead (docs/follow-through.md, prompts in doubt).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.db.engine import make_engine, make_session_factory
from bot.db.models import Intro, Nudge, Party
from bot.domain.retry import SEND_LEASE
from bot.domain.states import NudgeKind
from bot.services.intros import PROMPT_IN_FLIGHT
from bot.services.nudges import IN_DOUBT_REMINDER_AFTER
from tests.support.fake_slack import Call, FakeSlack

# The restarted process sends reminders at any hour of any day, so the test does not depend on when it runs.
REMINDERS_AT_ANY_HOUR = {"WORK_DAY_START": "0", "WORK_DAY_END": "24", "NUDGE_ON_WEEKENDS": "true"}

KILL_AT_PROMPT = 10  # of 60: once Slack has taken this many prompts, the next acknowledgement is the last


def time_to_kill(fake: FakeSlack) -> bool:
    """Asked right after each acknowledgement Slack gets: kill now? Once KILL_AT_PROMPT prompts went out, with
    intros still coming: the process dies a moment after it acknowledged one, its prompts going out meanwhile."""
    return len(fake.calls_to("chat.postEphemeral")) >= KILL_AT_PROMPT


def party_of(prompt: Call) -> int:
    """The party a prompt is for: the id its buttons carry."""
    [actions] = [b for b in prompt.params["blocks"] if b["type"] == "actions"]
    return int(actions["elements"][0]["value"])


@dataclass(frozen=True, slots=True)
class AtDeath:
    """The parties' prompts as the dead process left them."""

    recorded: frozenset[int]  # recorded as sent
    in_flight: frozenset[int]  # with Slack when it died: Slack may or may not have shown them


def after_the_kill(db_url: str) -> AtDeath:
    """The dead process's prompts, recorded or with Slack; then five minutes pass for the prompts it stored and
    held. A prompt held by a request (its lease, bot/services/retries.py) is sent by another process once the lease
    runs out; a test cannot wait five real minutes, so those leases are moved back by the lease's length, as the
    clock would have moved past them."""
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine).begin() as session:
            recorded = frozenset(session.scalars(select(Party.id).where(Party.prompted_at.is_not(None))))
            in_flight = frozenset(session.scalars(select(Party.id).where(Party.last_error == PROMPT_IN_FLIGHT)))
            for held in session.scalars(select(Party).where(Party.prompted_at.is_(None), Party.due_at.is_not(None))):
                assert held.due_at is not None
                held.due_at = held.due_at - SEND_LEASE
    finally:
        engine.dispose()
    return AtDeath(recorded, in_flight)


def wait_until_everyone_is_prompted(db_url: str, stamps: list[str], at_death: AtDeath, timeout: float = 120) -> None:
    """Until each intro is stored with both its people recorded as prompted (by the restarted process), then until
    those whose prompt was in doubt had its reminder. That comes an hour on (IN_DOUBT_REMINDER_AFTER); a test cannot
    wait an hour, so those reminders are moved back by it, as the clock would have moved past them."""
    engine = make_engine(db_url)
    sessions = make_session_factory(engine)
    try:
        def prompted() -> bool:
            with sessions.begin() as session:
                stored = set(session.scalars(select(Intro.message_ts)))
                done = session.scalar(select(func.count()).select_from(Party).where(Party.prompted_at.is_not(None)))
            assert done == 2 * len(stamps) or time.monotonic() < deadline, \
                f"{done} of {2 * len(stamps)} people prompted after {timeout}s; intros never stored: " \
                f"{sorted(set(stamps) - stored)}"
            return done == 2 * len(stamps)

        def reminded() -> bool:
            with sessions.begin() as session:
                sent = session.scalar(select(func.count()).select_from(Nudge).where(
                    Nudge.kind == NudgeKind.OPEN_INTRO, Nudge.sent > 0))
            assert sent == len(at_death.in_flight) or time.monotonic() < deadline, \
                f"{sent} of {len(at_death.in_flight)} reminders of prompts in doubt sent after {timeout}s"
            return sent == len(at_death.in_flight)

        deadline = time.monotonic() + timeout
        while not prompted():
            threading.Event().wait(0.1)  # a condition only the other process can change, polled
        with sessions.begin() as session:
            soon = datetime.now(UTC) + 2 * IN_DOUBT_REMINDER_AFTER  # an open intro's own reminder is two days on
            for nudge in session.scalars(select(Nudge).where(Nudge.kind == NudgeKind.OPEN_INTRO, Nudge.sent == 0)):
                if nudge.due_at is not None and nudge.due_at < soon:
                    nudge.due_at = nudge.due_at - IN_DOUBT_REMINDER_AFTER
        deadline = time.monotonic() + timeout
        while not reminded():  # the due-work loop's next tick, at most 30 s on
            threading.Event().wait(0.1)
    finally:
        engine.dispose()


def reminders(fake: FakeSlack) -> list[Call]:
    """The DMs that carry a prompt's buttons: here, the reminders of prompts that were in doubt."""
    return [c for c in fake.calls_to("chat.postMessage")
            if any(b.get("block_id", "").startswith("prompt:") for b in c.params.get("blocks") or [])]


def check_prompted_once(db_url: str, stamps: list[str], *, at_death: AtDeath, by_the_dead: list[Call],
                        fake: FakeSlack) -> None:
    """Every intro Slack sent is stored, and each of its people has its prompt once and never twice: those whose
    prompt was with Slack when the process died (shown or not: no one can tell) get its reminder by DM instead,
    once, and no one else does."""
    prompts = fake.calls_to("chat.postEphemeral")
    sent = Counter(party_of(p) for p in prompts)
    reminded = Counter(party_of(r) for r in reminders(fake))
    assert max(sent.values()) == 1, sorted(party for party, n in sent.items() if n > 1)  # no prompt twice
    assert set(reminded) == at_death.in_flight and max(reminded.values(), default=1) == 1, reminded
    assert not (set(sent) - {party_of(p) for p in by_the_dead}) & at_death.in_flight  # not prompted again
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine).begin() as session:
            assert sorted(session.scalars(select(Intro.message_ts))) == sorted(stamps)  # no intro lost
            parties = session.scalars(select(Party)).all()
            assert len(parties) == 2 * len(stamps) and all(p.prompted_at is not None for p in parties)
            assert set(sent) | set(reminded) == {p.id for p in parties}  # each of them reached
    finally:
        engine.dispose()
