"""Use cases: deleting what is stored: a whole workspace (uninstall), one person (on request), and what is
older than the retention period; and exporting one person's data."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import FromClause, Result, delete, exists, or_, select, update
from sqlalchemy.orm import Session

from bot.db.models import Base, Close, Intro, IntroAsk, Nudge, OptInAnswer, OptInRequest, Party, Promise, UserPrefs
from bot.db.rows import changed
from bot.domain.i18n import N_
from bot.domain.optin import AskState, RequestState
from bot.domain.states import PartyState

REMOVED = "U000REMOVED"  # stands in for a person who deleted their data, where others' records named them
# Stored as the name of a better-placed person who deleted their data: an English msgid, so whoever shows a
# promise's target name translates it there with `_()` (a real name is not in the catalog and reads as typed).
LEFT_NAME = N_("someone who has since left")


def delete_workspace(session: Session, *, team_id: str) -> int:
    """Everything stored for a workspace, children first; returns how many rows went."""
    removed = 0
    for table in reversed(Base.metadata.sorted_tables):
        if "team_id" in table.c:
            removed += changed(session, delete(table).where(table.c.team_id == team_id))
    return removed


def purge_older_than(session: Session, *, now: datetime, retention: timedelta) -> int:
    """Closed intros, settled requests and answered asks older than the retention period; open ones stay."""
    cutoff = now - retention
    still_open = exists().where(Party.intro_id == Intro.id, Party.state == PartyState.OPEN)
    intros = changed(session, delete(Intro).where(Intro.created_at < cutoff, ~still_open)
                     .execution_options(synchronize_session=False))
    requests = changed(session, delete(OptInRequest).where(
        OptInRequest.created_at < cutoff, OptInRequest.state != RequestState.ASKING))
    asks = changed(session, delete(IntroAsk).where(
        IntroAsk.created_at < cutoff, IntroAsk.state != AskState.WAITING))
    return intros + requests + asks


def delete_person(session: Session, *, team_id: str, user_id: str) -> int:
    """Everything about one person. Records that belong to others too (an intro they made for two other
    people, a request they answered) stay for those people, with the person's name and words removed."""
    removed = 0
    for deletion in (
        delete(Nudge).where(Nudge.team_id == team_id, Nudge.user_id == user_id),
        delete(Promise).where(Promise.team_id == team_id, Promise.owner_id == user_id),
        delete(Party).where(Party.team_id == team_id, Party.user_id == user_id),  # their closes go with them
        delete(IntroAsk).where(IntroAsk.team_id == team_id,
                               (IntroAsk.requester_id == user_id) | (IntroAsk.introducer_id == user_id)
                               | (IntroAsk.target_id == user_id)),
        delete(UserPrefs).where(UserPrefs.team_id == team_id, UserPrefs.user_id == user_id),
    ):
        removed += changed(session, deletion.execution_options(synchronize_session=False))
    for blanking in (
        update(Intro).where(Intro.team_id == team_id, Intro.introducer_id == user_id).values(introducer_id=REMOVED),
        update(Promise).where(Promise.team_id == team_id, Promise.target_user_id == user_id)
        .values(target_user_id=None, target_name=LEFT_NAME, target_contact=None),
        update(OptInRequest).where(OptInRequest.team_id == team_id, OptInRequest.introducer_id == user_id)
        .values(introducer_id=REMOVED, why=""),
        update(OptInAnswer).where(OptInAnswer.team_id == team_id, OptInAnswer.user_id == user_id)
        .values(user_id=REMOVED, note=None),
        update(IntroAsk).where(IntroAsk.team_id == team_id, IntroAsk.suggested_id == user_id)
        .values(suggested_id=None),
    ):
        removed += changed(session, blanking.execution_options(synchronize_session=False))
    return removed


def export_person(session: Session, *, team_id: str, user_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every stored row that names the person, as plain data, table by table."""
    def rows(table: FromClause, *columns: str) -> list[dict[str, Any]]:
        names_them = or_(*(table.c[column] == user_id for column in columns))
        return _dicts(session.execute(select(table).where(table.c.team_id == team_id, names_them)))

    return {
        "settings": rows(UserPrefs.__table__, "user_id"),
        "intros_you_made": rows(Intro.__table__, "introducer_id"),
        "intros_you_were_in": rows(Party.__table__, "user_id"),
        "closes_you_wrote": _dicts(session.execute(
            select(Close.__table__).join(Party).where(Party.team_id == team_id, Party.user_id == user_id))),
        "promises": rows(Promise.__table__, "owner_id", "target_user_id"),
        "reminders": rows(Nudge.__table__, "user_id"),
        "intro_requests_you_made": rows(OptInRequest.__table__, "introducer_id"),
        "your_answers_to_intro_requests": rows(OptInAnswer.__table__, "user_id"),
        "intros_you_asked_for_or_were_asked": rows(IntroAsk.__table__, "requester_id", "introducer_id", "target_id",
                                                   "suggested_id"),
    }


def _dicts(result: Result[Any]) -> list[dict[str, Any]]:
    return [{key: _plain(value) for key, value in row._mapping.items()} for row in result]


def _plain(value: Any) -> Any:
    """JSON-ready: dates as ISO text, enums as their values."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value.value if isinstance(value, Enum) else value
