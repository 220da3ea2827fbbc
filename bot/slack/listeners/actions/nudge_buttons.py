"""Slack layer: the buttons on a promise nudge. They act on the promise as it is now, days later too."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.clock import utcnow
from bot.domain.states import PromiseState
from bot.domain.closes import CloseWay
from bot.domain.nudging import Snooze, snoozed_until
from bot.domain.timing import local_day
from bot.services.nudges import snooze_promise
from bot.services.promises import load_promise, reopen_promise, settle_promise
from bot.domain.optin import redirect_why
from bot.blocks.nudges import redirect_intro
from bot.blocks.optin import optin_modal
from bot.flows.posting import find_marked_if_readable, post_as
from bot.slack.context import deps
from bot.flows.closing.drafting import first_modal
from bot.flows.replies import from_digest, reply_in_place
from bot.blocks.ids import button_row_id, row_id
from bot.services.errors import NotFound


REDIRECT_EVENT = "intro_redirect"  # metadata on an intro a kept redirect posts, so pressing again finds it


def _promise_id(body: dict[str, Any]) -> int:
    return button_row_id(body)


def make_intro(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond) -> None:
    """Keep a redirect promise: ask both people first (double opt-in) when the better-placed person is a
    member and one person is waiting; otherwise post the intro in the original thread, in the promiser's name."""
    ack()
    d, team_id, now = deps(context), context.team_id or "", utcnow()
    with d.sessions.begin() as session:
        promise, intro = load_promise(session, team_id=team_id, promise_id=_promise_id(body),
                                      user_id=body["user"]["id"])
    waiting = [uid for uid in intro.other_ids if uid != promise.target_user_id]
    if promise.target_user_id and len(waiting) == 1:
        names = [d.people.get(client, team_id, uid).first_name for uid in (waiting[0], promise.target_user_id)]
        client.views_open(trigger_id=body["trigger_id"], view=optin_modal(
            first=waiting[0], second=promise.target_user_id, why=redirect_why(*names), promise_id=promise.promise_id,
            response_url=None if from_digest(body) else body.get("response_url")))
        return  # the promise is kept when the request is sent
    owner = d.people.get(client, team_id, promise.owner_id)  # before keeping it: a failed lookup changes nothing
    with d.sessions.begin() as session:
        promise, intro = settle_promise(session, team_id=team_id, promise_id=_promise_id(body),
                                        user_id=body["user"]["id"], state=PromiseState.KEPT, now=now)
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
    reply_in_place(respond, body, f":white_check_mark: Done: I posted the intro in <#{intro.channel_id}>. Promise kept, thank you!")


def mark_done(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
    ack()
    with deps(context).sessions.begin() as session:
        settle_promise(session, team_id=context.team_id or "", promise_id=_promise_id(body),
                       user_id=body["user"]["id"], state=PromiseState.KEPT, now=utcnow())
    reply_in_place(respond, body, ":white_check_mark: Marked as done. Thank you for following through!")


def snooze(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond) -> None:
    ack()
    raw_id, _, raw_snooze = ((body["actions"][0].get("selected_option") or {}).get("value") or "").partition(":")
    if raw_snooze not in {choice.value for choice in Snooze}:
        raise NotFound()  # not a choice the menu offers
    d, team_id, user_id, now = deps(context), context.team_id or "", body["user"]["id"], utcnow()
    tz = d.people.get(client, team_id, user_id).tz
    until = snoozed_until(Snooze(raw_snooze), now, tz)
    with d.sessions.begin() as session:
        snooze_promise(session, team_id=team_id, promise_id=row_id(raw_id), user_id=user_id, until=until)
    reply_in_place(respond, body, f":zzz: Snoozed. I'll remind you on {local_day(until, tz)}.")


def close_instead(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """A redirect that cannot be kept: open a direct close, prefilled, to post where the redirect was."""
    ack()
    d = deps(context)
    with d.sessions.begin() as session:
        promise, intro = load_promise(session, team_id=context.team_id or "", promise_id=_promise_id(body),
                                      user_id=body["user"]["id"])
    view = first_modal(d, client, intro, CloseWay.DIRECT, response_url=body.get("response_url"), now=utcnow(),
                       instead_of=promise)
    client.views_open(trigger_id=body["trigger_id"], view=view)
