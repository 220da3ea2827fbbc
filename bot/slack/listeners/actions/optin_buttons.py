"""Slack layer: answering a double opt-in question, and the introducer stepping back."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.clock import utcnow
from bot.domain.optin import Answer
from bot.services.errors import NotYours
from bot.services.optin import answer_request, load_request
from bot.blocks.optin import no_thanks_modal
from bot.flows.posting import find_marked_if_readable, post_as
from bot.slack.context import deps
from bot.blocks.ids import Action, button_row_id
from bot.flows.optin import after_answer, hold_no_news
from bot.flows.replies import replace_buttons, reply_in_place

log = logging.getLogger(__name__)

ANSWERS = {Action.OPTIN_YES: Answer.YES, Action.OPTIN_NOT_NOW: Answer.NOT_NOW}
STEP_BACK_EVENT = "intro_step_back"  # metadata on the introducer's goodbye, so pressing again finds it


def _request_id(body: dict[str, Any]) -> int:
    return button_row_id(body)


def answer(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond) -> None:
    ack()
    d, user_id = deps(context), body["user"]["id"]
    given = ANSWERS[Action(body["actions"][0]["action_id"])]
    with d.sessions.begin() as session:
        view, won = answer_request(session, team_id=context.team_id or "", request_id=_request_id(body),
                                   user_id=user_id, answer=given, note=None, now=utcnow())
        held = hold_no_news(session, view, won=won)  # with the answer: a killed process still tells them
    reply_in_place(respond, body, after_answer(d, client, view, actor=user_id, answer=given, won=won, held=held))


def ask_for_note(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """"No thanks" first offers an optional note for the introducer."""
    ack()
    with deps(context).sessions.begin() as session:
        view = load_request(session, team_id=context.team_id or "", request_id=_request_id(body))
    if body["user"]["id"] not in view.people:
        raise NotYours()
    client.views_open(trigger_id=body["trigger_id"], view=no_thanks_modal(view))


def step_back(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """The introducer leaves the two of them to it, in their own words (the email idiom: "moving you to bcc")."""
    ack()
    d, user_id = deps(context), body["user"]["id"]
    with d.sessions.begin() as session:
        view = load_request(session, team_id=context.team_id or "", request_id=_request_id(body))
    if user_id != view.introducer_id:
        raise NotYours()
    channel, message = body["channel"]["id"], body["message"]
    # Pressed again (Slack's answer to the first press was lost, or its edit failed): said once is enough.
    if not find_marked_if_readable(client, channel=channel, event_type=STEP_BACK_EVENT, key="request_id",
                                   value=view.request_id, oldest=message["ts"]):
        me = d.people.get(client, view.team_id, user_id)
        post_as(client, me, channel=channel, thread_ts=None,
                text="I'll step back now and let the two of you take it from here. Enjoy the conversation!",
                metadata={"event_type": STEP_BACK_EVENT, "event_payload": {"request_id": view.request_id}})
    kept = [b for b in message.get("blocks", []) if b.get("type") == "section"]
    # Cosmetic: they said it; the button, pressed again, only does this.
    replace_buttons(client, f"<@{user_id}> stepped back.", channel_id=channel, ts=message["ts"], kept=kept,
                    message_text=message.get("text", ""))
