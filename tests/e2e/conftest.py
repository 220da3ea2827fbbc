"""The real app behind its real HTTP endpoint, talking to a fake Slack Web API on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import count
from types import SimpleNamespace
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings, load_settings
from bot.db.engine import SessionFactory
from bot.domain.nudging import WorkingHours
from bot.flows.deps import Deps
from bot.flows.due_work import run_due_work
from bot.flows.people import PeopleDirectory
from bot.slack.app import build_app
from bot.slack.dev_server import make_http_server
from bot.slack.executor import TrackedExecutor
from bot.slack.http import wsgi_app
from tests.conftest import run_in_thread
from tests.support import slack_requests as req
from tests.support.fake_slack import Call, FakeSlack
from tests.support.slack_requests import Response, SignedPoster

SIGNING_SECRET = "test-signing-secret"
TOKEN = "xoxb-test"
TEAM = "T1"
OTHER_TEAM = "T2OTHER"  # a second workspace, for isolation tests
CHANNEL = "C1GENERAL"
SHORTCUT_TS = "1763800000.000500"  # the message the "Close this intro" shortcut is used on, unless told

# A small workspace: an introducer, two people to introduce, a better-placed colleague, a bot, a leaver.
CARLA, ANA, BEN, DIEGO = "U0CARLA01", "U0ANA0001", "U0BEN0001", "U0DIEGO01"
ROBOT, GONE, STRANGER = "U0ROBOT01", "U0GONE001", "U0STRANG1"


@dataclass
class Bot:
    """One running app and its world: post signed requests, wait for the work, look at Slack and the DB."""

    fake: FakeSlack
    poster: SignedPoster
    executor: TrackedExecutor
    sessions: SessionFactory
    settings: Settings
    app: App
    _ts: Any = field(default_factory=lambda: count(1))

    def settle(self) -> None:
        assert self.executor.wait_idle(timeout=20), "listeners did not finish"

    def next_ts(self) -> str:
        return f"1763800000.{next(self._ts):06d}"

    def say(self, text: str, *, user: str = CARLA, channel: str = CHANNEL, thread_ts: str | None = None,
            ts: str | None = None, event_id: str | None = None, retry_num: int | None = None,
            **extra: Any) -> Response:
        envelope = req.message_event(text=text, user=user, channel=channel, ts=ts or self.next_ts(),
                                     team_id=TEAM, thread_ts=thread_ts, event_id=event_id, **extra)
        response = self.poster.post_event(envelope, retry_num=retry_num,
                                          retry_reason="http_timeout" if retry_num else None)
        self.settle()
        return response

    def click(self, **kwargs: Any) -> Response:
        response = self.poster.post_interaction(req.block_action(team_id=TEAM, **kwargs))
        self.settle()
        return response

    def submit(self, **kwargs: Any) -> Response:
        response = self.poster.post_interaction(req.view_submission(team_id=TEAM, **kwargs))
        self.settle()
        return response

    def shortcut(self, **kwargs: Any) -> Response:
        """A message shortcut used on a message (see req.message_action)."""
        response = self.poster.post_interaction(req.message_action(team_id=TEAM, **kwargs))
        self.settle()
        return response

    def use_shortcut(self, *, user: str, text: str, author: str | None = CARLA, channel: str = CHANNEL,
                     ts: str = SHORTCUT_TS, **kwargs: Any) -> dict[str, Any]:
        """Use the "Close this intro" shortcut; return what its modal shows in the end. A small "One moment…" modal
        opens first, before anything else is asked of Slack (its trigger lasts 3 seconds); the answer takes its
        place, by the modal's id."""
        self.fake.reset_calls()
        response = self.shortcut(user=user, channel=channel, message_ts=ts, author=author, text=text,
                                 response_url=self.fake.response_url("short"), **kwargs)
        assert response.status == 200
        first = self.fake.calls[0]
        assert first.method == "views.open" and "One moment" in json.dumps(first.params["view"]), first.method
        [shown] = [c for c in self.fake.calls_to("views.update") if c.params["view_id"] == first.answered["view"]["id"]]
        return dict(shown.params["view"])

    def command(self, text: str, *, user: str = ANA, **kwargs: Any) -> Response:
        response = self.poster.post_command(req.slash_command(text=text, user=user, team_id=TEAM, **kwargs))
        self.settle()
        return response

    def tick(self, clock: FrozenDateTimeFactory, when: datetime) -> list[Call]:
        """Move the frozen clock to `when`, run one tick of the due-work loop, return the DMs it sent."""
        clock.move_to(when)
        self.fake.reset_calls()
        run_due_work(Deps(sessions=self.sessions, people=PeopleDirectory()), lambda team: self.app.client, lambda: when,
                     WorkingHours())
        return [c for c in self.fake.calls_to("chat.postMessage") if c.params["channel"][0] in "DG"]

    def rows(self, model: type[Any]) -> list[Any]:
        with self.sessions() as session:
            return list(session.scalars(select(model).order_by(model.__mapper__.primary_key[0])))

    def session(self) -> Session:
        return self.sessions()


