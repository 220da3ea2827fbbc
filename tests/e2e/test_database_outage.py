"""The database unavailable while people use the bot: PostgreSQL cut off behind a proxy, SQLite locked by
another process. Slack is still answered at once; intros wait in the backlog file (which outlives a crash),
clicks and forms are told to try again (a form stays open with what was typed); when the database answers
again everything works and the waiting intros are stored and prompted, without a restart."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import make_url

from bot.blocks.ids import Action
from bot.config import load_settings
from bot.db.backlog import Backlog
from bot.db.engine import make_engine, make_session_factory
from bot.db.models import Intro, Party
from bot.domain.nudging import WorkingHours
from bot.domain.states import PartyState
from bot.flows.deps import Deps
from bot.flows.due_work import run_due_work
from bot.flows.people import PeopleDirectory
from bot.runtime import assemble
from bot.scheduler.loop import DueWorkLoop
from bot.services.errors import ServiceError
from tests.e2e.conftest import ANA, BEN, CARLA, CHANNEL, SIGNING_SECRET, TOKEN, Bot, serving
from tests.e2e.steps import introduce, open_modal, submit
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import SignedPoster
from tests.support.tcp_proxy import CuttableProxy

Outage = Callable[[], AbstractContextManager[None]]


@dataclass
class Fragile:
    bot: Bot
    deps: Deps
    outage: Outage

    def due_work(self, deps: Deps | None = None) -> None:
        """One tick of the due-work loop as the bot runs it: a failing tick is logged, never fatal."""
        DueWorkLoop(lambda clock: run_due_work(deps or self.deps, lambda team: self.bot.app.client, clock,
                                               WorkingHours(weekends=True))).run_once()

    def intros_arrive(self, *pairs: tuple[str, str]) -> None:
        for n, (a, b) in enumerate(pairs):
            answer = self.bot.say(f"<@{a}> meet <@{b}>, round {n}", user=CARLA, ts=f"1763800001.00010{n}")
            assert answer.status == 200  # Slack is answered at once

    def stored_intros(self) -> list[str]:
        with self.deps.sessions() as session:
            return sorted(i.message_ts for i in session.query(Intro))


@contextmanager
def _database_for(db_url: str) -> Iterator[tuple[str, Outage]]:
    """The URL the app should use, and how to make that database unavailable for a while."""
    if db_url.startswith("sqlite"):
        @contextmanager
        def locked() -> Iterator[None]:
            lock = sqlite3.connect(db_url.removeprefix("sqlite:///"), timeout=0)
            lock.execute("BEGIN EXCLUSIVE")  # another process holds the database
            try:
                yield
            finally:
                lock.rollback()
                lock.close()

        yield db_url, locked
        return
    url = make_url(db_url)
    with CuttableProxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        @contextmanager
        def cut_off() -> Iterator[None]:
            proxy.cut()
            try:
                yield
            finally:
                proxy.restore()

        yield url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False), cut_off


@pytest.fixture
def fragile(fake: FakeSlack, db_url: str, tmp_path: Path) -> Iterator[Fragile]:
    """The app behind its endpoint, on a database that can become unavailable (SQLite writes give up after
    0.2 s of waiting for a lock, as they would after the default 15 s), with its backlog file."""
    with _database_for(db_url) as (url, outage):
        engine = make_engine(url, busy_timeout_seconds=0.2)
        d = Deps(sessions=make_session_factory(engine), people=PeopleDirectory(),
                 backlog=Backlog(tmp_path / "backlog.db"))
        settings = load_settings(_env_file=None, slack_bot_token=TOKEN, slack_signing_secret=SIGNING_SECRET,
                                 slack_api_url=fake.api_url, database_url=url)
        try:
            with serving(settings, d.sessions, deps=d) as (base, executor, app):
                fake.reset_calls()
                bot = Bot(fake=fake, poster=SignedPoster(f"{base}/slack/events", SIGNING_SECRET),
                          executor=executor, sessions=d.sessions, settings=settings, app=app)
                yield Fragile(bot, d, outage)
        finally:
            engine.dispose()


def test_while_the_database_is_unavailable_nothing_is_lost_and_it_recovers_without_a_restart(
        fragile: Fragile) -> None:
    bot, fake = fragile.bot, fragile.bot.fake
    party_id = introduce(bot)  # before the outage: Ana has a prompt
    view = open_modal(bot, party_id, Action.DIRECT)

    with fragile.outage():
        fake.reset_calls()
        fragile.intros_arrive((ANA, BEN), (BEN, ANA))
        assert fake.calls_to("chat.postEphemeral") == [] and len(fragile.deps.backlog) == 2  # kept

        bot.click(user=ANA, action_id=Action.DISMISS, value=str(party_id), channel=CHANNEL,
                  response_url=fake.response_url("prompt"))
        [reply] = fake.calls_to("response_url:prompt")
        assert reply.params["text"] == ServiceError.message  # "Nothing was lost; please try again in a moment."

        typed = "Thanks Carla! Ben, we're at capacity until January; let's talk then."
        refused = submit(bot, view, draft=typed)
        assert refused.status == 200 and refused.json()["response_action"] == "errors"
        assert list(refused.json()["errors"].values()) == [ServiceError.message]  # the form stays open
        assert fake.calls_to("chat.postMessage") == []

        fragile.due_work()  # fails quietly; the loop goes on
        assert len(fragile.deps.backlog) == 2

    fake.reset_calls()
    fragile.due_work()  # the next tick, with the database back

    assert len(fragile.deps.backlog) == 0
    assert fragile.stored_intros() == ["1763800000.000100", "1763800001.000100", "1763800001.000101"]
    assert len(fake.calls_to("chat.postEphemeral")) == 4  # both people of both waiting intros, once each

    # The same form, sent again as it was left open, now posts; nothing to retype.
    assert submit(bot, view, draft=typed).status == 200
    [close] = fake.calls_to("chat.postMessage")
    assert close.params["channel"] == CHANNEL and "at capacity until January" in str(close.params["blocks"])
    assert [p.state for p in bot.rows(Party) if p.id == party_id] == [PartyState.CLOSED_DIRECT]


def test_intros_waiting_for_the_database_survive_a_crash(fragile: Fragile, tmp_path: Path) -> None:
    with fragile.outage():
        fragile.intros_arrive((ANA, BEN), (BEN, ANA))
        fragile.bot.fake.reset_calls()
    # The process dies with the database still down; its successor opens the same backlog file.
    restarted = Deps(sessions=fragile.deps.sessions, people=PeopleDirectory(), backlog=Backlog(tmp_path / "backlog.db"))
    assert len(restarted.backlog) == 2

    fragile.due_work(restarted)

    assert fragile.stored_intros() == ["1763800001.000100", "1763800001.000101"]
    assert len(fragile.bot.fake.calls_to("chat.postEphemeral")) == 4 and len(restarted.backlog) == 0


def test_a_web_process_stores_its_backlog_even_when_workers_run_the_due_work(
        fragile: Fragile, fake: FakeSlack, db_url: str, tmp_path: Path) -> None:
    """RUN_DUE_WORK=false: workers (maybe on other machines) run the due work, but only this machine can
    reach its backlog file, so the web process itself stores what waits there."""
    with fragile.outage():
        fragile.intros_arrive((ANA, BEN))
    fake.reset_calls()
    settings = load_settings(_env_file=None, slack_bot_token=TOKEN, slack_signing_secret=SIGNING_SECRET,
                             slack_api_url=fake.api_url, database_url=db_url, run_due_work=False,
                             backlog_file=tmp_path / "backlog.db")
    web = assemble(settings)  # the restarted web process
    try:
        web.start_background()
        assert len(fake.wait_for("chat.postEphemeral", 2)) == 2  # Ana and Ben, prompted
    finally:
        web.close()
    assert fragile.stored_intros() == ["1763800001.000100"]
    assert fake.calls_to("chat.postMessage") == []  # the due work itself (nudges, retries) is left to the workers
