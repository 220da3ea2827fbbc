"""Flows: the two people's answers to a double opt-in question, and the introducer stepping back."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from slack_sdk import WebClient

from bot.blocks.ids import MetadataEvent
from bot.blocks.optin import no_thanks_modal, not_now_modal
from bot.domain.i18n import _, format_day
from bot.domain.optin import Answer, RequestState, default_ask_again_after
from bot.domain.timing import local_today
from bot.flows.deps import Deps
from bot.flows.optin import after_answer, hold_no_news
from bot.flows.posting import find_marked_if_readable, post_as
from bot.flows.replies import replace_buttons
from bot.services.errors import NotFound, NotYours
from bot.services.optin import AlreadyAnswered, RequestClosed, answer_request, load_request
from bot.services.optin_view import OptInView

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Recorded:
    """An answer as stored: the request now, whether this answer decided it, and the news held with it."""

    view: OptInView
    won: bool
    held: dict[str, int | None]


def record_answer(d: Deps, *, team_id: str, request_id: int, user_id: str, answer: Answer, note: str | None,
                  now: datetime, ask_again_after: date | None = None) -> Recorded:
    with d.sessions.begin() as session:
        view, won = answer_request(session, team_id=team_id, request_id=request_id, user_id=user_id, answer=answer,
                                   note=note, now=now, ask_again_after=ask_again_after)
        held = hold_no_news(session, view, won=won)  # with the answer: a killed process still tells them
    return Recorded(view, won, held)


def act_on_answer(d: Deps, client: WebClient, recorded: Recorded, *, user_id: str, answer: Answer) -> str:
    """Connect them, or pass the no on; the text that replaces the person's question."""
    return after_answer(d, client, recorded.view, actor=user_id, answer=answer, won=recorded.won,
                        held=recorded.held)


def answer_at_once(d: Deps, client: WebClient, *, team_id: str, request_id: int, user_id: str, answer: Answer,
                   now: datetime) -> str:
    """Yes, from the question's button."""
    recorded = record_answer(d, team_id=team_id, request_id=request_id, user_id=user_id, answer=answer, note=None,
                             now=now)
    return act_on_answer(d, client, recorded, user_id=user_id, answer=answer)


def no_thanks_form(d: Deps, *, team_id: str, request_id: int, user_id: str) -> dict[str, Any]:
    """"No thanks" first offers an optional note for the introducer (only to one of the two people asked)."""
    with d.sessions.begin() as session:
        view = load_request(session, team_id=team_id, request_id=request_id)
    if user_id not in view.people:
        raise NotYours()
    return no_thanks_modal(view)


def answer_no_thanks(d: Deps, client: WebClient, recorded: Recorded, *, user_id: str) -> None:
    """After a recorded "No thanks": act on it, and the question the person was asked says what happens now."""
    text = act_on_answer(d, client, recorded, user_id=user_id, answer=Answer.NO)
    _settle_question(client, recorded.view, user_id, text)


def not_now_form(d: Deps, client: WebClient, *, team_id: str, request_id: int, user_id: str,
                 now: datetime) -> dict[str, Any]:
    """"Not now" first offers a date to be asked again after (only to one of the two people asked): a working
    day about four weeks on, on the person's own calendar."""
    with d.sessions.begin() as session:
        view = load_request(session, team_id=team_id, request_id=request_id)
    if user_id not in view.people:
        raise NotYours()
    if view.state is not RequestState.ASKING:  # a form for an answer that can't count would only disappoint
        raise RequestClosed(view.state)
    if view.answer_of(user_id).answer is not Answer.PENDING:
        raise AlreadyAnswered()
    today = local_today(now, d.people.get(client, team_id, user_id).tz)
    return not_now_modal(view, user_id, ask_again_after=default_ask_again_after(today))


def answer_not_now(d: Deps, client: WebClient, recorded: Recorded, *, user_id: str) -> None:
    """After a recorded "Not now": the introducer hears it with its date, the other person that it is off, and the
    person's question says what happens now."""
    act_on_answer(d, client, recorded, user_id=user_id, answer=Answer.NOT_NOW)
    view = recorded.view
    other, after = view.other_than(user_id), view.answer_of(user_id).ask_again_after
    if after is not None:
        text = _("Got it. I've let <@{introducer}> know privately that they can ask again after {day}. <@{other}> "
                 "only hears that you can't take this on at the moment, and you won't get any reminders about it.",
                 introducer=view.introducer_id, day=format_day(after), other=other)
    else:
        text = _("Got it. I've let <@{introducer}> know privately. <@{other}> only hears that you can't take this "
                 "on at the moment, and you won't get any reminders about it.", introducer=view.introducer_id,
                 other=other)
    _settle_question(client, view, user_id, text)


def _settle_question(client: WebClient, view: OptInView, user_id: str, text: str) -> None:
    mine = view.answer_of(user_id)
    if mine.ask_channel_id and mine.ask_ts:
        replace_buttons(client, text, channel_id=mine.ask_channel_id, ts=mine.ask_ts)


def step_back(d: Deps, client: WebClient, *, team_id: str, request_id: int, user_id: str, channel: str | None,
              message: Any) -> None:
    """The introducer leaves the two of them to it, in their own words (the email idiom: "moving you to bcc"),
    and the message loses its Step back button."""
    with d.sessions.begin() as session:
        view = load_request(session, team_id=team_id, request_id=request_id)
    if user_id != view.introducer_id:
        raise NotYours()
    if not channel or not isinstance(message, dict) or not isinstance(message.get("ts"), str):
        raise NotFound()  # not pressed on the message the app posted
    # Pressed again (Slack's answer to the first press was lost, or its edit failed): said once is enough.
    if not find_marked_if_readable(client, channel=channel, event_type=MetadataEvent.STEP_BACK, key="request_id",
                                   value=view.request_id, oldest=message["ts"]):
        me = d.people.get(client, view.team_id, user_id)
        post_as(client, me, channel=channel, thread_ts=None,
                text=_("I'll step back now and let the two of you take it from here. Enjoy the conversation!"),
                metadata={"event_type": MetadataEvent.STEP_BACK.value,
                          "event_payload": {"request_id": view.request_id}})
    kept = [b for b in message.get("blocks", []) if b.get("type") == "section"]
    # Cosmetic: they said it; the button, pressed again, only does this.
    replace_buttons(client, _("<@{person}> stepped back.", person=user_id), channel_id=channel, ts=message["ts"],
                    kept=kept, message_text=message.get("text", ""))
