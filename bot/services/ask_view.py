"""Use cases: an intro request (`/intro ask`) as the Slack layer, the nudges, Home and the digest see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from bot.db.models import IntroAsk
from bot.domain.optin import ANSWER_WINDOW, EXPIRES_AFTER, AskState

# The promise `/intro ask` makes ("you'll hear back either way") is kept by these two: one reminder to the
# introducer, then the request is released and the requester told. The same windows as a double opt-in's.
ASK_REMINDER_AFTER = ANSWER_WINDOW
ASK_EXPIRES_AFTER = EXPIRES_AFTER
OPEN_ASKS = 5  # per list: each one asked of the person takes two blocks, and messages hold at most 50


@dataclass(frozen=True, slots=True)
class AskView:
    ask_id: int
    team_id: str
    requester_id: str
    introducer_id: str
    target_id: str
    why: str
    state: AskState
    answer: str | None = None  # what the introducer typed for the requester (a decline, or a note)
    suggested_id: str | None = None  # who the introducer suggested asking instead
    created_at: datetime | None = None
    dm_channel_id: str | None = None  # where the request reached the introducer, and its one reminder
    dm_ts: str | None = None
    reminder_ts: str | None = None

    @property
    def expires_at(self) -> datetime | None:
        return self.created_at + ASK_EXPIRES_AFTER if self.created_at is not None else None

    @property
    def messages(self) -> list[str]:
        """The timestamps of the introducer's DMs that carry this request's buttons."""
        return [ts for ts in (self.dm_ts, self.reminder_ts) if ts]


def view_of_ask(ask: IntroAsk) -> AskView:
    return AskView(ask.id, ask.team_id, ask.requester_id, ask.introducer_id, ask.target_id, ask.why, ask.state,
                   ask.answer, ask.suggested_id, ask.created_at, ask.dm_channel_id, ask.dm_ts, ask.reminder_ts)


@dataclass(frozen=True, slots=True)
class OpenAsks:
    """A person's intro requests still waiting for an introducer's answer, from both sides."""

    to_answer: list[AskView]  # asked of them, as the introducer
    mine: list[AskView]  # they asked someone, as the requester
    # How many more wait beyond the lists (each list holds the oldest OPEN_ASKS): said, never dropped silently.
    more_to_answer: int = 0
    more_mine: int = 0

    @property
    def empty(self) -> bool:
        return not self.to_answer and not self.mine

    @property
    def count(self) -> int:
        """Every open request, listed or not."""
        return len(self.to_answer) + self.more_to_answer + len(self.mine) + self.more_mine


def open_asks(session: Session, *, team_id: str, user_id: str, limit: int = OPEN_ASKS) -> OpenAsks:
    waiting = select(IntroAsk).where(IntroAsk.team_id == team_id, IntroAsk.state == AskState.WAITING)
    to_answer = waiting.where(IntroAsk.introducer_id == user_id)
    mine = waiting.where(IntroAsk.requester_id == user_id)
    listed_to_answer = _oldest(session, to_answer, limit)
    listed_mine = _oldest(session, mine, limit)
    return OpenAsks(
        to_answer=listed_to_answer, mine=listed_mine,
        more_to_answer=_more(session, to_answer, len(listed_to_answer), limit),
        more_mine=_more(session, mine, len(listed_mine), limit),
    )


def _oldest(session: Session, query: Select[IntroAsk], limit: int) -> list[AskView]:
    return [view_of_ask(a) for a in session.scalars(query.order_by(IntroAsk.created_at, IntroAsk.id).limit(limit))]


def _more(session: Session, query: Select[IntroAsk], listed: int, limit: int) -> int:
    """The requests left out of a list: counted only when the list is full (the usual case costs no query)."""
    if listed < limit:
        return 0
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    return max(total - listed, 0)
