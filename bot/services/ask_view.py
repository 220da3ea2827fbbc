"""Use cases: an intro request (`/intro ask`) as the Slack layer and the nudges see it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db.models import IntroAsk
from bot.domain.optin import AskState


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


def view_of_ask(ask: IntroAsk) -> AskView:
    return AskView(ask.id, ask.team_id, ask.requester_id, ask.introducer_id, ask.target_id, ask.why, ask.state,
                   ask.answer, ask.suggested_id)
