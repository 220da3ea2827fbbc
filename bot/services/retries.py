"""Use cases: the retry record every kind of stored send shares (bot/db/models.py RetryRecord).

Stored work (a prompt, a close, a nudge, a connection) is held with `due_at` as a lease while it is sent;
a failed try is recorded here, the same way for every kind: the next try on the retry schedule
(bot/domain/retry.py), or none when Slack refused for good or the tries ran out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.models import Nudge, Party, RetryRecord
from bot.domain.retry import SEND_LEASE, next_retry

ERROR_LENGTH = 200  # the column's size; Slack's error codes are far shorter


@dataclass(frozen=True, slots=True)
class Retried:
    """A stored row with a retry record: its table, its id, and what else changes when it fails for good
    (a close becomes FAILED)."""

    model: type[RetryRecord]
    row_id: int
    when_failed: Mapping[str, Any] = field(default_factory=dict)


def prompt_retried(party_id: int) -> Retried:
    """A party's prompt's retry record."""
    return Retried(Party, party_id)


def nudge_retried(nudge_id: int) -> Retried:
    """A nudge's (or a held DM's) retry record."""
    return Retried(Nudge, nudge_id)


def held_until(now: datetime) -> datetime:
    """The due time of work stored by a request that sends it right away: the request holds it as a lease,
    and the due-work loop tries it if the request never reports back."""
    return now + SEND_LEASE


def record_failed_try(session: Session, item: Retried, *, error: str, final: bool, now: datetime) -> bool:
    """Record a try Slack did not take; False when it will not be tried again (its error stays on the row)."""
    pk = item.model.__mapper__.primary_key[0]  # type: ignore[attr-defined]
    attempts = (session.scalar(select(item.model.attempts).where(pk == item.row_id)) or 0) + 1
    due_at = None if final else next_retry(attempts, now)
    values: dict[str, Any] = {"attempts": attempts, "due_at": due_at, "last_error": error[:ERROR_LENGTH]}
    if due_at is None:
        values.update(item.when_failed)
    session.execute(update(item.model).where(pk == item.row_id).values(values)
                    .execution_options(synchronize_session=False))
    return due_at is not None
