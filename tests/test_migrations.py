"""Alembic migrations: upgrade from empty, downgrade and upgrade again, and the models match them."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from bot.db.engine import make_engine
from bot.db.migrate import downgrade_to, upgrade_to_head
from bot.db.models import Base

TABLES = {"intros", "intro_parties", "closes", "promises", "user_prefs"}


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def _differences(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()


def test_upgrade_from_empty_then_down_and_up_again(db_url: str) -> None:
    assert _tables(db_url) >= TABLES  # db_url is already at head
    downgrade_to(db_url, "base")
    assert _tables(db_url) == set()
    upgrade_to_head(db_url)
    assert _tables(db_url) >= TABLES


def test_models_match_the_migrations(db_url: str) -> None:
    assert _differences(db_url) == []
