"""Use cases: a double opt-in request as the Slack layer and the nudges see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.db.models import OptInRequest
from bot.domain.optin import Answer, IntroKind, RequestState


@dataclass(frozen=True, slots=True)
class PersonAnswer:
    user_id: str
    answer: Answer
    note: str | None
    ask_channel_id: str | None
    ask_ts: str | None
    ask_again_after: date | None = None  # a "Not now" with a date: when the introducer may ask again


@dataclass(frozen=True, slots=True)
class OptInView:
    request_id: int
    team_id: str
    introducer_id: str
    kind: IntroKind
    why: str
    state: RequestState
    answers: tuple[PersonAnswer, PersonAnswer]
    group_channel_id: str | None

    @property
    def people(self) -> tuple[str, str]:
        return self.answers[0].user_id, self.answers[1].user_id

    def answer_of(self, user_id: str) -> PersonAnswer:
        return next(a for a in self.answers if a.user_id == user_id)

    def other_than(self, user_id: str) -> str:
        return next(a.user_id for a in self.answers if a.user_id != user_id)


def view_of_request(request: OptInRequest) -> OptInView:
    first, second = (PersonAnswer(a.user_id, a.answer, a.note, a.ask_channel_id, a.ask_ts,
                                  a.ask_again_after) for a in request.answers)
    return OptInView(request.id, request.team_id, request.introducer_id, request.kind, request.why, request.state,
                     (first, second), request.group_channel_id)
