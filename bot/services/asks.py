"""Use cases: asking someone for an intro (`/intro ask`), and what the introducer does with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.db.models import IntroAsk
from bot.domain.optin import AskState
from bot.services.access import own_row
from bot.services.errors import Settled


class AskSettled(Settled):
    @property
    def message(self) -> str:  # type: ignore[override]
        return "You've already answered this intro request. Nothing more to do."


@dataclass(frozen=True, slots=True)
class AskView:
    ask_id: int
    team_id: str
    requester_id: str
    introducer_id: str
    target_id: str
    why: str
    state: AskState


def _view(ask: IntroAsk) -> AskView:
    return AskView(ask.id, ask.team_id, ask.requester_id, ask.introducer_id, ask.target_id, ask.why, ask.state)


def create_ask(session: Session, *, team_id: str, requester_id: str, introducer_id: str, target_id: str, why: str,
               now: datetime) -> AskView:
    ask = IntroAsk(team_id=team_id, requester_id=requester_id, introducer_id=introducer_id, target_id=target_id,
                   why=why, state=AskState.WAITING, created_at=now)
    session.add(ask)
    session.flush()
    return _view(ask)


def load_ask(session: Session, *, team_id: str, ask_id: int, introducer_id: str) -> AskView:
    """The request as its introducer sees it; anyone else is refused; an answered one says so."""
    ask = own_row(session, IntroAsk, ask_id, team_id=team_id, user_id=introducer_id, owner="introducer_id")
    if ask.state is not AskState.WAITING:
        raise AskSettled(ask.state)
    return _view(ask)


def settle_ask(session: Session, *, team_id: str, ask_id: int, introducer_id: str, state: AskState,
               now: datetime) -> AskView:
    """Record what the introducer did; of two racing answers, one wins and the other hears it is done."""
    view = load_ask(session, team_id=team_id, ask_id=ask_id, introducer_id=introducer_id)
    moved = session.execute(update(IntroAsk).where(IntroAsk.id == ask_id, IntroAsk.state == AskState.WAITING)
                            .values(state=state, resolved_at=now)).rowcount
    if moved != 1:
        raise AskSettled(state)
    return view
