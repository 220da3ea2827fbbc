"""Use cases: asking someone for an intro (`/intro ask`), and what the introducer does with it.

The request to the introducer, and a decline or suggestion back to the requester, are each stored with a
nudge that its sender holds while it sends it right away: one Slack does not take is retried, and one whose
sender dies is sent, by the due-work loop."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.models import IntroAsk
from bot.db.rows import changed
from bot.domain.optin import AskState
from bot.domain.retry import SEND_LEASE
from bot.domain.states import NudgeKind
from bot.services.access import own_row
from bot.services.ask_view import AskView, view_of_ask
from bot.services.errors import Settled
from bot.services.nudges import schedule

__all__ = ["AskSettled", "AskView", "answer_ask", "create_ask", "load_ask", "settle_ask"]


class AskSettled(Settled):
    @property
    def message(self) -> str:  # type: ignore[override]
        return "You've already answered this intro request. Nothing more to do."


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
    return view_of_ask(ask), held


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
