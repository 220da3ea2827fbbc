"""Use cases: scheduling DM nudges, claiming the due ones, and recording what became of each send.

A nudge row is scheduled when a promise is made or a prompt is delivered, and acts
on the state of its subject when it falls due: a promise kept or an intro closed
in the meantime ends it without a message.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from bot.db.insert import insert_or_ignore
from bot.db.lease import DueWork
from bot.db.models import Intro, Nudge, OptInRequest, Party, Promise
from bot.db.rows import changed
from bot.domain.nudging import OPEN_INTRO_AFTER, first_digest_check
from bot.domain.optin import Answer, AskState, RequestState
from bot.domain.retry import SEND_LEASE
from bot.domain.states import NudgeKind, PartyState, PromiseKind, PromiseState
from bot.services.access import own_row
from bot.services.ask_view import AskView, view_of_ask
from bot.services.errors import AlreadyDone, IntroRemoved, NotFound
from bot.services.intros import IntroView, view_of
from bot.services.optin_view import OptInView, view_of_request


@dataclass(frozen=True, slots=True)
class PromiseView:
    promise_id: int
    kind: PromiseKind
    state: PromiseState
    owner_id: str
    target_user_id: str | None
    target_name: str | None
    target_contact: str | None
    due_at: datetime
    created_at: datetime


@dataclass(frozen=True, slots=True)
class DueNudge:
    nudge_id: int
    kind: NudgeKind
    team_id: str
    user_id: str
    sent: int
    intro: IntroView | None  # None for a digest, which is about everything a person has open
    promise: PromiseView | None
    optin: OptInView | None = None
    ask: AskView | None = None
    claimed_at: datetime | None = None  # when this worker leased it (see bot/db/lease.py)

    @property
    def still_wanted(self) -> bool:
        """Keeping the promise, closing the intro or settling the request ends the nudging."""
        if self.promise is not None:
            if self.kind is NudgeKind.CONTACT:  # the news that keeps the promise: sent once it is kept
                return self.promise.state is PromiseState.KEPT
            return self.promise.state is PromiseState.OPEN
        if self.optin is not None:
            asking = self.optin.state is RequestState.ASKING
            if self.kind is NudgeKind.OPTIN_REMINDER:  # only someone who has not answered is reminded
                return asking and self.optin.answer_of(self.user_id).answer is Answer.PENDING
            if self.kind is NudgeKind.OPTIN_DECLINED:
                return self.optin.state is RequestState.DECLINED
            if self.kind is NudgeKind.OPTIN_EXPIRED:
                return self.optin.state is RequestState.EXPIRED
            return asking
        if self.ask is not None:  # an answered request is not sent to its introducer any more
            if self.kind is NudgeKind.ASK_EXPIRY:  # expired by this nudge: a retry still tells the requester
                return self.ask.state in (AskState.WAITING, AskState.EXPIRED)
            return self.kind is NudgeKind.ASK_ANSWER or self.ask.state is AskState.WAITING
        return self.intro is None or self.intro.state is PartyState.OPEN


def promise_view(promise: Promise) -> PromiseView:
    return PromiseView(promise.id, promise.kind, promise.state, promise.owner_id, promise.target_user_id,
                       promise.target_name, promise.target_contact, promise.due_at, promise.created_at)


def schedule_promise_nudge(session: Session, promise: Promise, *, now: datetime) -> None:
    session.flush()  # the promise needs its id
    schedule(session, team_id=promise.team_id, subject=f"promise:{promise.id}", kind=NudgeKind.PROMISE,
              user_id=promise.owner_id, due_at=promise.due_at, promise_id=promise.id, now=now)
    schedule_digest(session, team_id=promise.team_id, user_id=promise.owner_id, now=now)


def schedule_open_intro_nudge(session: Session, party: IntroView, *, prompted_at: datetime) -> None:
    schedule(session, team_id=party.team_id, subject=f"party:{party.party_id}", kind=NudgeKind.OPEN_INTRO,
              user_id=party.user_id, due_at=prompted_at + OPEN_INTRO_AFTER, party_id=party.party_id,
              now=prompted_at)
    schedule_digest(session, team_id=party.team_id, user_id=party.user_id, now=prompted_at)


# A prompt that may or may not have reached its person (its sender died with it at Slack) gets its open-intro reminder
# this soon instead of two days on: late enough to read as a reminder to whoever saw the prompt (and to be ended by
# their answer, or a reply in the thread), soon enough for whoever did not.
IN_DOUBT_REMINDER_AFTER = timedelta(hours=1)


def remind_open_intro_soon(session: Session, *, party_id: int, now: datetime) -> None:
    """The open-intro reminder of a prompt in doubt, due IN_DOUBT_REMINDER_AFTER from `now`; one the person already
    ended by replying in the intro's thread stays ended."""
    session.execute(update(Nudge).where(Nudge.kind == NudgeKind.OPEN_INTRO, Nudge.party_id == party_id,
                                        Nudge.sent == 0, Nudge.due_at.is_not(None))
                    .values(due_at=now + IN_DOUBT_REMINDER_AFTER))


