"""Slack layer: answering a double opt-in question, and the introducer stepping back
(see bot/flows/optin_answers.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.ids import Action, button_row_id
from bot.clock import utcnow
from bot.domain.optin import Answer
from bot.flows import optin_answers
from bot.flows.replies import reply_in_place
from bot.flows.slack_client import open_modal
from bot.slack.context import actor, deps

ANSWERS = {Action.OPTIN_YES: Answer.YES}  # "Not now" and "No thanks" open a form first


def answer(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond) -> None:
    ack()
    who = actor(body, context)
    given = ANSWERS[Action(body["actions"][0]["action_id"])]
    reply = optin_answers.answer_at_once(deps(context), client, team_id=who.team_id, request_id=button_row_id(body),
                                         user_id=who.user_id, answer=given, now=utcnow())
    reply_in_place(respond, body, reply)


def ask_for_note(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """"No thanks" first offers an optional note for the introducer."""
    ack()
    who = actor(body, context)
    view = optin_answers.no_thanks_form(deps(context), team_id=who.team_id, request_id=button_row_id(body),
                                        user_id=who.user_id)
    open_modal(client, body["trigger_id"], view)


def ask_for_date(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """"Not now" first offers a date to be asked again after."""
    ack()
    who = actor(body, context)
    view = optin_answers.not_now_form(deps(context), client, team_id=who.team_id, request_id=button_row_id(body),
                                      user_id=who.user_id, now=utcnow())
    open_modal(client, body["trigger_id"], view)


def step_back(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """The introducer leaves the two of them to it."""
    ack()
    who = actor(body, context)
    channel = (body.get("channel") or {}).get("id")
    optin_answers.step_back(deps(context), client, team_id=who.team_id, request_id=button_row_id(body),
                            user_id=who.user_id, channel=channel, message=body.get("message"))
