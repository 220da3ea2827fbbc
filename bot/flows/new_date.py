"""Flows: a "get back to you by" date that slips. Snoozing its reminder first offers to post the new date in the
intro's thread, in the person's name ("I need a little longer; I'll get back to you by <date>"), so the people
waiting are not left guessing; posting it moves the promise to that date. Declining the offer just snoozes."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks.mrkdwn import quote
from bot.blocks.nudges import NewDateMeta, new_date_modal, new_date_text
from bot.blocks.prompt import mentions
from bot.domain.i18n import _, current_language, format_day, speaking
from bot.domain.states import PromiseKind
from bot.domain.timing import due_on, local_today
from bot.flows.delivery import Delivered, deliver
from bot.flows.deps import Deps
from bot.flows.language import language_or_english
from bot.flows.posting import open_dm, post_as
from bot.flows.replies import replace_buttons
from bot.flows.slack_errors import describe
from bot.services.errors import NotFound
from bot.services.intros import IntroView
from bot.services.nudges import PromiseView, move_promise_date
from bot.services.promises import load_promise

log = logging.getLogger(__name__)


def offer(d: Deps, *, team_id: str, promise_id: int, user_id: str, until: datetime, tz: str | None,
          response_url: str | None) -> dict[str, Any] | None:
    """The offer to post a new date, for a "get back to you by" promise snoozed to `until` (its day, on the
    person's calendar `tz`, is the new date it suggests); None for any other promise. Only its owner is offered it."""
    with d.sessions.begin() as session:
        promise, intro = load_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id)
    if promise.kind is not PromiseKind.GET_BACK:
        return None
    day = local_today(until, tz)
    return new_date_modal(meta=NewDateMeta(promise_id, response_url), other_ids=intro.other_ids, day=day,
                          voice=intro.voice.for_closer(current_language()))


def still_open(d: Deps, *, team_id: str, promise_id: int, user_id: str) -> tuple[PromiseView, IntroView]:
    """The promise the form is about, if it is still open and theirs (AlreadyDone, NotYours, NotFound otherwise)."""
    with d.sessions.begin() as session:
        promise, intro = load_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id)
    if promise.kind is not PromiseKind.GET_BACK:
        raise NotFound()
    return promise, intro


def post_new_date(d: Deps, client: WebClient, intro: IntroView, meta: NewDateMeta, *, user_id: str, day: date,
                  tz: str | None, now: datetime) -> None:
    """Say it in the thread first, then move the promise: a post Slack refuses changes nothing (the reminder stays
    snoozed as they chose). This runs after the form closed, which leaves no response_url to answer on, so a post
    Slack did not take is told to the person by DM, with the words to post themselves: nobody believes it went."""
    # The person's own words to the people waiting: in the intro's language, as their close will be.
    text = new_date_text(day, intro.voice.for_closer(current_language()))

    def send() -> bool:
        author = d.people.get(client, intro.team_id, user_id)
        post_as(client, author, channel=intro.channel_id, thread_ts=intro.thread_ts, text=text)
        return True

    def moved(session: Session, _posted: bool) -> None:
        move_promise_date(session, team_id=intro.team_id, promise_id=meta.promise_id, user_id=user_id,
                          due_at=due_on(day, tz))

    done = deliver(d, None, send, record=moved, now=now, what=f"new date of promise {meta.promise_id}",
                   tell_author=lambda: _tell_not_posted(d, client, intro, user_id=user_id, text=text))
    if isinstance(done, Delivered) and meta.response_url:  # the snoozed reminder says what happens now
        replace_buttons(client, _(":white_check_mark: Posted in the thread: you'll get back to {others} by {day}. "
                                  "I'll remind you that morning.", others=mentions(intro.other_ids),
                                  day=format_day(day)), response_url=meta.response_url)


def _tell_not_posted(d: Deps, client: WebClient, intro: IntroView, *, user_id: str, text: str) -> None:
    """Never raises: the promise is unchanged, and only the news is missing if this fails too."""
    try:
        with speaking(language_or_english(d, client, intro.team_id, user_id)):
            said = _(":warning: Slack didn't take your new date in the thread of the intro in <#{channel}>, so "
                     "nothing was posted and your reminder stays as it was. You can post it yourself:\n{text}",
                     channel=intro.channel_id, text=quote(text))
        client.chat_postMessage(channel=open_dm(client, user_id), text=said)
    except Exception as error:  # noqa: BLE001 - see above
        log.warning("could not tell %s that their new date wasn't posted: %s", user_id, describe(error))
