"""Use cases: a person's own settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.insert import upsert
from bot.db.models import UserPrefs


def prompts_enabled(session: Session, *, team_id: str, user_id: str) -> bool:
    enabled = session.scalar(
        select(UserPrefs.prompts_enabled).where(UserPrefs.team_id == team_id, UserPrefs.user_id == user_id)
    )
    return True if enabled is None else enabled


def set_prompts_enabled(session: Session, *, team_id: str, user_id: str, enabled: bool, now: datetime) -> None:
    upsert(
        session,
        UserPrefs,
        {"team_id": team_id, "user_id": user_id, "prompts_enabled": enabled, "updated_at": now},
        conflict=("team_id", "user_id"),
    )
