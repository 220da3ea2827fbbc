"""Persistence layer: claiming due work so that each item is worked on by one process at a time.

A row is due when its due column is at or before `now`. Claiming moves that
column forward by the lease: other processes skip the row until the lease runs
out, so a process that dies mid-send leaves work that another one picks up
after the lease. PostgreSQL skips rows another transaction is claiming
(`FOR UPDATE SKIP LOCKED`); SQLite runs one writer at a time, which makes the
single UPDATE atomic on its own. Right before working on a row, its lease is
renewed if still held, so a slow batch never works on rows another process took over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.db.rows import changed


@dataclass(frozen=True)
class DueWork:
    """One kind of leased work: rows of `model` due by `due`, among those matching `where`."""

    model: type[Any]
    due: InstrumentedAttribute[datetime | None]
    lease: timedelta
    where: ColumnElement[bool] | None = None

    def claim(self, session: Session, *, now: datetime, limit: int) -> list[int]:
        """Claim up to `limit` due rows, oldest first; returns their ids. Each is leased until now + lease."""
        pk = self.model.__mapper__.primary_key[0]
        due = select(pk).where(self.due <= now).order_by(self.due).limit(limit).with_for_update(skip_locked=True)
        if self.where is not None:
            due = due.where(self.where)
        claimed = session.scalars(
            update(self.model)
            .where(pk.in_(due.scalar_subquery()))
            .values({self.due.key: now + self.lease})
            .returning(pk)
            .execution_options(synchronize_session=False)
        )
        return sorted(claimed)

    def keep(self, session: Session, row_id: int, *, claimed_at: datetime, now: datetime) -> datetime | None:
        """Renew the lease taken at `claimed_at`, if still ours; returns the new lease, or None when another
        process took the row over after ours ran out (then it is theirs to work on)."""
        pk = self.model.__mapper__.primary_key[0]
        until = now + self.lease
        moved = changed(
            session,
            update(self.model).where(pk == row_id, self.due == claimed_at + self.lease)
            .values({self.due.key: until})
            .execution_options(synchronize_session=False),
        )
        return until if moved == 1 else None
