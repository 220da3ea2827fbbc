"""Flows: a "get back to you by" date that slips. Snoozing its reminder first offers to post the new date in the
intro's thread, in the person's name ("I need a little longer; I'll get back to you by <date>"), so the people
waiting are not left guessing; posting it moves the promise to that date. Declining the offer just snoozes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from slack_sdk import WebClient

from bot.blocks.nudges import NewDateMeta, new_date_modal, new_date_text
from bot.blocks.prompt import mentions
from bot.domain.i18n import _, format_day
from bot.domain.states import PromiseKind
from bot.domain.timing import due_on, local_today
from bot.flows.deps import Deps
from bot.flows.posting import post_as
from bot.flows.replies import replace_buttons
from bot.services.errors import NotFound
from bot.services.intros import IntroView
from bot.services.nudges import PromiseView, move_promise_date
from bot.services.promises import load_promise


def offer(d: Deps, *, team_id: str, promise_id: int, user_id: str, until: datetime, tz: str | None,
          response_url: str | None) -> dict[str, Any] | None:
    """The offer to post a new date, for a "get back to you by" promise snoozed to `until` (its day, on the
    person's calendar `tz`, is the new date it suggests); None for any other promise. Only its owner is offered it."""
    with d.sessions.begin() as session:
        promise, intro = load_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id)
    if promise.kind is not PromiseKind.GET_BACK:
        return None
    day = local_today(until, tz)
    return new_date_modal(meta=NewDateMeta(promise_id, response_url), other_ids=intro.other_ids, day=day)


def still_open(d: Deps, *, team_id: str, promise_id: int, user_id: str) -> tuple[PromiseView, IntroView]:
    """The promise the form is about, if it is still open and theirs (AlreadyDone, NotYours, NotFound otherwise)."""
    with d.sessions.begin() as session:
        promise, intro = load_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id)
    if promise.kind is not PromiseKind.GET_BACK:
        raise NotFound()
    return promise, intro


def post_new_date(d: Deps, client: WebClient, intro: IntroView, meta: NewDateMeta, *, user_id: str, day: date,
                  tz: str | None) -> None:
    """Say it in the thread first, then move the promise: a post Slack refuses changes nothing, and the person
    hears so (the reminder stays snoozed as they chose)."""
    author = d.people.get(client, intro.team_id, user_id)
    post_as(client, author, channel=intro.channel_id, thread_ts=intro.thread_ts, text=new_date_text(day))
    with d.sessions.begin() as session:
        move_promise_date(session, team_id=intro.team_id, promise_id=meta.promise_id, user_id=user_id,
                          due_at=due_on(day, tz))
    if meta.response_url:  # the snoozed reminder says what happens now
        replace_buttons(client, _(":white_check_mark: Posted in the thread: you'll get back to {others} by {day}. "
                                  "I'll remind you that morning.", others=mentions(intro.other_ids),
                                  day=format_day(day)), response_url=meta.response_url)
