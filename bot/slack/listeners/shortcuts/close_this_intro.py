"""Slack layer: the "Close this intro" message shortcut (see bot/flows/closing/shortcut.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.domain.i18n import _
from bot.flows.closing.shortcut import UNREADABLE, handle_shortcut, read_shortcut
from bot.flows.response_urls import post
from bot.slack.context import deps, team_of


def close_this_intro(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    shortcut = read_shortcut(body, team_id=team_of(context), client=client)
    if shortcut is None:  # answered where it was used, if Slack gave a way; never by DM to whoever it names
        post(client, body.get("response_url"), {"response_type": "ephemeral", "replace_original": False,
                                                "text": _(UNREADABLE)})
        return
    handle_shortcut(deps(context), client, shortcut, bot_user_id=context.bot_user_id)
