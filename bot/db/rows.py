"""Persistence layer: how many rows an UPDATE or DELETE changed.

A conditional UPDATE that changes one row is how a race is won (a click, a lease, a settled state), so the
count matters. SQLAlchemy types `Session.execute` as returning a `Result`, but for an UPDATE or DELETE it is
a `CursorResult`, the one that knows its rowcount.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, UpdateBase
from sqlalchemy.orm import Session


def changed(session: Session, statement: UpdateBase) -> int:
    """Run an UPDATE or DELETE; returns how many rows it changed."""
    return cast(CursorResult[Any], session.execute(statement)).rowcount
