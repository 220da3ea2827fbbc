"""Installing in many workspaces through OAuth: the install page, the redirect, tokens encrypted at rest,
each workspace served with its own token, token rotation, and uninstalling."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from bot.config import Settings, SettingsError, load_settings
from bot.db.engine import SessionFactory
from bot.db.models import Installation, Intro
from bot.slack.app import clients_for
from bot.slack.executor import TrackedExecutor
from tests.e2e.conftest import ANA, BEN, CARLA, SIGNING_SECRET, serving
from tests.support import slack_requests as req
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import SignedPoster

KEY = Fernet.generate_key().decode()
TEAM = "T9OAUTH"


@dataclass
class Running:
    fake: FakeSlack
    base: str
    settings: Settings
    sessions: SessionFactory
    poster: SignedPoster
    executor: TrackedExecutor
    app: object


@pytest.fixture
def running(fake: FakeSlack, db_url: str, sessions: SessionFactory) -> Iterator[Running]:
    settings = load_settings(_env_file=None, slack_client_id="111.222", slack_client_secret="client-secret",
                             token_encryption_key=KEY, slack_signing_secret=SIGNING_SECRET,
                             slack_api_url=fake.api_url, database_url=db_url)
    with serving(settings, sessions) as (base, executor, app):
        yield Running(fake, base, settings, sessions, SignedPoster(f"{base}/slack/events", SIGNING_SECRET),
                      executor, app)


def get(url: str, cookie: str | None = None) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read().decode(), {k.lower(): v for k, v in answer.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), {k.lower(): v for k, v in error.headers.items()}


def install(run: Running, *, rotating: bool = False) -> None:
    status, page, headers = get(f"{run.base}/slack/install")
    assert status == 200
    link = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page)
    assert link, page
    assert "client_id=111.222" in link.group(1) and "chat%3Awrite" in link.group(1).replace(":", "%3A")
    state = re.search(r"state=([^&\"]+)", link.group(1)).group(1)  # type: ignore[union-attr]
    cookie = headers["set-cookie"].split(";")[0]  # Bolt ties the state to this browser, too
    run.fake.grant("code-1", team_id=TEAM, installer=CARLA, rotating=rotating)
    status, page, _ = get(f"{run.base}/slack/oauth_redirect?code=code-1&state={state}", cookie=cookie)
    assert status == 200, page


def stored(run: Running) -> Installation:
    with run.sessions() as session:
        row = session.scalar(select(Installation).where(Installation.team_id == TEAM))
        assert row is not None
        return row


def test_a_workspace_installs_and_is_served_with_its_own_token(running: Running) -> None:
    install(running)

    row = stored(running)
    assert (row.bot_user_id, row.installer_user_id) == ("UBOT", CARLA)
    assert "xoxb-" not in row.bot_token  # encrypted at rest
    issued = next(c for c in running.fake.calls_to("oauth.v2.access")).answered["access_token"]
    assert Fernet(KEY.encode()).decrypt(row.bot_token.encode()).decode() == issued

    running.fake.reset_calls()
    event = req.message_event(text=f"<@{ANA}> meet <@{BEN}>!", user=CARLA, channel="C1GENERAL",
                              ts="1763800000.000001", team_id=TEAM)
    assert running.poster.post_event(event).status == 200
    assert running.executor.wait_idle(timeout=20)
    prompts = running.fake.calls_to("chat.postEphemeral")
    assert sorted(c.params["user"] for c in prompts) == [ANA, BEN]
    assert {c.token for c in prompts} == {issued}
    with running.sessions() as session:
        assert [i.team_id for i in session.scalars(select(Intro))] == [TEAM]


def test_a_forged_or_replayed_install_redirect_is_refused(running: Running) -> None:
    install(running)
    running.fake.grant("code-2", team_id="T0EVIL", installer=CARLA)
    status, _, _ = get(f"{running.base}/slack/oauth_redirect?code=code-2&state=made-up", cookie="x=y")
    assert status >= 400
    with running.sessions() as session:
        assert [r.team_id for r in session.scalars(select(Installation))] == [TEAM]


def test_rotating_tokens_are_refreshed_before_they_expire(running: Running) -> None:
    install(running, rotating=True)
    first = stored(running)
    assert first.bot_refresh_token and first.bot_token_expires_at
    with running.sessions.begin() as session:  # the token is about to expire
        session.get_one(Installation, first.id).bot_token_expires_at = datetime.now(UTC) + timedelta(minutes=5)

    client = clients_for(running.settings, running.app)(TEAM)  # type: ignore[arg-type]

    second = stored(running)
    assert second.bot_token_expires_at is not None
    assert second.bot_token != first.bot_token and second.bot_token_expires_at > datetime.now(UTC) + timedelta(hours=11)
    assert client.token == Fernet(KEY.encode()).decrypt(second.bot_token.encode()).decode()
    assert client.auth_test()["ok"] is True


def test_uninstalling_deletes_the_installation(running: Running) -> None:
    install(running)
    envelope = {"token": "t", "team_id": TEAM, "api_app_id": "A1", "type": "event_callback", "event_id": "EvUN",
                "event_time": 1, "event": {"type": "app_uninstalled", "event_ts": "1.0"}}
    assert running.poster.post_event(envelope).status == 200
    assert running.executor.wait_idle(timeout=20)
    with running.sessions() as session:
        assert session.scalars(select(Installation)).all() == []


def test_oauth_needs_an_encryption_key_and_both_client_values() -> None:
    with pytest.raises(SettingsError, match="TOKEN_ENCRYPTION_KEY is missing"):
        load_settings(_env_file=None, slack_client_id="1", slack_client_secret="2", slack_signing_secret="s")
    with pytest.raises(SettingsError, match="go together"):
        load_settings(_env_file=None, slack_bot_token="xoxb-1", slack_client_id="1", slack_signing_secret="s")
    with pytest.raises(SettingsError, match="TOKEN_ENCRYPTION_KEY is invalid"):
        load_settings(_env_file=None, slack_client_id="1", slack_client_secret="2", slack_signing_secret="s",
                      token_encryption_key="not-a-key")
