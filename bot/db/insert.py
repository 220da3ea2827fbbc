"""Persistence layer: INSERT ... ON CONFLICT for SQLite and PostgreSQL alike.

The database's unique constraints decide races (a redelivered event, a double
click), not a read-then-write in Python that two threads could both pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def _insert(session: Session, model: type[Any]) -> Any:
    dialect = session.get_bind().dialect.name
    return postgresql.insert(model) if dialect == "postgresql" else sqlite.insert(model)


def insert_or_ignore(
    session: Session, model: type[Any], values: dict[str, Any], *, conflict: Sequence[str]
) -> Any | None:
    """Insert one row; return its primary key, or None when the unique key already exists."""
    statement: Insert = (
        _insert(session, model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(conflict))
        .returning(model.__mapper__.primary_key[0])
    )
    return session.scalar(statement)


def upsert(
    session: Session, model: type[Any], values: dict[str, Any], *, conflict: Sequence[str]
) -> None:
    statement = _insert(session, model).values(**values)
    updates = {k: statement.excluded[k] for k in values if k not in conflict}
    session.execute(statement.on_conflict_do_update(index_elements=list(conflict), set_=updates))


def increment(session: Session, model: type[Any], key: dict[str, Any], *, column: str, extra: dict[str, Any]) -> None:
    """Add one to `column` of the row with primary key `key`, creating it at 1: one statement, so concurrent
    increments never lose a count."""
    statement = _insert(session, model).values(**key, **extra, **{column: 1})
    updates = {column: getattr(model, column) + 1, **{k: statement.excluded[k] for k in extra}}
    session.execute(statement.on_conflict_do_update(index_elements=list(key), set_=updates))
