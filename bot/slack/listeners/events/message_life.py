"""Slack layer: edits and deletions of messages in the conversations the bot is in (see bot/flows/intro_life.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.blocks.ids import is_slack_id
from bot.flows.intro_life import follow_deletion, follow_edit, read_edit
from bot.flows.noticing import keep_noticed
from bot.slack.context import KEPT, deps, team_of_event

EDITED, DELETED = "message_changed", "message_deleted"
EDIT = "edit"  # where the middleware leaves what it read of an edit, for the listener


def is_edit_or_deletion(event: dict[str, Any]) -> bool:
    return event.get("subtype") in (EDITED, DELETED) and is_slack_id(event.get("channel"))


def keep_edited_intro_before_ack(event: dict[str, Any], context: BoltContext,
                                 next: Callable[[], None]) -> None:  # noqa: A002 - Bolt's name
    """Listener middleware, run before Slack gets its acknowledgement: an edit that makes a message an intro
    is kept durably first, as a new intro is."""
    edit = read_edit(event) if event.get("subtype") == EDITED else None
    context[EDIT] = edit
    if edit is not None and edit.noticed is not None:
        context[KEPT] = keep_noticed(deps(context), edit.noticed, text=event["message"]["text"],
                                     team_id=team_of_event(context, event),
                                     channel_id=event["channel"], message_ts=edit.message_ts,
                                     thread_ts=edit.thread_ts, author_id=edit.author_id,
                                     bot_user_id=context.bot_user_id)
    next()


def follow_intro_life(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    d, channel_id, team_id = deps(context), event["channel"], team_of_event(context, event)
    if event.get("subtype") == DELETED:
        follow_deletion(d, client, team_id=team_id, channel_id=channel_id, event=event)
    else:
        follow_edit(d, client, team_id=team_id, channel_id=channel_id, edit=context.get(EDIT),
                    kept=context.get(KEPT))
