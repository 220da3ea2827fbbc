"""Use cases: recording an introduction and where each introduced person stands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.insert import insert_or_ignore
from bot.db.lease import DueWork
from bot.db.models import Intro, Party, Promise
from bot.db.rows import changed
from bot.domain.draft_voice import UNSURE, IntroVoice
from bot.domain.retry import SEND_LEASE
from bot.domain.states import IntroSource, PartyState, PromiseKind, PromiseState
from bot.services.access import own_row
from bot.services.errors import AlreadyHandled, IntroRemoved
from bot.services.prefs import prompts_enabled


@dataclass(frozen=True, slots=True)
class IntroView:
    """What a prompt, a modal or a close needs to know about one party's intro."""

    intro_id: int
    party_id: int
    team_id: str
    user_id: str
    state: PartyState
    channel_id: str
    message_ts: str
    thread_ts: str
    introducer_id: str
    other_ids: tuple[str, ...]
    prompt_channel_id: str | None
    prompt_ts: str | None
    introduced_at: datetime  # when the intro was noticed (or marked with the shortcut)
    voice: IntroVoice = UNSURE  # the intro's language and register, for the drafts


def record_introduction(
    session: Session,
    *,
    team_id: str,
    channel_id: str,
    message_ts: str,
    thread_ts: str | None,
    introducer_id: str,
    party_ids: Sequence[str],
    now: datetime,
    source: IntroSource = IntroSource.DETECTED,
    voice: IntroVoice = UNSURE,
) -> list[IntroView]:
    """Store a newly noticed intro; return the parties to prompt.

    Empty when the intro was already recorded (Slack redelivers events) or when
    every party has turned prompts off, in which case nothing is stored at all.
    """
    wanting = [uid for uid in party_ids if prompts_enabled(session, team_id=team_id, user_id=uid)]
    if not wanting:
        return []
    intro_id = insert_intro(session, team_id=team_id, channel_id=channel_id, message_ts=message_ts,
                            thread_ts=thread_ts, introducer_id=introducer_id, source=source, now=now,
                            voice=voice)
    if intro_id is None:
        return []
    # Everyone introduced is a party (drafts name them all); those who turned prompts off stay quiet.
    session.add_all(
        Party(
            team_id=team_id,
            intro_id=intro_id,
            user_id=uid,
            state=PartyState.OPEN if uid in wanting else PartyState.QUIET,
            # Held by this request while it prompts; retried by the due-work loop if it never reports back.
            due_at=now + SEND_LEASE if uid in wanting else None,
            attempts=0,
            updated_at=now,
        )
        for uid in dict.fromkeys(party_ids)
    )
    session.flush()
    intro = session.get_one(Intro, intro_id)
    return [view_of(party) for party in intro.parties if party.state == PartyState.OPEN]


def insert_intro(session: Session, *, team_id: str, channel_id: str, message_ts: str, thread_ts: str | None,
                 introducer_id: str, source: IntroSource, now: datetime, voice: IntroVoice = UNSURE) -> int | None:
    """The new intro's id; None when its message is recorded already (once per message, whatever its source)."""
    return insert_or_ignore(
        session,
        Intro,
        {
            "team_id": team_id,
            "channel_id": channel_id,
            "message_ts": message_ts,
            "thread_ts": thread_ts or message_ts,
            "introducer_id": introducer_id,
            "created_at": now,
            "source": source,
            "lang": voice.lang,
            "register": voice.register.value,
        },
        conflict=("team_id", "channel_id", "message_ts"),
    )


def view_of(party: Party) -> IntroView:
    intro = party.intro
    everyone = [p.user_id for p in intro.parties]
    return IntroView(
        intro_id=intro.id,
        party_id=party.id,
        team_id=intro.team_id,
        user_id=party.user_id,
        state=party.state,
        channel_id=intro.channel_id,
        message_ts=intro.message_ts,
        thread_ts=intro.thread_ts,
        introducer_id=intro.introducer_id,
        other_ids=tuple(uid for uid in everyone if uid != party.user_id),
        prompt_channel_id=party.prompt_channel_id,
        prompt_ts=party.prompt_ts,
        introduced_at=intro.created_at,
        voice=IntroVoice.stored(intro.lang, intro.register),
    )


def load_party(session: Session, *, team_id: str, party_id: int, user_id: str) -> IntroView:
    """The party as its own person sees it; anyone else is refused, and an intro whose message is gone ends."""
    party = own_row(session, Party, party_id, team_id=team_id, user_id=user_id, owner="user_id")
    if party.intro.removed_at is not None:
        raise IntroRemoved()
    return view_of(party)


# A prompt's retry record (last_error) while the prompt is with Slack: written and committed right before the send,
# replaced by whatever Slack answered. Found on a party claimed again, it means the process sending it died between
# the two: Slack may have shown the prompt, and an ephemeral cannot be looked up to find out.
PROMPT_IN_FLIGHT = "in flight: its sender died before recording Slack's answer"


def prompt_in_flight(session: Session, *, party_id: int, now: datetime) -> bool:
    """Mark a party's prompt as about to go to Slack; True (and nothing marked) when an earlier try was already
    with Slack when its process died."""
    if session.scalar(select(Party.last_error).where(Party.id == party_id)) == PROMPT_IN_FLIGHT:
        return True
    session.execute(update(Party).where(Party.id == party_id).values(last_error=PROMPT_IN_FLIGHT, updated_at=now))
    return False


def mark_prompted(
    session: Session, *, party_id: int, channel_id: str, ts: str | None, now: datetime
) -> None:
    """A prompt Slack took (or, `ts` None, an ephemeral it may have taken); clears the in-flight mark."""
    session.execute(
        update(Party)
        .where(Party.id == party_id)
        .values(prompt_channel_id=channel_id, prompt_ts=ts, prompted_at=now, due_at=None,
                attempts=Party.attempts + 1, last_error=None, updated_at=now)
    )


# Open parties whose prompt is due for another try.
UNPROMPTED = DueWork(Party, Party.due_at, SEND_LEASE, Party.state == PartyState.OPEN)


def claim_unprompted(session: Session, *, now: datetime, limit: int = 50) -> list[IntroView]:
    """Open parties whose prompt is due for another try, leased to the caller."""
    ids = UNPROMPTED.claim(session, now=now, limit=limit)
    return [view_of(party) for party in session.scalars(select(Party).where(Party.id.in_(ids)).order_by(Party.id))]


def claim_party(
    session: Session, *, team_id: str, party_id: int, user_id: str, state: PartyState, now: datetime,
    from_state: PartyState = PartyState.OPEN,
) -> IntroView:
    """Move a party from `from_state` to `state`; exactly one of several concurrent clicks wins."""
    view = load_party(session, team_id=team_id, party_id=party_id, user_id=user_id)
    moved = changed(
        session,
        update(Party)
        .where(Party.id == party_id, Party.state == from_state)
        .values(state=state, updated_at=now),
    )
    if moved != 1:
        current = session.scalar(select(Party.state).where(Party.id == party_id))
        raise AlreadyHandled(str(current))
    if state is not PartyState.OPEN:
        # Closing the intro keeps a "get back to you by" promise made on it.
        session.execute(
            update(Promise)
            .where(Promise.party_id == party_id, Promise.kind == PromiseKind.GET_BACK,
                   Promise.state == PromiseState.OPEN)
            .values(state=PromiseState.KEPT, resolved_at=now)
        )
    return view
