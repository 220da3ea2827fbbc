"""`kill -9` of `python app.py` right after Slack got its 200s, with Slack slow: no acknowledged intro is lost and
none is prompted twice. A real process on a real database (SQLite and PostgreSQL), signed events over HTTP."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db.engine import make_engine, make_session_factory
from bot.db.models import Intro, Party
from tests.e2e.conftest import ANA, BEN, CARLA, CHANNEL, SIGNING_SECRET, TEAM, TOKEN, populate
from tests.support import slack_requests as req
from tests.support.app_process import AppProcess, free_port, slack_env
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import SignedPoster

INTROS = 30
SLOW_SLACK = 3.0  # seconds each Slack call takes in the first process: its listeners are all mid-call when killed


@pytest.fixture
def slow_slack() -> Iterator[FakeSlack]:
    with FakeSlack(team_id=TEAM, tokens=(TOKEN,), latency=SLOW_SLACK) as fake:
        populate(fake)
        yield fake


def start(fake: FakeSlack, db_url: str, cwd: Path) -> tuple[AppProcess, SignedPoster]:
    port = free_port()
    app = AppProcess(slack_env(fake.api_url, token=TOKEN, signing_secret=SIGNING_SECRET, port=port,
                               DATABASE_URL=db_url), cwd)
    app.wait_serving()
    return app, SignedPoster(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET)


@pytest.mark.matrix  # a real process killed: with the kill matrix, left out of `make test-fast`
def test_a_kill_9_after_the_acknowledgements_loses_no_intro_and_prompts_none_twice(
        slow_slack: FakeSlack, db_url: str, tmp_path: Path) -> None:
    first, poster = start(slow_slack, db_url, tmp_path)
    stamps = [f"1763800{n:03d}.000100" for n in range(INTROS)]
    try:
        for n, ts in enumerate(stamps):
            event = req.message_event(text=f"<@{ANA}> meet <@{BEN}>, you both work on pricing", user=CARLA,
                                      channel=CHANNEL, ts=ts, team_id=TEAM, event_id=f"Ev0KILL{n:03d}")
            assert poster.post_event(event).status == 200  # Slack will never send these again
    finally:
        first.kill()
    assert not slow_slack.calls_to("chat.postEphemeral")  # the dead process prompted no one

    slow_slack.latency = 0.0
    second, _ = start(slow_slack, db_url, tmp_path)  # same database, same backlog file (its working directory)
    try:
        prompts = slow_slack.wait_for("chat.postEphemeral", count=2 * INTROS, timeout=120)
    finally:
        second.stop()

    assert Counter(c.params["user"] for c in prompts) == {ANA: INTROS, BEN: INTROS}
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine).begin() as session:
            assert sorted(session.scalars(select(Intro.message_ts))) == stamps
            parties = session.scalars(select(Party)).all()
            assert len(parties) == 2 * INTROS and all(p.prompted_at is not None for p in parties)
    finally:
        engine.dispose()
    assert "Traceback" not in "".join(first.log + second.log)