def populate(fake: FakeSlack) -> None:
    for uid, name in ((CARLA, "Carla Reyes"), (ANA, "Ana Silva"), (BEN, "Ben Okafor"), (DIEGO, "Diego Marín"),
                      (STRANGER, "Sam Stranger")):
        first = name.split()[0]
        fake.add_user(uid, name=first.lower(), real_name=name, display_name=first,
                      image_72=f"https://avatars.example/{first.lower()}.png")
    fake.add_user(ROBOT, name="deploybot", real_name="Deploy Bot", is_bot=True)
    fake.add_user(GONE, name="gone", real_name="Gone Person", deleted=True)
    fake.add_channel(CHANNEL, members=[CARLA, ANA, BEN, DIEGO, ROBOT, "UBOT"])


@pytest.fixture
def detector(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What the detector says about the message the shortcut is used on (by default: not an intro, a miss), so
    the shortcut's tests do not depend on its phrasing rules. Set `detector["parties"]` to make it an intro."""
    said: dict[str, Any] = {"parties": None}

    def detect(text: str, *, author_id: str) -> Any:
        return None if said["parties"] is None else SimpleNamespace(parties=tuple(said["parties"]))

    monkeypatch.setattr("bot.flows.closing.shortcut.detect_introduction", detect)
    return said


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(bot_user_id="UBOT", bot_id="BBOT", team_id=TEAM, tokens=(TOKEN,)) as fake:
        populate(fake)
        yield fake


@pytest.fixture
def bot(fake: FakeSlack, db_url: str, sessions: SessionFactory) -> Iterator[Bot]:
    settings = load_settings(
        _env_file=None, slack_bot_token=TOKEN, slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake.api_url, database_url=db_url,
    )
    with serving(settings, sessions) as (base, executor, app):
        fake.reset_calls()  # auth.test at start-up is not what the tests look at
        yield Bot(fake=fake, poster=SignedPoster(f"{base}/slack/events", SIGNING_SECRET), executor=executor,
                  sessions=sessions, settings=settings, app=app)


@contextmanager
def serving(settings: Settings, sessions: SessionFactory, *, deps: Deps | None = None,
            client: WebClient | None = None) -> Iterator[tuple[str, TrackedExecutor, App]]:
    """The app behind its real HTTP endpoint on a free loopback port: (base URL, listener pool, app)."""
    executor = TrackedExecutor(max_workers=8)
    app = build_app(settings, sessions=sessions, executor=executor, deps=deps, client=client)
    server = make_http_server(wsgi_app(app, signing_secret=settings.slack_signing_secret.get_secret_value(),
                                       executor=executor), host="127.0.0.1", port=0)
    # A short poll: shutdown() waits for the serving loop to notice, once per test.
    run_in_thread(lambda: server.serve_forever(poll_interval=0.01), "http")
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", executor, app
    finally:
        server.shutdown()
        server.server_close()
        executor.wait_idle(timeout=10)
        executor.shutdown(wait=True)
