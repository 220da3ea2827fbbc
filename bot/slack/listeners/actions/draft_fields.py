"""Slack layer: a choice changed in the close modal (a reason, a date, who is better placed): the draft is
written again for it, unless the person edited it (see bot/flows/closing/drafting.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.close_form import submitted
from bot.clock import utcnow
from bot.flows.closing.answers import redraft
from bot.slack.context import actor, deps


def refresh_draft(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    who = actor(body, context)
    meta, form = submitted(body)
    view = redraft(deps(context), client, team_id=who.team_id, user_id=who.user_id, meta=meta, form=form,
                   now=utcnow())
    if view is None:
        return
    try:
        client.views_update(view_id=body["view"]["id"], hash=body["view"].get("hash"), view=view)
    except SlackApiError as error:
        if error.response.get("error") != "hash_conflict":  # a newer update already won
            raise
