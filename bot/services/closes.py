"""Use cases: closing an intro (direct, redirect, decline) and the promises a close creates.

A close is stored before it is posted and marked posted after Slack accepts it,
so a crash or a Slack outage leaves a pending close to retry, never a lost one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db.lease import DueWork
from bot.db.models import Close, Promise
from bot.domain.closes import CloseWay
from bot.domain.retry import SEND_LEASE
from bot.domain.states import CloseStatus, PartyState, PromiseKind, PromiseState
from bot.domain.timing import relay_decline_due
from bot.services.errors import AlreadyHandled, NotFound
from bot.services.intros import IntroView, claim_party, view_of
from bot.services.nudges import end_open_intro_nudge, owned_open_promise, schedule_promise_nudge
from bot.services.retries import Retried

# "Happy to connect" may post a yes (bot/services/yes.py): stored as "yes", and posted as a direct close is, in
# the thread as the person (CloseWay names the ways to say no or buy time; a yes is not one of them).
YES = "yes"

STATE_AFTER = {
    CloseWay.DIRECT: PartyState.CLOSED_DIRECT,
    CloseWay.REDIRECT: PartyState.REDIRECTED,
    CloseWay.DECLINE: PartyState.DECLINED,
    CloseWay.NEED_TIME: PartyState.OPEN,  # a holding reply: the intro stays open until the promised date
}


@dataclass(frozen=True, slots=True)
class RedirectTarget:
    """Who is better placed: a workspace member, or someone outside with a way to reach them."""

    user_id: str | None = None
    name: str | None = None
    contact: str | None = None


@dataclass(frozen=True, slots=True)
class CloseToSend:
    close_id: int
    way: CloseWay
    text: str
    # A close goes in the intro's thread; a decline goes to the introducer's DM.
    destination: str
    thread_ts: str | None
    intro: IntroView
    note: str | None = None  # a decline's note for the introducer alone, shown apart from the answer
    promise_id: int | None = None  # the promise the close made (a redirect's, a holding reply's), when just stored


def start_close(
    session: Session,
    *,
    team_id: str,
    party_id: int,
    user_id: str,
    way: CloseWay,
    text: str,
    now: datetime,
    note: str | None = None,
    redirect_to: RedirectTarget | None = None,
    promise_due: datetime | None = None,
    instead_of_promise: int | None = None,
) -> CloseToSend:
    """Store a close (and the promise it makes) for the party's own person; exactly one submit wins.

    `instead_of_promise`: a redirect that cannot be kept, closed directly instead; the promise is cancelled (the
    caller withdraws its requests still out in the same transaction: bot/services/promises.py withdraw_requests).
    """
    if instead_of_promise is not None:
        replaced = owned_open_promise(session, team_id=team_id, promise_id=instead_of_promise, user_id=user_id)
        if replaced.party_id != party_id or way is not CloseWay.DIRECT:
            raise NotFound()
        replaced.state, replaced.resolved_at = PromiseState.CANCELLED, now
    intro = claim_party(
        session, team_id=team_id, party_id=party_id, user_id=user_id, state=STATE_AFTER[way], now=now,
        from_state=PartyState.REDIRECTED if instead_of_promise is not None else PartyState.OPEN,
    )
    private = way is CloseWay.DECLINE
    close = Close(
        team_id=team_id,
        party_id=party_id,
        way=way.value,
        text=text,
        note=note if private else None,
        channel_id=intro.introducer_id if private else intro.channel_id,
        thread_ts=None if private else intro.thread_ts,
        status=CloseStatus.PENDING,
        attempts=0,
        due_at=now + SEND_LEASE,  # held by this request while it posts; retried if it never reports back
        created_at=now,
    )
    session.add(close)
    try:
        session.flush()
    except IntegrityError:  # this party already sent a close this way (a racing double submit)
        raise AlreadyHandled("need_time" if way is CloseWay.NEED_TIME else STATE_AFTER[way]) from None
    promise: Promise | None = None
    if way is CloseWay.REDIRECT:
        if redirect_to is None or promise_due is None:
            raise ValueError("a redirect needs a target and a date")
        promise = _promise(intro, PromiseKind.MAKE_REDIRECT, owner_id=user_id, due_at=promise_due, now=now,
                           target_user_id=redirect_to.user_id, target_name=redirect_to.name,
                           target_contact=redirect_to.contact)
    elif way is CloseWay.NEED_TIME:
        if promise_due is None:
            raise ValueError("needing time needs a date")
        promise = _promise(intro, PromiseKind.GET_BACK, owner_id=user_id, due_at=promise_due, now=now)
        end_open_intro_nudge(session, party_id=party_id)  # they answered: the date's reminder replaces it
    elif way is CloseWay.DECLINE:
        promise = _promise(intro, PromiseKind.RELAY_DECLINE, owner_id=intro.introducer_id,
                           due_at=relay_decline_due(now), now=now)
    if promise is not None:
        session.add(promise)
        schedule_promise_nudge(session, promise, now=now)
    session.flush()
    sent = _to_send(close, intro)
    return replace(sent, promise_id=promise.id) if promise is not None else sent


def _to_send(close: Close, intro: IntroView) -> CloseToSend:
    way = CloseWay.DIRECT if close.way == YES else CloseWay(close.way)
    return CloseToSend(close.id, way, close.text, close.channel_id, close.thread_ts, intro,
                       close.note)


def _promise(intro: IntroView, kind: PromiseKind, *, owner_id: str, due_at: datetime, now: datetime,
             **target: str | None) -> Promise:
    return Promise(
        team_id=intro.team_id,
        intro_id=intro.intro_id,
        party_id=intro.party_id,
        kind=kind,
        owner_id=owner_id,
        due_at=due_at,
        state=PromiseState.OPEN,
        created_at=now,
        **target,
    )


def mark_close_posted(session: Session, *, close_id: int, channel_id: str, ts: str | None, now: datetime) -> None:
    """`ts` None: posted through a response_url, which does not say where the message landed."""
    session.execute(
        update(Close)
        .where(Close.id == close_id)
        .values(status=CloseStatus.POSTED, channel_id=channel_id, posted_ts=ts, posted_at=now,
                attempts=Close.attempts + 1, due_at=None, last_error=None)
    )


def close_retried(close_id: int) -> Retried:
    """A close's retry record: a close Slack will not take, after all the tries, is failed for good."""
    return Retried(Close, close_id, {"status": CloseStatus.FAILED})


# Pending closes whose next attempt is due.
PENDING_CLOSES = DueWork(Close, Close.due_at, SEND_LEASE, Close.status == CloseStatus.PENDING)


def claim_pending_closes(session: Session, *, now: datetime, limit: int = 50) -> list[CloseToSend]:
    """Pending closes whose next attempt is due, leased to the caller."""
    ids = PENDING_CLOSES.claim(session, now=now, limit=limit)
    closes = session.scalars(select(Close).where(Close.id.in_(ids)).order_by(Close.id))
    return [_to_send(close, view_of(close.party)) for close in closes]
