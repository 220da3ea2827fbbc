"""Use cases: the yes a person happy to connect may post in the intro's thread (a yes closes the loop too).

The party is marked happy to connect when they say so; posting a yes is optional and comes after. It is stored
as a close (way "yes") before it is posted, so a crash or a Slack outage leaves it to retry, never lost.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db.models import Close
from bot.domain.closes import CloseWay
from bot.domain.retry import SEND_LEASE
from bot.domain.states import CloseStatus, PartyState
from bot.services.closes import YES, CloseToSend
from bot.services.errors import AlreadyHandled
from bot.services.intros import IntroView, load_party


def start_yes(session: Session, *, team_id: str, party_id: int, user_id: str, text: str,
              now: datetime) -> tuple[CloseToSend, IntroView]:
    """Store the yes of a party marked happy to connect; one per party (a double submit is AlreadyHandled)."""
    intro = load_party(session, team_id=team_id, party_id=party_id, user_id=user_id)
    if intro.state is not PartyState.CONNECTED:  # answered another way since (or never said yes)
        raise AlreadyHandled(intro.state)
    close = Close(team_id=team_id, party_id=party_id, way=YES, text=text, note=None, channel_id=intro.channel_id,
                  thread_ts=intro.thread_ts, status=CloseStatus.PENDING, attempts=0,
                  due_at=now + SEND_LEASE,  # held by this request while it posts; retried if it never reports back
                  created_at=now)
    session.add(close)
    try:
        session.flush()
    except IntegrityError:  # one yes per party: a racing double submit
        raise AlreadyHandled(PartyState.CONNECTED) from None
    return CloseToSend(close.id, CloseWay.DIRECT, text, intro.channel_id, intro.thread_ts, intro), intro


def yes_still_to_offer(session: Session, *, team_id: str, party_id: int, user_id: str) -> IntroView | None:
    """The intro, if its person is marked happy to connect and has stored no yes yet (the form did not open, or
    they closed it): pressed again, "Happy to connect" offers the yes again. None otherwise."""
    intro = load_party(session, team_id=team_id, party_id=party_id, user_id=user_id)
    if intro.state is not PartyState.CONNECTED:
        return None
    stored = session.scalar(select(Close.id).where(Close.party_id == party_id, Close.way == YES))
    return intro if stored is None else None