def schedule_digest(session: Session, *, team_id: str, user_id: str, now: datetime) -> None:
    """Anyone with something open gets a weekly digest row; it stays quiet in weeks with nothing open."""
    schedule(session, team_id=team_id, subject=f"digest:{user_id}", kind=NudgeKind.DIGEST, user_id=user_id,
              due_at=first_digest_check(now), now=now)


def schedule(session: Session, *, team_id: str, subject: str, kind: NudgeKind, user_id: str, due_at: datetime,
             now: datetime, promise_id: int | None = None, party_id: int | None = None,
             optin_id: int | None = None, ask_id: int | None = None) -> int | None:
    """The new nudge's id; None when its subject already has one."""
    # Once per subject: a retried prompt or a redelivered event does not schedule a second nudge.
    return insert_or_ignore(session, Nudge, {
        "team_id": team_id, "subject": subject, "kind": kind, "user_id": user_id, "promise_id": promise_id,
        "party_id": party_id, "optin_id": optin_id, "ask_id": ask_id, "due_at": due_at, "sent": 0, "attempts": 0,
        "created_at": now,
    }, conflict=("team_id", "subject"))


DUE_NUDGES = DueWork(Nudge, Nudge.due_at, SEND_LEASE)


def claim_due_nudges(session: Session, *, now: datetime, limit: int = 50) -> list[DueNudge]:
    ids = DUE_NUDGES.claim(session, now=now, limit=limit)
    intro = selectinload(Party.intro).selectinload(Intro.parties)
    nudges = session.scalars(
        select(Nudge).where(Nudge.id.in_(ids)).order_by(Nudge.id).options(  # a few queries per batch, not per row
            selectinload(Nudge.party).options(intro),
            selectinload(Nudge.promise).selectinload(Promise.party).options(intro),
            selectinload(Nudge.optin).selectinload(OptInRequest.answers),
            selectinload(Nudge.ask),
        )
    )
    return [replace(_due(nudge), claimed_at=now) for nudge in nudges]


def renew_nudge_lease(session: Session, nudge: DueNudge, *, now: datetime) -> datetime | None:
    assert nudge.claimed_at is not None, "only a claimed nudge holds a lease"
    return DUE_NUDGES.keep(session, nudge.nudge_id, claimed_at=nudge.claimed_at, now=now)


def _due(nudge: Nudge) -> DueNudge:
    promise = nudge.promise
    party = nudge.party if nudge.party is not None else promise.party if promise is not None else None
    return DueNudge(nudge.id, nudge.kind, nudge.team_id, nudge.user_id, nudge.sent, view_of(party) if party else None,
                    promise_view(promise) if promise is not None else None,
                    view_of_request(nudge.optin) if nudge.optin is not None else None,
                    view_of_ask(nudge.ask) if nudge.ask is not None else None)


