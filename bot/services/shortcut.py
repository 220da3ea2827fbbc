"""Use cases: an intro marked with the "Close this intro" message shortcut, by one of its people or its
introducer. Recorded once per message, like a detected intro (the same unique key), with no message text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.db.insert import insert_or_ignore
from bot.db.models import Intro, Party
from bot.db.rows import changed
from bot.domain.draft_voice import UNSURE, IntroVoice
from bot.domain.retry import SEND_LEASE
from bot.domain.states import Feedback, IntroSource, PartyState
from bot.services.errors import AlreadyHandled, AlreadyOffered, IntroRemoved
from bot.services.feedback import count
from bot.services.intro_life import find_intro
from bot.services.intros import IntroView, insert_intro, record_introduction, view_of
from bot.services.prefs import prompts_enabled


@dataclass(frozen=True, slots=True)
class Recorded:
    """Who is in an intro recorded for a message."""

    introducer_id: str
    party_ids: tuple[str, ...]


def recorded_people(session: Session, *, team_id: str, channel_id: str, message_ts: str) -> Recorded | None:
    """None when the message is no recorded intro."""
    intro = find_intro(session, team_id=team_id, channel_id=channel_id, message_ts=message_ts)
    return None if intro is None else Recorded(intro.introducer_id, tuple(p.user_id for p in intro.parties))


def recorded_intro(session: Session, *, team_id: str, channel_id: str, message_ts: str) -> Intro:
    """The message's intro, still live. Raises LookupError when the message is no recorded intro, and
    IntroRemoved when its message was deleted or edited into a non-intro."""
    intro = find_intro(session, team_id=team_id, channel_id=channel_id, message_ts=message_ts)
    if intro is None:
        raise LookupError("no intro recorded for this message")
    if intro.removed_at is not None:
        raise IntroRemoved()
    return intro


def open_for_asker(session: Session, *, team_id: str, channel_id: str, message_ts: str, user_id: str,
                   now: datetime) -> IntroView:
    """The asker's own place in a recorded intro, open for their close. The caller has established that the
    message introduces them: they are one of its people, it mentions them, or they said so in the who-form.
    Someone named but not prompted (another person's shortcut named them, or they had prompts off) is opened
    now: they asked. Someone not in it joins it as an open party: a person the detector left out, counted as a
    miss when the detector recorded the intro (a marked intro was counted, if missed, when it was marked)."""
    intro = recorded_intro(session, team_id=team_id, channel_id=channel_id, message_ts=message_ts)
    if intro.introducer_id == user_id:
        raise AlreadyOffered()
    party = next((p for p in intro.parties if p.user_id == user_id), None)
    if party is None:
        party = _join(session, intro, user_id=user_id, now=now)
    if party.state is PartyState.QUIET:
        session.execute(update(Party).where(Party.id == party.id, Party.state == PartyState.QUIET)
                        .values(state=PartyState.OPEN, prompted_at=now, updated_at=now))
        session.refresh(party)
    if party.state is not PartyState.OPEN:
        raise AlreadyHandled(party.state)
    return view_of(party)


def _join(session: Session, intro: Intro, *, user_id: str, now: datetime) -> Party:
    joined = insert_or_ignore(session, Party, {"team_id": intro.team_id, "intro_id": intro.id, "user_id": user_id,
                                               "state": PartyState.OPEN, "prompted_at": now, "attempts": 0,
                                               "updated_at": now}, conflict=("intro_id", "user_id"))
    if joined is not None and intro.source is IntroSource.DETECTED:
        count(session, team_id=intro.team_id, counter=Feedback.SHORTCUT_MISSED, now=now)
    session.expire(intro, ["parties"])  # joined now, or a moment ago by the same person's other request
    return next(p for p in intro.parties if p.user_id == user_id)


def record_for_party(session: Session, *, team_id: str, channel_id: str, message_ts: str, thread_ts: str | None,
                     introducer_id: str, user_id: str, other_ids: Sequence[str], missed: bool,
                     now: datetime, voice: IntroVoice = UNSURE) -> IntroView:
    """Someone introduced marks the message as an intro, to close it themselves. They are its open party (not
    prompted: the shortcut is their prompt); the others are named quietly, so drafts name them, and can use the
    shortcut too. Already recorded (a race, or a detected intro): their place in it."""
    intro_id = insert_intro(session, team_id=team_id, channel_id=channel_id, message_ts=message_ts,
                            thread_ts=thread_ts, introducer_id=introducer_id, source=IntroSource.SHORTCUT, now=now,
                            voice=voice)
    if intro_id is None:
        return open_for_asker(session, team_id=team_id, channel_id=channel_id, message_ts=message_ts,
                              user_id=user_id, now=now)
    asker = Party(team_id=team_id, intro_id=intro_id, user_id=user_id, state=PartyState.OPEN, prompted_at=now,
                  attempts=0, updated_at=now)
    session.add_all([asker, *(Party(team_id=team_id, intro_id=intro_id, user_id=uid, state=PartyState.QUIET,
                                    attempts=0, updated_at=now)
                              for uid in dict.fromkeys(other_ids) if uid != user_id)])
    if missed:
        count(session, team_id=team_id, counter=Feedback.SHORTCUT_MISSED, now=now)
    session.flush()
    return view_of(asker)


def record_offered(session: Session, *, team_id: str, channel_id: str, message_ts: str, thread_ts: str | None,
                   introducer_id: str, party_ids: Sequence[str], missed: bool, now: datetime,
                   voice: IntroVoice = UNSURE) -> list[IntroView]:
    """The introducer marks their own message: its people are prompted as if it had been detected (those with
    prompts off stay quiet; nothing is stored when all have). Already recorded: `offer_the_rest`."""
    if find_intro(session, team_id=team_id, channel_id=channel_id, message_ts=message_ts) is not None:
        return offer_the_rest(session, team_id=team_id, channel_id=channel_id, message_ts=message_ts, now=now)
    to_prompt = record_introduction(session, team_id=team_id, channel_id=channel_id, message_ts=message_ts,
                                    thread_ts=thread_ts, introducer_id=introducer_id, party_ids=party_ids, now=now,
                                    source=IntroSource.SHORTCUT, voice=voice)
    if to_prompt and missed:
        count(session, team_id=team_id, counter=Feedback.SHORTCUT_MISSED, now=now)
    return to_prompt


def offer_the_rest(session: Session, *, team_id: str, channel_id: str, message_ts: str,
                   now: datetime) -> list[IntroView]:
    """The introducer uses the shortcut on their intro recorded already: the people in it who were never offered
    anything (named quietly when someone else marked the message) and want prompts are prompted now, each held
    by the caller while it sends them. Nobody is asked twice: AlreadyOffered when nobody is left to offer."""
    intro = recorded_intro(session, team_id=team_id, channel_id=channel_id, message_ts=message_ts)
    quiet = [p for p in intro.parties
             if p.state is PartyState.QUIET and prompts_enabled(session, team_id=team_id, user_id=p.user_id)]
    opened = [p for p in quiet if changed(
        session, update(Party).where(Party.id == p.id, Party.state == PartyState.QUIET)
        .values(state=PartyState.OPEN, due_at=now + SEND_LEASE, updated_at=now)) == 1]
    if not opened:
        raise AlreadyOffered()
    for party in opened:
        session.refresh(party)
    return [view_of(party) for party in opened]
