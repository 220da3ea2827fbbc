"""The database locked (SQLite) while intros arrive: Slack is still answered at once, nothing is lost, and
the intros are stored and prompted once the database answers again, without a restart."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from bot.clock import utcnow
from bot.config import load_settings
from bot.db.engine import make_engine, make_session_factory
from bot.db.models import Intro
from bot.domain.nudging import WorkingHours
from bot.slack.deps import Deps
from bot.slack.due_work import run_due_work
from bot.slack.executor import TrackedExecutor
from bot.slack.people import PeopleDirectory
from tests.e2e.conftest import ANA, BEN, CARLA, CHANNEL, SIGNING_SECRET, TEAM, TOKEN, serving
from tests.support import slack_requests as req
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import SignedPoster


@pytest.fixture
def impatient(fake: FakeSlack, db_url: str) -> Iterator[tuple[SignedPoster, TrackedExecutor, Deps, object]]:
    """The app on a SQLite database whose writes give up after 0.2 s of waiting for a lock."""
    if not db_url.startswith("sqlite"):
        pytest.skip("locking is SQLite's way of being unavailable")
    engine = make_engine(db_url, busy_timeout_seconds=0.2)
    d = Deps(sessions=make_session_factory(engine), people=PeopleDirectory())
    settings = load_settings(_env_file=None, slack_bot_token=TOKEN, slack_signing_secret=SIGNING_SECRET,
                             slack_api_url=fake.api_url, database_url=db_url)
    try:
        with serving(settings, d.sessions, deps=d) as (base, executor, app):
            yield SignedPoster(f"{base}/slack/events", SIGNING_SECRET), executor, d, app
    finally:
        engine.dispose()


def test_intros_arriving_while_the_database_is_locked_are_stored_and_prompted_later(
    impatient: tuple[SignedPoster, TrackedExecutor, Deps, object], fake: FakeSlack, db_url: str
) -> None:
    poster, executor, d, app = impatient
    lock = sqlite3.connect(db_url.removeprefix("sqlite:///"), timeout=0)
    lock.execute("BEGIN EXCLUSIVE")  # another process holds the database
    try:
        fake.reset_calls()
        for n, (a, b) in enumerate(((ANA, BEN), (BEN, ANA))):
            event = req.message_event(text=f"<@{a}> meet <@{b}>, round {n}", user=CARLA, channel=CHANNEL,
                                      ts=f"1763800000.00010{n}", team_id=TEAM)
            assert poster.post_event(event).status == 200  # Slack is answered at once
        assert executor.wait_idle(timeout=20)
        assert fake.calls_to("chat.postEphemeral") == []
        assert len(d.backlog) == 2  # kept in memory, not lost
    finally:
        lock.rollback()
        lock.close()

    run_due_work(d, lambda team: app.client, utcnow, WorkingHours())  # type: ignore[attr-defined]

    assert len(d.backlog) == 0
    with d.sessions() as session:
        assert sorted(i.message_ts for i in session.query(Intro)) == ["1763800000.000100", "1763800000.000101"]
    assert len(fake.calls_to("chat.postEphemeral")) == 4  # both people of both intros, once each
