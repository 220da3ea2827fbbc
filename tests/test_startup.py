"""`python app.py` as a new user runs it: clear errors for bad settings; otherwise migrate, serve, notice intros."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect

from bot.db.engine import make_engine
from tests.e2e.conftest import ANA, BEN, CHANNEL, SIGNING_SECRET, TEAM, TOKEN, populate
from tests.support import slack_requests as req
from tests.support.app_process import free_port, run_app, serving, slack_env
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import SignedPoster


def test_missing_and_malformed_settings_stop_start_up_with_one_line_each(tmp_path: Path) -> None:
    app = run_app({"SLACK_BOT_TOKEN": "xoxp-user-token", "PORT": "70000"}, tmp_path)
    _, err = app.communicate(timeout=60)
    assert app.returncode == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines[0] == "Intro Etiquette cannot start."
    assert [line.split(" ")[0] for line in lines[1:]] == ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "PORT"]
    assert "must start with xoxb-" in lines[1] and "is missing" in lines[2]
    assert not list(tmp_path.iterdir())  # nothing created


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[FakeSlack, str, Path]]:
    with FakeSlack(team_id=TEAM, tokens=(TOKEN,)) as fake:
        populate(fake)
        port = free_port()
        with serving(slack_env(fake.api_url, token=TOKEN, signing_secret=SIGNING_SECRET, port=port), tmp_path):
            yield fake, f"http://127.0.0.1:{port}", tmp_path


def test_app_py_migrates_the_default_sqlite_file_and_serves_slack(running: tuple[FakeSlack, str, Path]) -> None:
    fake, base, cwd = running
    assert urllib.request.urlopen(f"{base}/healthz", timeout=10).read() == b"ok"
    tables = inspect(make_engine(f"sqlite:///{cwd / 'intro_etiquette.db'}")).get_table_names()
    assert {"alembic_version", "intros", "intro_parties", "closes", "promises"} <= set(tables)

    poster = SignedPoster(f"{base}/slack/events", SIGNING_SECRET)
    event = req.message_event(text=f"<@{ANA}> meet <@{BEN}>!", user="U0CARLA01", channel=CHANNEL,
                              ts="1763800000.000001", team_id=TEAM)
    assert poster.post_event(event).status == 200
    prompts = fake.wait_for("chat.postEphemeral", count=2)
    assert sorted(c.params["user"] for c in prompts) == [ANA, BEN]

    forged = SignedPoster(f"{base}/slack/events", "not-the-secret").post_event(event)
    assert forged.status == 401
