"""Use cases: an intro's life in Slack after it is recorded: finding it by its message, and ending it when its
message is deleted or edited into something that is not an intro."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.models import Intro, Nudge, Party, Promise
from bot.db.rows import changed
from bot.domain.states import IntroSource, PartyState, PromiseState

# Where an introduced person still stood when the intro ended: only these change (a close already sent stays).
STILL_WAITING = (PartyState.OPEN, PartyState.QUIET)


@dataclass(frozen=True, slots=True)
class EndedIntro:
    intro_id: int
    # Prompts that came by DM (channel, ts): real messages whose buttons can be replaced. Ephemeral prompts
    # cannot be reached any more; their buttons answer that the intro was removed.
    dm_prompts: tuple[tuple[str, str], ...]


def find_intro(session: Session, *, team_id: str, channel_id: str, message_ts: str) -> Intro | None:
    return session.scalar(select(Intro).where(Intro.team_id == team_id, Intro.channel_id == channel_id,
                                              Intro.message_ts == message_ts))


def end_intro(session: Session, *, team_id: str, channel_id: str, message_ts: str, now: datetime,
              only_detected: bool = False) -> EndedIntro | None:
    """The intro of a message that is gone (or, `only_detected`, edited into a non-intro: an intro someone marked
    with the shortcut was never the detector's call, so an edit does not end it). Its open parties can no longer
    act on it, its promises are released and its nudges end; the row stays, so the message is never prompted
    again. None when the message was no intro, or its intro had ended already."""
    intro = find_intro(session, team_id=team_id, channel_id=channel_id, message_ts=message_ts)
    if intro is None or intro.removed_at is not None:
        return None
    if only_detected and intro.source is not IntroSource.DETECTED:
        return None
    waiting = [p for p in intro.parties if p.state in STILL_WAITING]
    dm_prompts = tuple((channel, ts) for p in waiting if p.state is PartyState.OPEN
                       for channel, ts in [(p.prompt_channel_id, p.prompt_ts)] if channel and ts)
    ended = changed(session, update(Intro).where(Intro.id == intro.id, Intro.removed_at.is_(None))
                    .values(removed_at=now))
    if ended != 1:  # another process ended it just now
        return None
    party_ids = [p.id for p in intro.parties]
    session.execute(update(Party).where(Party.id.in_([p.id for p in waiting]))
                    .values(state=PartyState.REMOVED, due_at=None, updated_at=now)
                    .execution_options(synchronize_session=False))
    promise_ids = list(session.scalars(select(Promise.id).where(Promise.intro_id == intro.id,
                                                                Promise.state == PromiseState.OPEN)))
    session.execute(update(Promise).where(Promise.id.in_(promise_ids))
                    .values(state=PromiseState.CANCELLED, resolved_at=now)
                    .execution_options(synchronize_session=False))
    session.execute(update(Nudge).where((Nudge.party_id.in_(party_ids) | Nudge.promise_id.in_(promise_ids))
                                        & Nudge.due_at.is_not(None))
                    .values(due_at=None).execution_options(synchronize_session=False))
    return EndedIntro(intro.id, dm_prompts)
