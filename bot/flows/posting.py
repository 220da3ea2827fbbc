"""Flows, Slack I/O: posting the bot's messages (prompts, closes, posts in a person's name) and finding an
earlier attempt's post by its message metadata, so a retry never posts twice.

These only talk to Slack; storing, recording and retrying is bot/flows/delivery.py's.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.blocks.closes import posted_close
from bot.blocks.kit import Message
from bot.flows.people import Person
from bot.flows.slack_errors import describe, unreadable

log = logging.getLogger(__name__)


def open_dm(client: WebClient, user_id: str) -> str:
    return client.conversations_open(users=user_id)["channel"]["id"]


def send_dm(client: WebClient, user_id: str, message: Message) -> SlackResponse:
    """A DM with blocks (links not unfurled); returns Slack's answer (its channel and ts)."""
    text, blocks = message
    return client.chat_postMessage(channel=open_dm(client, user_id), text=text, blocks=blocks, unfurl_links=False)


def find_marked(client: WebClient, *, channel: str, event_type: str, key: str, value: object,
                thread_ts: str | None = None, oldest: str | None = None) -> str | None:
    """The ts of a message in `channel` (in `thread_ts`'s thread; newer than `oldest`) whose metadata is
    `event_type` with `key` = `value`, or None. Needs the conversation kind's history scope."""
    cursor = None
    while True:
        common: dict[str, Any] = {"channel": channel, "cursor": cursor, "oldest": oldest, "limit": 200,
                                  "include_all_metadata": True}
        page = (client.conversations_replies(ts=thread_ts, **common) if thread_ts
                else client.conversations_history(**common))
        for message in page.get("messages") or []:
            metadata = message.get("metadata") or {}
            if metadata.get("event_type") == event_type and \
                    str((metadata.get("event_payload") or {}).get(key)) == str(value):
                return str(message["ts"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return None


def find_marked_if_readable(client: WebClient, **where: Any) -> str | None:
    """`find_marked`, but None when Slack will not show us the conversation (a scope or token type it does not
    allow there): the caller then posts, as it would without looking. Trouble that passes raises."""
    try:
        return find_marked(client, **where)
    except SlackApiError as error:
        if not unreadable(error):
            raise
        log.info("could not look for an earlier post (%s); posting it", describe(error))
        return None


def post_as(client: WebClient, author: Person, *, channel: str, thread_ts: str | None, text: str,
            metadata: dict[str, Any] | None = None) -> tuple[str, str]:
    """Post safe mrkdwn in a person's name and picture, with a small note that the app sent it."""
    blocks = posted_close(text, author.name)
    sent = client.chat_postMessage(
        channel=channel, thread_ts=thread_ts, text=text, blocks=blocks, username=author.name,
        icon_url=author.image_url, unfurl_links=False, unfurl_media=False, metadata=metadata,
    )
    return sent["channel"], sent["ts"]