def mark_nudge_sent(
    session: Session, *, nudge_id: int, now: datetime, next_due: datetime | None, held_until: datetime
) -> bool:
    """Record a sent nudge; False if our lease had run out and another worker took it over meanwhile."""
    return changed(session, update(Nudge).where(Nudge.id == nudge_id, Nudge.due_at == held_until).values(
        sent=Nudge.sent + 1, last_sent_at=now, due_at=next_due, attempts=0, last_error=None)) == 1


def nudge_for(session: Session, *, team_id: str, subject: str) -> int | None:
    return session.scalar(select(Nudge.id).where(Nudge.team_id == team_id, Nudge.subject == subject))


def mark_sent_now(session: Session, *, nudge_id: int, now: datetime) -> None:
    """A nudge its scheduler sent straight away, while holding it (see `schedule` with a lease as due time)."""
    session.execute(update(Nudge).where(Nudge.id == nudge_id).values(
        sent=Nudge.sent + 1, last_sent_at=now, due_at=None, attempts=0, last_error=None))


def defer_nudge(session: Session, *, nudge_id: int, until: datetime) -> None:
    """Not now (outside working hours, or snoozed): due again at `until`."""
    session.execute(update(Nudge).where(Nudge.id == nudge_id).values(due_at=until))


def end_nudge(session: Session, *, nudge_id: int) -> None:
    session.execute(update(Nudge).where(Nudge.id == nudge_id).values(due_at=None))


def end_open_intro_nudge(session: Session, *, party_id: int) -> None:
    session.execute(update(Nudge).where(Nudge.kind == NudgeKind.OPEN_INTRO, Nudge.party_id == party_id)
                    .values(due_at=None))


def end_open_intro_nudges_in_thread(
    session: Session, *, team_id: str, channel_id: str, thread_ts: str, user_id: str
) -> int:
    """A reply in an intro's thread counts as engaging with it: no nudge for that person.

    Most thread replies are in threads that are not intros: an indexed read answers those,
    so they never take the database's write lock."""
    parties = list(session.scalars(
        select(Party.id)
        .join(Intro, Party.intro_id == Intro.id)
        .where(Intro.team_id == team_id, Intro.channel_id == channel_id, Intro.thread_ts == thread_ts,
               Party.user_id == user_id)
    ))
    if not parties:
        return 0
    return changed(
        session,
        update(Nudge)
        .where(Nudge.kind == NudgeKind.OPEN_INTRO, Nudge.party_id.in_(parties), Nudge.due_at.is_not(None))
        .values(due_at=None)
        .execution_options(synchronize_session=False),
    )


def snooze_promise(
    session: Session, *, team_id: str, promise_id: int, user_id: str, until: datetime
) -> PromiseView:
    promise = owned_open_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id)
    session.execute(update(Nudge).where(Nudge.promise_id == promise_id).values(due_at=until))
    return promise_view(promise)


def move_promise_date(
    session: Session, *, team_id: str, promise_id: int, user_id: str, due_at: datetime
) -> PromiseView:
    """A "get back to you by" date that slipped, posted anew: the promise falls due at `due_at`, and its reminders
    start over from there (the new date is a fresh promise to the people waiting)."""
    promise = owned_open_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id)
    if promise.kind is not PromiseKind.GET_BACK:
        raise NotFound()  # only a date to get back by is posted anew
    promise.due_at = due_at
    session.execute(update(Nudge).where(Nudge.promise_id == promise_id)
                    .values(due_at=due_at, sent=0, attempts=0, last_error=None))
    session.flush()
    return promise_view(promise)


def owned_open_promise(session: Session, *, team_id: str, promise_id: int, user_id: str) -> Promise:
    promise = own_row(session, Promise, promise_id, team_id=team_id, user_id=user_id, owner="owner_id")
    if promise.state is not PromiseState.OPEN:
        if promise.party.intro.removed_at is not None:  # released when the intro's message went
            raise IntroRemoved()
        raise AlreadyDone(promise.state)
    return promise
