"""Use cases: what a person has open, for their weekly digest (and, with more, Home and `/intro list`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from bot.db.models import Party, Promise
from bot.domain.states import PartyState, PromiseKind, PromiseState
from bot.services.ask_view import OpenAsks, open_asks
from bot.services.intros import IntroView, view_of
from bot.services.nudges import PromiseView, promise_view

DIGEST_ITEMS = 10  # each item takes two blocks; a message holds at most 50


@dataclass(frozen=True, slots=True)
class Digest:
    waiting: list[IntroView]  # intros waiting for the person's close
    promises: list[tuple[PromiseView, IntroView]]  # promises they owe, oldest due first
    more: int  # items left out to keep the message short
    # Intro requests (`/intro ask`) still waiting for an answer: asked of the person, and asked by them.
    asks: OpenAsks = field(default_factory=lambda: OpenAsks([], []))

    @property
    def empty(self) -> bool:
        return not self.waiting and not self.promises and self.asks.empty


def open_items(session: Session, *, team_id: str, user_id: str) -> Digest:
    parties = select(Party).where(Party.team_id == team_id, Party.user_id == user_id, Party.state == PartyState.OPEN)
    promises = select(Promise).where(Promise.team_id == team_id, Promise.owner_id == user_id,
                                     Promise.state == PromiseState.OPEN)
    owed = [(promise_view(p), view_of(p.party))
            for p in session.scalars(promises.order_by(Promise.due_at).limit(DIGEST_ITEMS))]
    # An intro the person promised to get back on is still open: it shows once, as that promise.
    getting_back = promises.where(Promise.kind == PromiseKind.GET_BACK)
    waiting = list(session.scalars(
        parties.where(Party.id.not_in(getting_back.with_only_columns(Promise.party_id)))
        .order_by(Party.id).limit(DIGEST_ITEMS - len(owed))
    ))
    total = _count(session, promises) + _count(session, parties) - _count(session, getting_back)
    return Digest([view_of(p) for p in waiting], owed, more=max(total - len(owed) - len(waiting), 0),
                  asks=open_asks(session, team_id=team_id, user_id=user_id))


def _count(session: Session, query: Select[Any]) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0
