"""Slack layer: "Happy to connect" marks the intro so at once and opens a short yes to post in the thread, if the
person wants to (see bot/flows/closing/yes.py). In the "Close this intro" shortcut's modal, the yes takes its
place."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.ids import button_row_id
from bot.clock import utcnow
from bot.flows.closing.yes import happy_to_connect_text, mark_happy_to_connect, yes_form
from bot.flows.replies import message_response_url, replace_prompt
from bot.flows.response_urls import trusted
from bot.flows.slack_client import open_modal
from bot.flows.slack_errors import describe
from bot.services.errors import ServiceError
from bot.slack.context import actor, deps
from bot.slack.listeners.actions.prompt_buttons import from_chooser, refuse_in_chooser

log = logging.getLogger(__name__)


def happy_to_connect(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    d, chooser, who = deps(context), from_chooser(body), actor(body, context)
    try:
        intro = mark_happy_to_connect(d, team_id=who.team_id, party_id=button_row_id(body), user_id=who.user_id,
                                      now=utcnow())
    except ServiceError as error:
        refuse_in_chooser(client, body, chooser, error)
        return
    if chooser is not None:
        view = yes_form(d, client, intro, response_url=trusted(chooser.response_url, client), via_shortcut=True)
        client.views_update(view_id=body["view"]["id"], hash=body["view"].get("hash"), view=view)
        return
    # From a digest, the yes's outcome goes to the prompt itself, leaving the digest's other items in place.
    later = message_response_url(body)
    try:
        open_modal(client, body["trigger_id"], yes_form(d, client, intro, response_url=later))
        offered = True
    except Exception as error:  # noqa: BLE001 - the yes is optional: the intro is marked, and the prompt says so
        log.info("the yes form for party %s did not open (%s)", intro.party_id, describe(error))
        offered = False
    replace_prompt(client, response_url=body.get("response_url"), prompt_channel_id=intro.prompt_channel_id,
                   prompt_ts=intro.prompt_ts, text=happy_to_connect_text(intro, offered=offered))
