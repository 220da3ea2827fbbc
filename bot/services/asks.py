"""Use cases: asking someone for an intro (`/intro ask`), and what the introducer does with it.

The request to the introducer, and a decline or suggestion back to the requester, are each stored with a
nudge that its sender holds while it sends it right away: one Slack does not take is retried, and one whose
sender dies is sent, by the due-work loop.

"You'll hear back either way" is kept by two more nudges stored with the request: one reminder to the
introducer at 72 hours, and its expiry at a week, when the requester is told it is not going ahead. Both are
rows with a due time (restart-safe, claimed with a lease); an answer before then makes them end quietly."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.models import IntroAsk
from bot.db.rows import changed
from bot.domain.i18n import _
from bot.domain.optin import AskState
from bot.domain.retry import SEND_LEASE
from bot.domain.states import NudgeKind
from bot.services.access import own_row
from bot.services.ask_view import ASK_EXPIRES_AFTER, ASK_REMINDER_AFTER, AskView, view_of_ask
from bot.services.errors import Settled
from bot.services.nudges import schedule, schedule_digest

__all__ = ["AskSettled", "AskView", "answer_ask", "create_ask", "expire_ask", "load_ask", "record_ask_message",
           "settle_ask"]


class AskSettled(Settled):
    @property
    def message(self) -> str:  # type: ignore[override]
        if self.state == AskState.EXPIRED:
            return _("This intro request expired after a week without an answer, and I've told them it isn't "
                     "going ahead. Nothing more to do.")
        return _("You've already answered this intro request. Nothing more to do.")


def create_ask(session: Session, *, team_id: str, requester_id: str, introducer_id: str, target_id: str, why: str,
               now: datetime) -> tuple[AskView, int | None]:
    """Store the request; returns it and the nudge that delivers it to the introducer, held for the caller.

    Asking again for the same intro while it waits (no reply came, or a double submit) is the same request:
    nothing new is stored or held (None), so the introducer is not asked twice."""
    waiting = session.scalar(select(IntroAsk).where(
        IntroAsk.team_id == team_id, IntroAsk.requester_id == requester_id, IntroAsk.introducer_id == introducer_id,
        IntroAsk.target_id == target_id, IntroAsk.state == AskState.WAITING).order_by(IntroAsk.id).limit(1))
    if waiting is not None:
        return view_of_ask(waiting), None
    ask = IntroAsk(team_id=team_id, requester_id=requester_id, introducer_id=introducer_id, target_id=target_id,
                   why=why, state=AskState.WAITING, created_at=now)
    session.add(ask)
    session.flush()
    held = schedule(session, team_id=team_id, subject=f"ask:{ask.id}", kind=NudgeKind.ASK, user_id=introducer_id,
                    due_at=now + SEND_LEASE, ask_id=ask.id, now=now)
    schedule(session, team_id=team_id, subject=f"ask-reminder:{ask.id}", kind=NudgeKind.ASK_REMINDER,
             user_id=introducer_id, due_at=now + ASK_REMINDER_AFTER, ask_id=ask.id, now=now)
    schedule(session, team_id=team_id, subject=f"ask-expiry:{ask.id}", kind=NudgeKind.ASK_EXPIRY,
             user_id=requester_id, due_at=now + ASK_EXPIRES_AFTER, ask_id=ask.id, now=now)
    for person in (introducer_id, requester_id):  # both see it in their weekly digest while it waits
        schedule_digest(session, team_id=team_id, user_id=person, now=now)
    return view_of_ask(ask), held


def record_ask_message(session: Session, *, ask_id: int, channel_id: str, ts: str, reminder: bool) -> None:
    """Where the request (or its reminder) reached the introducer, to retire its buttons later."""
    where = {"dm_channel_id": channel_id, "reminder_ts" if reminder else "dm_ts": ts}
    session.execute(update(IntroAsk).where(IntroAsk.id == ask_id).values(**where))


def expire_ask(session: Session, *, ask_id: int, now: datetime) -> AskView | None:
    """A week without an answer: the request is released. None if it was answered meanwhile (that answer won)."""
    if changed(session, update(IntroAsk).where(IntroAsk.id == ask_id, IntroAsk.state == AskState.WAITING)
               .values(state=AskState.EXPIRED, resolved_at=now)) != 1:
        return None
    ask = session.get(IntroAsk, ask_id)
    assert ask is not None
    session.refresh(ask)
    return view_of_ask(ask)


def load_ask(session: Session, *, team_id: str, ask_id: int, introducer_id: str) -> AskView:
    """The request as its introducer sees it; anyone else is refused; an answered one says so."""
    ask = own_row(session, IntroAsk, ask_id, team_id=team_id, user_id=introducer_id, owner="introducer_id")
    if ask.state is not AskState.WAITING:
        raise AskSettled(ask.state)
    return view_of_ask(ask)


def settle_ask(session: Session, *, team_id: str, ask_id: int, introducer_id: str, state: AskState,
               now: datetime) -> AskView:
    """Record what the introducer did; of two racing answers, one wins and the other hears it is done."""
    view = load_ask(session, team_id=team_id, ask_id=ask_id, introducer_id=introducer_id)
    moved = changed(session, update(IntroAsk).where(IntroAsk.id == ask_id, IntroAsk.state == AskState.WAITING)
                    .values(state=state, resolved_at=now))
    if moved != 1:
        raise AskSettled(state)
    return view


def answer_ask(session: Session, *, team_id: str, ask_id: int, introducer_id: str, state: AskState,
               answer: str | None, suggested_id: str | None, now: datetime) -> tuple[AskView, int | None]:
    """The introducer declines, or suggests someone else: settled, with the answer kept; returns the request and
    the nudge that delivers the answer to the requester, held for the caller."""
    view = settle_ask(session, team_id=team_id, ask_id=ask_id, introducer_id=introducer_id, state=state, now=now)
    session.execute(update(IntroAsk).where(IntroAsk.id == ask_id).values(answer=answer, suggested_id=suggested_id))
    held = schedule(session, team_id=team_id, subject=f"ask-answer:{ask_id}", kind=NudgeKind.ASK_ANSWER,
                    user_id=view.requester_id, due_at=now + SEND_LEASE, ask_id=ask_id, now=now)
    return replace(view, state=state, answer=answer, suggested_id=suggested_id), held
