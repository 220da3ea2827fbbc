"""Use cases: work that is waiting for a retry or has failed for good, and the live feedback on detection, for
operators (`python -m bot status`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.db.models import Close, Nudge, Party
from bot.domain.states import CloseStatus, Feedback, PartyState


@dataclass(frozen=True, slots=True)
class WorkStatus:
    what: str
    retrying: int
    failed: dict[str, int]  # Slack error code -> how many


def _errors(session: Session, error: InstrumentedAttribute[str | None], where: ColumnElement[bool]) -> dict[str, int]:
    rows = session.execute(select(error, func.count()).where(where).group_by(error))
    return {code or "unknown": count for code, count in rows}


def _count(session: Session, where: ColumnElement[bool]) -> int:
    return session.scalar(select(func.count()).where(where)) or 0


def work_status(session: Session) -> list[WorkStatus]:
    return [
        WorkStatus("closes", _count(session, Close.status == CloseStatus.PENDING),
                   _errors(session, Close.last_error, Close.status == CloseStatus.FAILED)),
        WorkStatus("prompts", _count(session, Party.due_at.is_not(None) & (Party.attempts > 0)),
                   {"undelivered": _count(session, (Party.state == PartyState.OPEN) & Party.prompted_at.is_(None)
                                          & Party.due_at.is_(None))}),
        WorkStatus("nudges", _count(session, Nudge.due_at.is_not(None) & (Nudge.attempts > 0)),
                   _errors(session, Nudge.last_error, Nudge.due_at.is_(None) & Nudge.last_error.is_not(None))),
    ]


def describe_status(statuses: list[WorkStatus]) -> str:
    lines = []
    for status in statuses:
        failed = {code: n for code, n in status.failed.items() if n}
        detail = ", ".join(f"{code} x{n}" for code, n in sorted(failed.items()))
        lines.append(f"{status.what}: {status.retrying} waiting to retry, {sum(failed.values())} failed"
                     + (f" ({detail})" if detail else ""))
    return "\n".join(lines)


def describe_set_aside(errors: dict[str, int]) -> str:
    """The intros this machine's backlog file set aside because the database refused them, by error."""
    detail = ", ".join(f"{error} x{n}" for error, n in sorted(errors.items()))
    return f"intros set aside in the backlog file: {sum(errors.values())}" + (f" ({detail})" if detail else "")


FEEDBACK_LABELS = {
    Feedback.DISMISSED: "prompts dismissed as not an intro",
    Feedback.SHORTCUT_MISSED: "detector misses marked with the shortcut",
}


def describe_feedback(counts: dict[str, dict[Feedback, int]]) -> str:
    """One line per workspace: how often people said a detected intro's prompt was not an intro (false alarms),
    and how often the shortcut marked a message the detector had not read as an intro or was used by someone it
    left out of one (misses). Counters only."""
    if not counts:
        return "detection feedback: nothing counted yet"
    lines = ["detection feedback, per workspace:"]
    for team_id, counted in sorted(counts.items()):
        lines.append(f"  {team_id}: " + ", ".join(f"{counted.get(which, 0)} {label}"
                                                  for which, label in FEEDBACK_LABELS.items()))
    return "\n".join(lines)
