"""Use cases: double opt-in intro requests: asking, answering, connecting, expiring."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.lease import DueWork
from bot.db.models import Nudge, OptInAnswer, OptInRequest
from bot.db.rows import changed
from bot.domain.i18n import N_, _
from bot.domain.optin import ANSWER_WINDOW, EXPIRES_AFTER, Answer, AskState, IntroKind, RequestState, outcome
from bot.domain.retry import SEND_LEASE
from bot.domain.states import NudgeKind
from bot.services.asks import settle_ask
from bot.services.errors import NotFound, NotYours, ServiceError, Settled
from bot.services.nudges import schedule
from bot.services.optin_view import OptInView, view_of_request

# How a settled request reads back to the person who tries to act on it.
CLOSED_AS: dict[str, str] = {  # translated where shown
    RequestState.CONNECTED: N_("you've been connected"),
    RequestState.DECLINED: N_("it isn't going ahead"),
    RequestState.EXPIRED: N_("it expired"),
    RequestState.WITHDRAWN: N_("it was withdrawn"),
}


class RequestClosed(Settled):
    @property
    def message(self) -> str:  # type: ignore[override]
        how = _(CLOSED_AS.get(self.state, N_("it's closed")))
        return _("That intro request is already settled: {how}. Nothing more to do.", how=how)


class AlreadyAnswered(ServiceError):
    @property
    def message(self) -> str:  # type: ignore[override]
        return _("You've already answered this intro request. Thank you!")


def create_request(
    session: Session, *, team_id: str, introducer_id: str, people: tuple[str, str], kind: IntroKind, why: str,
    now: datetime, promise_id: int | None = None, ask_id: int | None = None,
) -> OptInView:
    """Store the request and its reminders; answering an intro request (`/intro ask`) this way settles it, in the
    same transaction: a process that dies in between cannot leave one done without the other.

    If this introducer already has a request out for these two people, that one is returned instead: asking
    again (the first answer never came, or a double submit) asks nobody twice."""
    if ask_id is not None:  # already answered (a double submit): refused, and nothing is stored
        settle_ask(session, team_id=team_id, ask_id=ask_id, introducer_id=introducer_id, state=AskState.ASKED, now=now)
    request = _asking(session, team_id=team_id, introducer_id=introducer_id, people=people)
    if request is None:
        request = OptInRequest(team_id=team_id, introducer_id=introducer_id, kind=kind, why=why,
                               state=RequestState.ASKING, promise_id=promise_id, created_at=now)
        request.answers = [OptInAnswer(team_id=team_id, user_id=uid, answer=Answer.PENDING) for uid in people]
        session.add(request)
        session.flush()
        for uid in people:
            # Held by this request while it asks them; if it dies first, the due-work loop asks them once the
            # lease runs out (a reminder finds no question sent and sends the question itself).
            schedule(session, team_id=team_id, subject=_reminder(request.id, uid), kind=NudgeKind.OPTIN_REMINDER,
                     user_id=uid, due_at=now + SEND_LEASE, optin_id=request.id, now=now)
        schedule(session, team_id=team_id, subject=f"optin-expiry:{request.id}", kind=NudgeKind.OPTIN_EXPIRY,
                 user_id=introducer_id, due_at=now + EXPIRES_AFTER, optin_id=request.id, now=now)
    # A redirect's promise (`promise_id`) is kept when the two are connected, not when they are asked.
    return view_of_request(request)


def _asking(session: Session, *, team_id: str, introducer_id: str, people: tuple[str, str]) -> OptInRequest | None:
    requests = session.scalars(select(OptInRequest).where(
        OptInRequest.team_id == team_id, OptInRequest.introducer_id == introducer_id,
        OptInRequest.state == RequestState.ASKING))
    return next((r for r in requests if {a.user_id for a in r.answers} == set(people)), None)


def _reminder(request_id: int, user_id: str) -> str:
    return f"optin:{request_id}:{user_id}"


def record_ask(session: Session, *, request_id: int, user_id: str, channel_id: str, ts: str) -> None:
    session.execute(update(OptInAnswer).where(OptInAnswer.request_id == request_id, OptInAnswer.user_id == user_id)
                    .values(ask_channel_id=channel_id, ask_ts=ts))


def record_ask_sent(session: Session, *, team_id: str, request_id: int, user_id: str, channel_id: str, ts: str,
                    now: datetime) -> None:
    """A question sent right away (not by the due-work loop): where it went, and its reminder, held while it
    was sent, due once the answer window has passed."""
    record_ask(session, request_id=request_id, user_id=user_id, channel_id=channel_id, ts=ts)
    session.execute(update(Nudge).where(Nudge.team_id == team_id, Nudge.subject == _reminder(request_id, user_id),
                                        Nudge.sent == 0)
                    .values(due_at=now + ANSWER_WINDOW, attempts=0, last_error=None))


def load_request(session: Session, *, team_id: str, request_id: int) -> OptInView:
    request = session.get(OptInRequest, request_id)
    if request is None or request.team_id != team_id:
        raise NotFound()
    return view_of_request(request)


def answer_request(
    session: Session, *, team_id: str, request_id: int, user_id: str, answer: Answer, note: str | None,
    now: datetime, ask_again_after: date | None = None,
) -> tuple[OptInView, bool]:
    """Record one person's answer (`ask_again_after`: a "Not now" with a date). Returns the request and whether
    this answer settled it.

    The request row is locked first (PostgreSQL) and the answer written before anything is read
    (SQLite takes its write lock there), so two people answering at once cannot both miss the
    other's yes.
    """
    request = session.scalar(select(OptInRequest).where(OptInRequest.id == request_id).with_for_update())
    if request is None or request.team_id != team_id:
        raise NotFound()
    if user_id not in {a.user_id for a in request.answers}:
        raise NotYours()
    moved = changed(
        session,
        update(OptInAnswer)
        .where(OptInAnswer.request_id == request_id, OptInAnswer.user_id == user_id,
               OptInAnswer.answer == Answer.PENDING)
        .values(answer=answer, note=note, answered_at=now,
                ask_again_after=ask_again_after if answer is Answer.NOT_NOW else None),
    )
    session.refresh(request)
    if request.state is not RequestState.ASKING:
        raise RequestClosed(request.state)
    if moved != 1:
        raise AlreadyAnswered()
    for row in request.answers:
        session.refresh(row)
    settled = outcome([a.answer for a in request.answers])
    if settled is RequestState.ASKING:
        return view_of_request(request), False
    # Two yeses: this request holds the connecting until it has opened the group DM (see CONNECTING).
    connecting = now + SEND_LEASE if settled is RequestState.CONNECTED else None
    won = changed(
        session,
        update(OptInRequest).where(OptInRequest.id == request_id, OptInRequest.state == RequestState.ASKING)
        .values(state=settled, resolved_at=now, due_at=connecting, attempts=0, last_error=None),
    ) == 1
    session.refresh(request)
    return view_of_request(request), won


def mark_connected(session: Session, *, request_id: int, group_channel_id: str) -> None:
    session.execute(update(OptInRequest).where(OptInRequest.id == request_id)
                    .values(group_channel_id=group_channel_id, due_at=None, last_error=None))


# Requests both said yes to whose group DM is not recorded: whoever connects them holds the lease; if it runs
# out (the process died mid-way), the due-work loop connects them.
CONNECTING = DueWork(OptInRequest, OptInRequest.due_at, SEND_LEASE,
                     OptInRequest.state == RequestState.CONNECTED)


def claim_connecting(session: Session, *, now: datetime, limit: int = 50) -> list[OptInView]:
    ids = CONNECTING.claim(session, now=now, limit=limit)
    requests = session.scalars(select(OptInRequest).where(OptInRequest.id.in_(ids)).order_by(OptInRequest.id))
    return [view_of_request(request) for request in requests]


def undo_connect(session: Session, *, request_id: int, user_id: str | None = None) -> None:
    """Slack would not open the group DM: put the request back to asking, and the last yes (`user_id`'s, or
    else the latest) back to pending."""
    if user_id is None:
        user_id = session.scalars(select(OptInAnswer.user_id).where(
            OptInAnswer.request_id == request_id, OptInAnswer.answered_at.is_not(None))
            .order_by(OptInAnswer.answered_at.desc()).limit(1)).one()
    session.execute(update(OptInRequest).where(OptInRequest.id == request_id)
                    .values(state=RequestState.ASKING, resolved_at=None, due_at=None))
    session.execute(update(OptInAnswer).where(OptInAnswer.request_id == request_id, OptInAnswer.user_id == user_id)
                    .values(answer=Answer.PENDING, answered_at=None))


def expire_request(session: Session, *, request_id: int, now: datetime) -> bool:
    """A week without both answers: the request expires. False if it was settled meanwhile."""
    return changed(
        session,
        update(OptInRequest).where(OptInRequest.id == request_id, OptInRequest.state == RequestState.ASKING)
        .values(state=RequestState.EXPIRED, resolved_at=now),
    ) == 1
