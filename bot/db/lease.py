"""Persistence layer: claiming due work so that each item is worked on by one process at a time.

A row is due when its retry column is at or before `now`. Claiming moves that
column forward by the lease: other processes skip the row until the lease runs
out, so a process that dies mid-send leaves work that another one picks up
after the lease. PostgreSQL skips rows another transaction is claiming
(`FOR UPDATE SKIP LOCKED`); SQLite runs one writer at a time, which makes the
single UPDATE atomic on its own.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session


def claim_due(
    session: Session,
    model: type[Any],
    retry_at: InstrumentedAttribute[datetime | None],
    *,
    now: datetime,
    lease: timedelta,
    limit: int,
    where: ColumnElement[bool] | None = None,
) -> list[int]:
    """Claim up to `limit` due rows, oldest first; returns their ids."""
    pk = model.__mapper__.primary_key[0]
    due = select(pk).where(retry_at <= now).order_by(retry_at).limit(limit).with_for_update(skip_locked=True)
    if where is not None:
        due = due.where(where)
    claimed = session.scalars(
        update(model)
        .where(pk.in_(due.scalar_subquery()))
        .values({retry_at.key: now + lease})
        .returning(pk)
        .execution_options(synchronize_session=False)
    )
    return sorted(claimed)


def renew(
    session: Session,
    model: type[Any],
    retry_at: InstrumentedAttribute[datetime | None],
    row_id: int,
    *,
    held_until: datetime,
    now: datetime,
    lease: timedelta,
) -> datetime | None:
    """Extend a lease still held (its value unchanged since we set it) right before working on the row.

    Returns the new lease, or None when another worker took the row over after our lease ran out:
    then it is theirs to send. Renewing per item keeps a slow batch from outliving its lease.
    """
    pk = model.__mapper__.primary_key[0]
    until = now + lease
    moved = session.execute(
        update(model).where(pk == row_id, retry_at == held_until).values({retry_at.key: until})
        .execution_options(synchronize_session=False)
    ).rowcount
    return until if moved == 1 else None
