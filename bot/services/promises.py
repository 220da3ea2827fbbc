"""Use cases: keeping the promises that closes create."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.models import Promise
from bot.db.rows import changed
from bot.domain.states import PromiseKind, PromiseState
from bot.services.errors import AlreadyDone, IntroRemoved, NotFound, NotYours
from bot.services.intros import IntroView, view_of
from bot.services.nudges import PromiseView, owned_open_promise, promise_view


def mark_relayed(session: Session, *, team_id: str, party_id: int, introducer_id: str, now: datetime) -> bool:
    """The introducer passed a decline on. False when it was already marked; anyone else is refused."""
    promise = session.scalar(select(Promise).where(
        Promise.team_id == team_id, Promise.party_id == party_id, Promise.kind == PromiseKind.RELAY_DECLINE))
    if promise is None:
        raise NotFound()
    if promise.owner_id != introducer_id:
        raise NotYours()
    if promise.state is PromiseState.CANCELLED and promise.party.intro.removed_at is not None:
        raise IntroRemoved()
    kept = changed(
        session,
        update(Promise)
        .where(
            Promise.team_id == team_id,
            Promise.party_id == party_id,
            Promise.kind == PromiseKind.RELAY_DECLINE,
            Promise.owner_id == introducer_id,
            Promise.state == PromiseState.OPEN,
        )
        .values(state=PromiseState.KEPT, resolved_at=now),
    )
    return kept > 0


def settle_promise(
    session: Session, *, team_id: str, promise_id: int, user_id: str, state: PromiseState, now: datetime
) -> tuple[PromiseView, IntroView]:
    """The owner keeps (or cancels) an open promise; one of two racing clicks wins, the other hears it is done."""
    promise = owned_open_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id)
    moved = changed(
        session,
        update(Promise).where(Promise.id == promise_id, Promise.state == PromiseState.OPEN)
        .values(state=state, resolved_at=now),
    )
    if moved != 1:
        raise AlreadyDone(PromiseState.KEPT)
    session.refresh(promise)
    return promise_view(promise), view_of(promise.party)


def reopen_promise(session: Session, *, promise_id: int) -> None:
    """Undo a keep whose message Slack would not take, so the promise is not lost."""
    session.execute(update(Promise).where(Promise.id == promise_id).values(state=PromiseState.OPEN, resolved_at=None))


def cancel_promise(session: Session, *, promise_id: int, now: datetime) -> None:
    session.execute(update(Promise).where(Promise.id == promise_id, Promise.state == PromiseState.OPEN)
                    .values(state=PromiseState.CANCELLED, resolved_at=now))


def load_promise(session: Session, *, team_id: str, promise_id: int, user_id: str) -> tuple[PromiseView, IntroView]:
    """An open promise as its owner sees it; anyone else is refused."""
    promise = owned_open_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id)
    return promise_view(promise), view_of(promise.party)
