"""Persistence layer: engine and session factory. Sessions are opened by callers, never by services."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

SessionFactory = sessionmaker[Session]
CONNECT_TIMEOUT = 10  # seconds (PostgreSQL)


def make_engine(url: str, *, busy_timeout_seconds: float = 15, **kwargs: Any) -> Engine:
    """`busy_timeout_seconds`: how long a SQLite write waits for another writer before giving up."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_timeout_seconds},
                               **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A pooled connection is tested before use, so the pool recovers by itself after a database outage; a
    # server that does not answer at all fails a connection after CONNECT_TIMEOUT instead of hanging a worker.
    kwargs.setdefault("connect_args", {"connect_timeout": CONNECT_TIMEOUT})
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the HTTP threads read while one writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_session_factory(engine: Engine) -> SessionFactory:
    return sessionmaker(engine, expire_on_commit=False)
