"""Slack layer: the introducer's answers to an intro request: ask both people, decline kindly, or suggest
someone else (see bot/flows/ask_answers.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.ids import button_row_id
from bot.flows.ask_answers import decline_form, forward_form, suggest_form
from bot.flows.replies import message_response_url
from bot.flows.slack_client import open_modal
from bot.slack.context import actor, deps


def forward(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    who = actor(body, context)
    open_modal(client, body["trigger_id"], forward_form(
        deps(context), team_id=who.team_id, ask_id=button_row_id(body), introducer_id=who.user_id,
        response_url=message_response_url(body)))


def decline(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    who = actor(body, context)
    open_modal(client, body["trigger_id"], decline_form(
        deps(context), client, team_id=who.team_id, ask_id=button_row_id(body), introducer_id=who.user_id,
        response_url=message_response_url(body)))


def suggest(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    who = actor(body, context)
    open_modal(client, body["trigger_id"], suggest_form(
        deps(context), team_id=who.team_id, ask_id=button_row_id(body), introducer_id=who.user_id,
        response_url=message_response_url(body)))
