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
from bot.blocks.handback import Message, private_answer
from bot.blocks.ids import MetadataEvent
from bot.blocks.mrkdwn import escape
from bot.blocks.prompt import build_prompt, prompt_text
from bot.domain.closes import CloseWay
from bot.flows.people import Person
from bot.flows.slack_errors import EPHEMERAL_UNDELIVERABLE, describe, unreadable
from bot.services.closes import CloseToSend
from bot.services.intros import IntroView

log = logging.getLogger(__name__)

__all__ = ["Message", "find_marked", "find_marked_if_readable", "find_posted_close", "open_dm", "post_as",
           "post_close", "send_dm", "send_prompt"]


def open_dm(client: WebClient, user_id: str) -> str:
    return client.conversations_open(users=user_id)["channel"]["id"]


def send_dm(client: WebClient, user_id: str, message: Message) -> SlackResponse:
    """A DM with blocks (links not unfurled); returns Slack's answer (its channel and ts)."""
    text, blocks = message
    return client.chat_postMessage(channel=open_dm(client, user_id), text=text, blocks=blocks, unfurl_links=False)


def send_prompt(client: WebClient, intro: IntroView, permalink: str | None,
                policy: str | None = None) -> tuple[str, str | None]:
    """Ephemeral in the intro's channel (and thread); by DM when that cannot reach the person.
    `policy`: the person's intro policy in force, which adds a one-click decline citing it.

    Returns where it went: (channel, None) for an ephemeral, (DM channel, ts) for a DM.
    """
    args = dict(party_id=intro.party_id, introducer_id=intro.introducer_id, other_ids=intro.other_ids,
                channel_id=intro.channel_id, permalink=permalink, policy=policy)
    text = prompt_text(introducer_id=intro.introducer_id, other_ids=intro.other_ids,
                       channel_id=intro.channel_id, by_dm=False)
    in_thread = intro.thread_ts if intro.thread_ts != intro.message_ts else None
    try:
        client.chat_postEphemeral(channel=intro.channel_id, user=intro.user_id, thread_ts=in_thread,
                                  text=text, blocks=build_prompt(**args))
        return intro.channel_id, None
    except SlackApiError as error:
        if error.response.get("error") not in EPHEMERAL_UNDELIVERABLE:
            raise
    dm = open_dm(client, intro.user_id)
    sent = client.chat_postMessage(channel=dm, text=text, blocks=build_prompt(**args, by_dm=True))
    return dm, sent["ts"]


def post_close(client: WebClient, close: CloseToSend, author: Person) -> tuple[str, str]:
    """Post the close, marked with its id in the message's metadata; returns (channel, ts).
    A decline goes to the introducer's DM only."""
    metadata = {"event_type": MetadataEvent.CLOSE.value, "event_payload": {"close_id": close.close_id}}
    if close.way is CloseWay.DECLINE:
        return _send_decline(client, close, author, metadata)
    return post_as(client, author, channel=close.destination, thread_ts=close.thread_ts, text=escape(close.text),
                   metadata=metadata)


def find_posted_close(client: WebClient, close: CloseToSend) -> tuple[str, str] | None:
    """Where an earlier attempt posted this close, found in its thread by the metadata; None when it is not
    there, or when Slack will not let us read the thread: a decline's DM (the app has no im:history) or any
    refused read (then it is posted, as it would be without the lookup). Trouble that passes (429, 5xx,
    network) raises, so the attempt is retried later."""
    if close.way is CloseWay.DECLINE or close.thread_ts is None:
        return None
    ts = find_marked_if_readable(client, channel=close.destination, thread_ts=close.thread_ts,
                                 event_type=MetadataEvent.CLOSE, key="close_id", value=close.close_id)
    return (close.destination, ts) if ts else None


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


def _send_decline(client: WebClient, close: CloseToSend, author: Person,
                  metadata: dict[str, Any]) -> tuple[str, str]:
    text, blocks = private_answer(author_id=author.id, author_name=author.name, other_ids=close.intro.other_ids,
                                  channel_id=close.intro.channel_id, party_id=close.intro.party_id, text=close.text)
    sent = client.chat_postMessage(channel=open_dm(client, close.destination), text=text, blocks=blocks,
                                   unfurl_links=False, metadata=metadata)
    return sent["channel"], sent["ts"]
