"""Slack layer: sending the introducer's kind decline, or their suggestion of someone else, to the requester."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.clock import utcnow
from bot.domain.optin import AskState
from bot.services.asks import answer_ask
from bot.services.errors import ServiceError
from bot.blocks.asks import answer_message
from bot.slack.context import deps
from bot.blocks.ids import AskField, private_metadata, row_id
from bot.flows.delivery import send_held
from bot.flows.replies import replace_prompt


def _value(body: dict[str, Any], field: AskField) -> Any:
    element = body["view"]["state"]["values"].get(field, {}).get(field, {})
    return element.get("selected_user") or (element.get("value") or "").strip() or None


def _answer(ack: Ack, context: BoltContext, client: WebClient, body: dict[str, Any], state: AskState,
            answer: str | None, suggested_id: str | None, done: str) -> None:
    """Record the answer before acknowledging, so someone else's or a second submission is refused in the form;
    then send it to the requester (kept and sent later when Slack does not take it)."""
    meta, now, d = private_metadata(body), utcnow(), deps(context)
    try:
        with d.sessions.begin() as session:
            ask, held = answer_ask(session, team_id=context.team_id or "", ask_id=row_id(meta.get("ask_id")),
                                   introducer_id=body["user"]["id"], state=state, answer=answer,
                                   suggested_id=suggested_id, now=now)
    except ServiceError as error:
        ack(response_action="errors", errors={AskField.TEXT: error.message})
        return
    ack()
    if not send_held(d, client, held, user_id=ask.requester_id, message=answer_message(ask), now=now):
        done = ("Slack didn't take your answer just now. It's saved, and I'll send it as soon as Slack "
                "accepts it; nothing for you to redo.")
    replace_prompt(client, response_url=meta.get("response_url"), prompt_channel_id=None, prompt_ts=None, text=done)


def submit_decline(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    text = _value(body, AskField.TEXT)
    if not text:
        ack(response_action="errors", errors={AskField.TEXT: "Write a short answer before sending."})
        return
    _answer(ack, context, client, body, AskState.DECLINED, text, None,
            ":white_check_mark: Your answer went to them privately. Thank you for answering clearly.")


def submit_suggest(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    someone, note = _value(body, AskField.SOMEONE), _value(body, AskField.TEXT)
    if not someone or someone == body["user"]["id"]:
        ack(response_action="errors", errors={AskField.SOMEONE: "Pick someone other than yourself."})
        return
    _answer(ack, context, client, body, AskState.SUGGESTED, note, someone,
            f":white_check_mark: I passed your suggestion of <@{someone}> on. Thank you!")
