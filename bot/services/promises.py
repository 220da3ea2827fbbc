"""Use cases: keeping the promises that closes create."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.models import Nudge, OptInRequest, Promise
from bot.db.rows import changed
from bot.domain.optin import EXPIRES_AFTER, IntroKind, RequestState
from bot.domain.retry import SEND_LEASE
from bot.domain.states import NudgeKind, PromiseKind, PromiseState
from bot.services.errors import AlreadyDone, IntroRemoved, NotFound, NotYours
from bot.services.intros import IntroView, view_of
from bot.services.nudges import PromiseView, owned_open_promise, promise_view, schedule
from bot.services.optin import create_request
from bot.services.optin_view import OptInView, view_of_request


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


def keep_by_passing_contact(session: Session, *, team_id: str, promise_id: int, user_id: str, waiting: list[str],
                            now: datetime) -> tuple[PromiseView, IntroView, dict[str, int | None]]:
    """A redirect to someone outside Slack, kept: in one transaction, the promise is kept and one DM per person
    waiting (their contact details) is stored as a nudge held for the caller (due once the send lease runs out),
    so each is sent once, by the caller or else by the due-work loop, and a second press sends nothing."""
    promise, intro = settle_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id,
                                    state=PromiseState.KEPT, now=now)
    held = {uid: schedule(session, team_id=team_id, subject=f"contact:{promise_id}:{uid}", kind=NudgeKind.CONTACT,
                          user_id=uid, due_at=now + SEND_LEASE, promise_id=promise_id, now=now)
            for uid in waiting}
    return promise, intro, held


def cancel_promise(session: Session, *, promise_id: int, now: datetime) -> None:
    session.execute(update(Promise).where(Promise.id == promise_id, Promise.state == PromiseState.OPEN)
                    .values(state=PromiseState.CANCELLED, resolved_at=now))


def load_promise(session: Session, *, team_id: str, promise_id: int, user_id: str) -> tuple[PromiseView, IntroView]:
    """An open promise as its owner sees it; anyone else is refused."""
    promise = owned_open_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id)
    return promise_view(promise), view_of(promise.party)


# ---- a redirect kept by double opt-in: the better-placed person and whoever is waiting are asked first -------


@dataclass(frozen=True, slots=True)
class RedirectAsking:
    """Where the double opt-in of a redirect stands: ASKING while a request is out (until it expires, `until`),
    else how it ended (CONNECTED keeps the promise; DECLINED or EXPIRED leave it to be closed directly)."""

    state: RequestState
    until: datetime | None = None


def ask_for_redirect(session: Session, *, team_id: str, owner_id: str, promise_id: int, better_id: str,
                     whys: Mapping[str, str], now: datetime) -> list[OptInView]:
    """Ask the better-placed member and each person waiting (`whys`: the reason each pair reads), on the promise's
    owner's behalf; the promise is kept when a pair both say yes (see keep_by_request)."""
    return [create_request(session, team_id=team_id, introducer_id=owner_id, people=(waiting, better_id),
                           kind=IntroKind.FAVOR, why=why, now=now, promise_id=promise_id)
            for waiting, why in whys.items()]


def redirect_asking(session: Session, *, promise_id: int) -> RedirectAsking | None:
    """None when nobody was asked about this promise."""
    requests = list(session.scalars(select(OptInRequest).where(OptInRequest.promise_id == promise_id)
                                    .order_by(OptInRequest.id)))
    if not requests:
        return None
    asking = [r.created_at + EXPIRES_AFTER for r in requests if r.state is RequestState.ASKING]
    if asking:
        return RedirectAsking(RequestState.ASKING, max(asking))
    if any(r.state is RequestState.CONNECTED for r in requests):
        return RedirectAsking(RequestState.CONNECTED)
    return RedirectAsking(requests[-1].state)


def withdraw_requests(session: Session, *, promise_id: int, now: datetime) -> list[OptInView]:
    """A redirect closed another way, marked done, or whose owner left: its requests still asking are withdrawn
    (in the same transaction), so two later yeses connect no one after the owner said it can't happen. Returns
    them, to retire their questions. Each is moved only from ASKING: of a withdrawal and a deciding yes, one wins."""
    requests = list(session.scalars(select(OptInRequest).where(
        OptInRequest.promise_id == promise_id, OptInRequest.state == RequestState.ASKING).order_by(OptInRequest.id)))
    withdrawn = []
    for request in requests:
        if changed(session, update(OptInRequest)
                   .where(OptInRequest.id == request.id, OptInRequest.state == RequestState.ASKING)
                   .values(state=RequestState.WITHDRAWN, resolved_at=now, due_at=None)) == 1:
            session.refresh(request)
            withdrawn.append(view_of_request(request))
    return withdrawn


def keep_by_request(session: Session, *, request_id: int, now: datetime) -> None:
    """Two yeses connected them: the redirect promise the request was made for (if any) is kept."""
    promise_id = session.scalar(select(OptInRequest.promise_id).where(OptInRequest.id == request_id))
    if promise_id is not None:
        session.execute(update(Promise).where(Promise.id == promise_id, Promise.state == PromiseState.OPEN)
                        .values(state=PromiseState.KEPT, resolved_at=now))


def wake_redirect_nudge(session: Session, *, request_id: int, now: datetime) -> None:
    """A request for a redirect did not go ahead: unless another for the same promise is still out, the promise's
    reminder falls due now, offering to close directly instead of leaving the others waiting."""
    promise_id = session.scalar(select(OptInRequest.promise_id).where(OptInRequest.id == request_id))
    if promise_id is None:
        return
    asking = redirect_asking(session, promise_id=promise_id)
    if asking is not None and asking.state in (RequestState.ASKING, RequestState.CONNECTED):
        return
    promise = session.get(Promise, promise_id)
    if promise is not None and promise.state is PromiseState.OPEN:
        session.execute(update(Nudge).where(Nudge.promise_id == promise_id).values(due_at=now))
