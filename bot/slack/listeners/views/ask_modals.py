"""Slack layer: sending the introducer's kind decline, or their suggestion of someone else, to the requester."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.clock import utcnow
from bot.domain.optin import AskState
from bot.services.asks import settle_ask
from bot.services.errors import ServiceError
from bot.slack.delivery import open_dm, replace_prompt
from bot.slack.deps import deps
from bot.slack.ids import AskField
from bot.slack.mrkdwn import quote


def _meta(body: dict[str, Any]) -> dict[str, Any]:
    return json.loads(body["view"]["private_metadata"])


def _value(body: dict[str, Any], field: AskField) -> Any:
    element = body["view"]["state"]["values"].get(field, {}).get(field, {})
    return element.get("selected_user") or (element.get("value") or "").strip() or None


def _settle_and_tell(ack: Ack, context: BoltContext, client: WebClient, body: dict[str, Any], state: AskState,
                     to_requester: str, done: str) -> None:
    """Record the answer before acknowledging, so someone else's or a second submission is refused in the form."""
    meta, introducer_id = _meta(body), body["user"]["id"]
    try:
        with deps(context).sessions.begin() as session:
            ask = settle_ask(session, team_id=context.team_id or "", ask_id=int(meta["ask_id"]),
                             introducer_id=introducer_id, state=state, now=utcnow())
    except ServiceError as error:
        ack(response_action="errors", errors={AskField.TEXT: error.message})
        return
    ack()
    client.chat_postMessage(channel=open_dm(client, ask.requester_id), text=to_requester)
    replace_prompt(client, response_url=meta.get("response_url"), prompt_channel_id=None, prompt_ts=None, text=done)


def submit_decline(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    text = _value(body, AskField.TEXT)
    if not text:
        ack(response_action="errors", errors={AskField.TEXT: "Write a short answer before sending."})
        return
    introducer_id = body["user"]["id"]
    _settle_and_tell(ack, context, client, body, AskState.DECLINED,
                     f"<@{introducer_id}> answered your intro request:\n{quote(text)}",
                     ":white_check_mark: Your answer went to them privately. Thank you for answering clearly.")


def submit_suggest(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    someone, note = _value(body, AskField.SOMEONE), _value(body, AskField.TEXT)
    user_id = body["user"]["id"]
    if not someone or someone == user_id:
        ack(response_action="errors", errors={AskField.SOMEONE: "Pick someone other than yourself."})
        return
    said = f"\n{quote(note)}" if note else ""
    _settle_and_tell(ack, context, client, body, AskState.SUGGESTED,
                     f"<@{user_id}> suggests asking <@{someone}> about your intro request instead.{said}",
                     f":white_check_mark: I passed your suggestion of <@{someone}> on. Thank you!")
