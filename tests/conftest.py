"""Shared fixtures: a migrated database per backend, the fake Slack API, and the real app behind HTTP."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from sqlalchemy import Engine, text

from bot.db.engine import SessionFactory, make_engine, make_session_factory
from bot.db.migrate import upgrade_to_head
from bot.db.models import Base

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")

# The test command passes or fails the same way on every run, so property tests draw from a fixed seed.
# HYPOTHESIS_PROFILE=explore draws new examples each run to look for new failures (FUZZ_EXAMPLES for more).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if POSTGRES_URL:
        return
    skip = pytest.mark.skip(reason="TEST_POSTGRES_URL is not set (.ci/run starts a PostgreSQL server and sets it)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def slack_retries_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Web API client still retries 5xx answers and dropped connections as in production, but without its
    backoff (0.5 s, then 1 s), which would only make the suite wait."""
    monkeypatch.setattr(BackoffRetryIntervalCalculator, "calculate_sleep_duration", lambda self, attempt: 0.0)


@pytest.fixture(scope="session")
def migrated_urls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each backend migrated once per run with Alembic, exactly as `python app.py` does."""
    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"}
    if POSTGRES_URL:
        urls["postgres"] = POSTGRES_URL
    for url in urls.values():
        upgrade_to_head(url)
    return urls


def wipe(engine: Engine) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, migrated_urls: dict[str, str]) -> Iterator[str]:
    url = migrated_urls[request.param]
    engine = make_engine(url)
    wipe(engine)
    engine.dispose()
    yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> SessionFactory:
    return make_session_factory(engine)


ROOT = Path(__file__).resolve().parents[1]


def run_in_thread(target: Callable[[], object], name: str) -> threading.Thread:
    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread
