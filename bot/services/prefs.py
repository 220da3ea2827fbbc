"""Use cases: a person's own settings (absent means the default: everything on, in their Slack language)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.insert import upsert
from bot.db.models import UserPrefs
from bot.domain.languages import LANGS
from bot.domain.optin import IntroPolicy, Policy


class Setting(StrEnum):
    """A person's on/off choices; the values are the column names."""

    PROMPTS = "prompts_enabled"
    DIGEST = "digest_enabled"


@dataclass(frozen=True, slots=True)
class Prefs:
    prompts_enabled: bool = True
    digest_enabled: bool = True
    policy: Policy = field(default_factory=Policy)
    language: str | None = None  # one of bot.domain.languages.LANGS; None follows their Slack language


def prefs_of(session: Session, *, team_id: str, user_id: str) -> Prefs:
    row = session.scalar(select(UserPrefs).where(UserPrefs.team_id == team_id, UserPrefs.user_id == user_id))
    if row is None:
        return Prefs()
    return Prefs(row.prompts_enabled, row.digest_enabled,
                 Policy(row.policy, row.busy_until, row.topics, row.policy_note), _known(row.language))


def language_choice(session: Session, *, team_id: str, user_id: str) -> str | None:
    """The language a person chose for the bot's words, or None: follow their Slack language."""
    return _known(session.scalar(select(UserPrefs.language).where(UserPrefs.team_id == team_id,
                                                                  UserPrefs.user_id == user_id)))


def _known(language: str | None) -> str | None:
    """A stored choice the bot no longer speaks reads as no choice."""
    return language if language in LANGS else None


def policy_of(session: Session, *, team_id: str, user_id: str) -> Policy:
    return prefs_of(session, team_id=team_id, user_id=user_id).policy


def save_prefs(session: Session, *, team_id: str, user_id: str, prefs: Prefs, now: datetime) -> None:
    """The whole settings form at once: notifications and the intro policy."""
    policy = prefs.policy
    upsert(session, UserPrefs, {
        "team_id": team_id, "user_id": user_id, "prompts_enabled": prefs.prompts_enabled,
        "digest_enabled": prefs.digest_enabled, "policy": policy.kind,
        "busy_until": policy.busy_until if policy.kind is IntroPolicy.BUSY else None,
        "topics": policy.topics if policy.kind is IntroPolicy.TOPICS else None,
        "policy_note": policy.note, "language": _known(prefs.language), "updated_at": now,
    }, conflict=("team_id", "user_id"))


def prompts_enabled(session: Session, *, team_id: str, user_id: str) -> bool:
    return prefs_of(session, team_id=team_id, user_id=user_id).prompts_enabled


def set_pref(session: Session, *, team_id: str, user_id: str, setting: Setting, enabled: bool, now: datetime) -> None:
    upsert(
        session,
        UserPrefs,
        {"team_id": team_id, "user_id": user_id, setting.value: enabled, "updated_at": now},
        conflict=("team_id", "user_id"),
    )
