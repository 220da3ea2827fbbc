"""Use cases: keeping the promises that closes create."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.db.models import Promise, PromiseKind, PromiseState


def mark_relayed(session: Session, *, team_id: str, party_id: int, introducer_id: str, now: datetime) -> bool:
    """The introducer passed a decline on. False when there was nothing open for them to keep."""
    kept = session.execute(
        update(Promise)
        .where(
            Promise.team_id == team_id,
            Promise.party_id == party_id,
            Promise.kind == PromiseKind.RELAY_DECLINE,
            Promise.owner_id == introducer_id,
            Promise.state == PromiseState.OPEN,
        )
        .values(state=PromiseState.KEPT, resolved_at=now)
    ).rowcount
    return kept > 0
