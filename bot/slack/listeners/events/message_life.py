"""Slack layer: edits and deletions of messages in the conversations the bot is in (see bot/flows/intro_life.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.flows.intro_life import follow_deletion, follow_edit
from bot.slack.context import deps

EDITED, DELETED = "message_changed", "message_deleted"


def is_edit_or_deletion(event: dict[str, Any]) -> bool:
    return event.get("subtype") in (EDITED, DELETED) and isinstance(event.get("channel"), str)


def follow_intro_life(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    d, channel_id = deps(context), event["channel"]
    team_id = context.team_id or (event.get("team") if isinstance(event.get("team"), str) else "") or ""
    if event.get("subtype") == DELETED:
        follow_deletion(d, client, team_id=team_id, channel_id=channel_id, event=event)
    else:
        follow_edit(d, client, team_id=team_id, channel_id=channel_id, event=event, bot_user_id=context.bot_user_id)
