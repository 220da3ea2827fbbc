"""Use cases: everything open for one person (for the Home tab and `/intro list`), and how their intros went."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.db.models import Intro, OptInAnswer, OptInRequest, Party
from bot.domain.i18n import N_
from bot.domain.optin import Answer, RequestState
from bot.domain.states import PartyState
from bot.services.digest import Digest, open_items
from bot.services.optin_view import OptInView, view_of_request

LIST_ITEMS = 10
PASSES_IN_A_ROW = 3  # after this many passes on one introducer's intros, suggest asking what they'd welcome

# How each way an intro can end reads in the introducer's summary (translated where shown: bot/blocks/home.py).
OUTCOME_LABELS = {
    PartyState.CONNECTED: N_("happy to connect"),
    PartyState.CLOSED_DIRECT: N_("closed directly"),
    PartyState.REDIRECTED: N_("redirected"),
    PartyState.DECLINED: N_("declined"),
    PartyState.DISMISSED: N_("not an intro"),
    PartyState.OPEN: N_("still open"),
    RequestState.CONNECTED: N_("connected after both said yes"),
    RequestState.DECLINED: N_("not wanted (a no or not now)"),
    RequestState.EXPIRED: N_("expired without answers"),
    RequestState.WITHDRAWN: N_("withdrawn before both said yes"),
    RequestState.ASKING: N_("waiting for answers"),
}
NOT_OUTCOMES = (PartyState.QUIET, PartyState.REMOVED)  # never asked, or the intro's message went
PASSES = {PartyState.CLOSED_DIRECT, PartyState.DECLINED, Answer.NO, Answer.NOT_NOW}


@dataclass(frozen=True, slots=True)
class IntrosMade:
    outcomes: dict[str, int]  # outcome label -> how many (per introduced person, or per request)
    passing: list[str]  # people who passed on the introducer's last few intros in a row


@dataclass(frozen=True, slots=True)
class Overview:
    open: Digest  # intros waiting for their close, and promises they owe
    to_answer: list[OptInView]  # double opt-in questions waiting on them
    waiting_on_others: list[OptInView]  # requests they made that are still asking
    made: IntrosMade

    @property
    def empty(self) -> bool:
        return self.open.empty and not self.to_answer and not self.waiting_on_others


def overview(session: Session, *, team_id: str, user_id: str) -> Overview:
    asking = (select(OptInRequest).where(OptInRequest.team_id == team_id, OptInRequest.state == RequestState.ASKING)
              .options(selectinload(OptInRequest.answers)).order_by(OptInRequest.id).limit(LIST_ITEMS))
    to_answer = session.scalars(asking.join(OptInAnswer).where(
        OptInAnswer.user_id == user_id, OptInAnswer.answer == Answer.PENDING))
    mine = session.scalars(asking.where(OptInRequest.introducer_id == user_id))
    return Overview(
        open=open_items(session, team_id=team_id, user_id=user_id),
        to_answer=[view_of_request(r) for r in to_answer],
        waiting_on_others=[view_of_request(r) for r in mine],
        made=intros_made(session, team_id=team_id, introducer_id=user_id),
    )


def intros_made(session: Session, *, team_id: str, introducer_id: str) -> IntrosMade:
    """How the introducer's intros went, and who keeps passing on them (to ask what they'd welcome)."""
    outcomes: dict[str, int] = defaultdict(int)
    history: dict[str, list[tuple[datetime, StrEnum]]] = defaultdict(list)  # person -> [(when, how it ended)]
    parties = session.execute(
        select(Party.user_id, Party.state, Intro.created_at).join(Intro)
        .where(Intro.team_id == team_id, Intro.introducer_id == introducer_id, Party.state.not_in(NOT_OUTCOMES))
    )
    for person, state, when in parties:
        outcomes[OUTCOME_LABELS[state]] += 1
        history[person].append((when, state))
    requests = session.scalars(
        select(OptInRequest).where(OptInRequest.team_id == team_id, OptInRequest.introducer_id == introducer_id)
        .options(selectinload(OptInRequest.answers))
    )
    for request in requests:
        outcomes[OUTCOME_LABELS[request.state]] += 1
        for answer in request.answers:
            history[answer.user_id].append((request.created_at, answer.answer))
    passing = [person for person, ended in history.items()
               if len(ended) >= PASSES_IN_A_ROW
               and all(how in PASSES for _, how in sorted(ended, key=lambda e: e[0])[-PASSES_IN_A_ROW:])]
    return IntrosMade(dict(outcomes), sorted(passing))
