"""Flows: the buttons on a promise nudge. They act on the promise as it is now, days later too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from bot.blocks.nudges import redirect_intro
from bot.blocks.optin import optin_modal
from bot.domain.closes import CloseWay
from bot.domain.nudging import Snooze, snoozed_until
from bot.domain.optin import redirect_why
from bot.domain.states import PromiseState
from bot.domain.timing import local_day
from bot.flows.closing.drafting import first_modal
from bot.flows.deps import Deps
from bot.flows.posting import find_marked_if_readable, post_as
from bot.services.nudges import snooze_promise
from bot.services.promises import load_promise, reopen_promise, settle_promise

REDIRECT_EVENT = "intro_redirect"  # metadata on an intro a kept redirect posts, so pressing again finds it


@dataclass(frozen=True, slots=True)
class RedirectStep:
    """Keeping a redirect: either both people are asked first (the opt-in form to open), or the intro is posted."""

    optin_form: dict[str, Any] | None = None
    reply: str = ""


def keep_redirect(d: Deps, client: WebClient, *, team_id: str, promise_id: int, user_id: str,
                  response_url: str | None, now: datetime) -> RedirectStep:
    """Keep a redirect promise: ask both people first (double opt-in) when the better-placed person is a member and
    one person is waiting; otherwise post the intro in the original thread, in the promiser's name."""
    with d.sessions.begin() as session:
        promise, intro = load_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id)
    waiting = [uid for uid in intro.other_ids if uid != promise.target_user_id]
    if promise.target_user_id and len(waiting) == 1:
        names = [d.people.get(client, team_id, uid).first_name for uid in (waiting[0], promise.target_user_id)]
        return RedirectStep(optin_form=optin_modal(  # the promise is kept when the request is sent
            first=waiting[0], second=promise.target_user_id, why=redirect_why(*names), promise_id=promise.promise_id,
            response_url=response_url))
    owner = d.people.get(client, team_id, promise.owner_id)  # before keeping it: a failed lookup changes nothing
    with d.sessions.begin() as session:
        promise, intro = settle_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id,
                                        state=PromiseState.KEPT, now=now)
    try:
        # Pressed again after Slack's answer to the post was lost: it is in the thread already.
        if not find_marked_if_readable(client, channel=intro.channel_id, thread_ts=intro.thread_ts,
                                       event_type=REDIRECT_EVENT, key="promise_id", value=promise.promise_id):
            post_as(client, owner, channel=intro.channel_id, thread_ts=intro.thread_ts,
                    text=redirect_intro(owner.id, promise, intro),
                    metadata={"event_type": REDIRECT_EVENT, "event_payload": {"promise_id": promise.promise_id}})
    except Exception:
        with d.sessions.begin() as session:
            reopen_promise(session, promise_id=promise.promise_id)  # not kept after all: keep reminding
        raise
    return RedirectStep(reply=f":white_check_mark: Done: I posted the intro in <#{intro.channel_id}>. "
                              "Promise kept, thank you!")


def mark_done(d: Deps, *, team_id: str, promise_id: int, user_id: str, now: datetime) -> None:
    with d.sessions.begin() as session:
        settle_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id, state=PromiseState.KEPT,
                       now=now)


def snooze(d: Deps, client: WebClient, *, team_id: str, promise_id: int, user_id: str, choice: Snooze,
           now: datetime) -> str:
    """Remind the person later, on a day of their own calendar; the reply says which."""
    tz = d.people.get(client, team_id, user_id).tz
    until = snoozed_until(choice, now, tz)
    with d.sessions.begin() as session:
        snooze_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id, until=until)
    return f":zzz: Snoozed. I'll remind you on {local_day(until, tz)}."


def close_instead_form(d: Deps, client: WebClient, *, team_id: str, promise_id: int, user_id: str,
                       response_url: str | None, now: datetime) -> dict[str, Any]:
    """A redirect that cannot be kept: a direct close, prefilled, to post where the redirect was."""
    with d.sessions.begin() as session:
        promise, intro = load_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id)
    return first_modal(d, client, intro, CloseWay.DIRECT, response_url=response_url, now=now, instead_of=promise)
