"""Use cases: the one check before anyone acts on a row: it exists in their workspace, and it is theirs."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from bot.services.errors import NotFound, NotYours

M = TypeVar("M")


def own_row(session: Session, model: type[M], row_id: int, *, team_id: str, user_id: str, owner: str) -> M:
    """The row, if it is in `team_id` and its `owner` column is `user_id`; otherwise a kind refusal.

    Another workspace's row reads as not found, so ids reveal nothing across workspaces."""
    row: Any = session.get(model, row_id)
    if row is None or row.team_id != team_id:
        raise NotFound()
    if getattr(row, owner) != user_id:
        raise NotYours()
    return row
