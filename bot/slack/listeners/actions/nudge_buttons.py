"""Slack layer: the buttons on a promise nudge (see bot/flows/promises.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.ids import button_row_id, row_id
from bot.clock import utcnow
from bot.domain.i18n import _
from bot.domain.nudging import Snooze, snoozed_until
from bot.flows import new_date, promises
from bot.flows.replies import message_response_url, reply_in_place
from bot.flows.slack_client import open_modal
from bot.services.errors import NotFound
from bot.slack.context import actor, chosen_value, deps


def make_intro(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond) -> None:
    """Keep a redirect promise: the opt-in form opens when both people are asked first; else what was done."""
    ack()
    who = actor(body, context)
    response_url = message_response_url(body)
    step = promises.keep_redirect(deps(context), client, team_id=who.team_id, promise_id=button_row_id(body),
                                  user_id=who.user_id, response_url=response_url, now=utcnow())
    if step.optin_form is not None:
        open_modal(client, body["trigger_id"], step.optin_form)
        return  # the promise is kept when the two people are connected
    reply_in_place(respond, body, step.reply)


def mark_done(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond) -> None:
    ack()
    who = actor(body, context)
    promises.mark_done(deps(context), client, team_id=who.team_id, promise_id=button_row_id(body), user_id=who.user_id,
                       now=utcnow())
    reply_in_place(respond, body, _(":white_check_mark: Marked as done. Thank you for following through!"))


def snooze(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond) -> None:
    """Remind later. A "get back to you by" date that slips first offers to post the new date in the thread (a
    form; closing it just snoozes), so the people waiting are not left guessing."""
    ack()
    raw_id, _colon, raw_snooze = (chosen_value(body) or "").partition(":")
    if raw_snooze not in {choice.value for choice in Snooze}:
        raise NotFound()  # not a choice the menu offers
    d, who, now = deps(context), actor(body, context), utcnow()
    promise_id, choice = row_id(raw_id), Snooze(raw_snooze)
    tz = d.people.get(client, who.team_id, who.user_id).tz  # once: the offer and the snooze name the same day
    until = snoozed_until(choice, now, tz)
    offer = new_date.offer(d, team_id=who.team_id, promise_id=promise_id, user_id=who.user_id, until=until, tz=tz,
                           response_url=message_response_url(body))
    if offer is not None:
        open_modal(client, body["trigger_id"], offer)  # first, while the trigger is fresh
    reply = promises.snooze(d, team_id=who.team_id, promise_id=promise_id, user_id=who.user_id, until=until, tz=tz)
    reply_in_place(respond, body, reply)


def close_instead(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """A redirect that cannot be kept: open a direct close, prefilled, to post where the redirect was."""
    ack()
    who = actor(body, context)
    view = promises.close_instead_form(deps(context), client, team_id=who.team_id, promise_id=button_row_id(body),
                                       user_id=who.user_id, response_url=body.get("response_url"), now=utcnow())
    open_modal(client, body["trigger_id"], view)
