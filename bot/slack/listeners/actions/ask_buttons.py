"""Slack layer: the introducer's answers to an intro request: ask both people, decline kindly, or suggest
someone else."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.domain.optin import draft_decline_ask
from bot.services.asks import AskView, load_ask
from bot.blocks.asks import decline_modal, suggest_modal
from bot.blocks.optin import optin_modal
from bot.slack.context import deps
from bot.blocks.ids import button_row_id


def _ask(body: dict[str, Any], context: BoltContext) -> AskView:
    with deps(context).sessions.begin() as session:
        return load_ask(session, team_id=context.team_id or "", ask_id=button_row_id(body),
                        introducer_id=body["user"]["id"])


def forward(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """Ask them: the double opt-in form, prefilled with the two people and the requester's why."""
    ack()
    ask = _ask(body, context)
    client.views_open(trigger_id=body["trigger_id"], view=optin_modal(
        first=ask.requester_id, second=ask.target_id, why=ask.why, ask_id=ask.ask_id,
        response_url=body.get("response_url")))


def decline(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    ask, d = _ask(body, context), deps(context)
    names = [d.people.get(client, ask.team_id, uid).first_name for uid in (ask.requester_id, ask.target_id)]
    draft = draft_decline_ask(requester=names[0], target=names[1])
    client.views_open(trigger_id=body["trigger_id"], view=decline_modal(ask, draft, body.get("response_url")))


def suggest(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=suggest_modal(_ask(body, context),
                                                                         body.get("response_url")))
