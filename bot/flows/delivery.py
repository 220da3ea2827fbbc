"""Flows, Slack I/O: sending prompts and closes (a prompt is replaced once answered: bot/flows/response_urls.py)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.closes import CloseWay
from bot.services.closes import CloseToSend
from bot.services.intros import IntroView
from bot.services.nudges import mark_nudge_failed, mark_sent_now
from bot.blocks.closes import posted_close
from bot.blocks.prompt import build_prompt, mentions, prompt_text
from bot.flows.deps import Deps
from bot.blocks.ids import Action
from bot.blocks.mrkdwn import chunks, escape, quote
from bot.flows.people import Person

log = logging.getLogger(__name__)

# An ephemeral needs the person in the channel; these errors mean "reach them by DM instead".
EPHEMERAL_UNDELIVERABLE = {"user_not_in_channel", "channel_not_found", "not_in_channel", "is_archived"}
# Slack answered and will keep answering no: retrying cannot help.
FINAL_ERRORS = {
    "channel_not_found", "is_archived", "not_in_channel", "msg_too_long", "no_text", "invalid_blocks",
    "restricted_action", "user_not_found", "user_disabled", "cannot_dm_bot", "account_inactive",
}
# Message metadata on every close, so a retry can tell whether an earlier attempt reached Slack.
CLOSE_EVENT = "intro_close"


def is_final(error: Exception) -> bool:
    """True when Slack refused for good; 429, 5xx and network trouble are worth retrying."""
    return isinstance(error, SlackApiError) and error.response.get("error") in FINAL_ERRORS


def is_unavailable(error: Exception) -> bool:
    """Slack was rate limiting, failing or unreachable (after the client's own retries), or did not answer in
    time: trying again later can work. Not a refusal, and not a bug of ours."""
    if isinstance(error, SlackApiError):
        return error.response.status_code == 429 or error.response.status_code >= 500 or \
            error.response.get("error") in ("ratelimited", "internal_error", "fatal_error", "service_unavailable")
    return isinstance(error, OSError)  # a timeout, a dropped or refused connection (urllib's errors are OSErrors)


def unreadable(error: Exception) -> bool:
    """Slack refused to show us a conversation's messages (a scope or token type it does not allow there, a
    thread or channel gone): asking again will not change that, unlike when it is unavailable."""
    return isinstance(error, SlackApiError) and not is_unavailable(error)


def describe(error: Exception) -> str:
    """An error for logs and the database: Slack's error code, never a token or a body."""
    if isinstance(error, SlackApiError):
        return f"slack:{error.response.get('error') or error.response.status_code}"
    return type(error).__name__


def open_dm(client: WebClient, user_id: str) -> str:
    return client.conversations_open(users=user_id)["channel"]["id"]


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
    metadata = {"event_type": CLOSE_EVENT, "event_payload": {"close_id": close.close_id}}
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
                                 event_type=CLOSE_EVENT, key="close_id", value=close.close_id)
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
    others = mentions(close.intro.other_ids)
    header = (
        f"<@{author.id}> asked me to hand you a private answer about your intro to {others} "
        f"in <#{close.intro.channel_id}>. It was not posted anywhere else."
    )
    dm = open_dm(client, close.destination)
    sent = client.chat_postMessage(
        channel=dm,
        text=f"A private answer from {escape(author.name)} about your intro",
        blocks=[
            {"type": "section", "text": {"type": "mrkdwn", "text": header}},
            *({"type": "section", "text": {"type": "mrkdwn", "text": piece, "verbatim": True}}
              for piece in chunks(quote(close.text))),
            {
                "type": "actions",
                "elements": [{
                    "type": "button", "action_id": Action.RELAYED, "value": str(close.intro.party_id),
                    "text": {"type": "plain_text", "text": "I've passed it on"},
                }],
            },
            {"type": "context", "elements": [{"type": "mrkdwn", "text":
                "Please pass this on kindly within two days. Asking both people before introducing "
                "them next time saves everyone this step."}]},
        ],
        unfurl_links=False,
        metadata=metadata,
    )
    return sent["channel"], sent["ts"]


Message = tuple[str, list[dict[str, Any]]]  # a DM's fallback text and blocks


def send_held(d: Deps, client: WebClient, nudge_id: int | None, *, user_id: str, message: Message,
              now: datetime) -> bool:
    """Send right away a DM that its sender stored as a nudge held for itself (due once the hold runs out, so the
    due-work loop sends it if the sender dies). False when it was not sent now: the nudge is then due again on
    the retry schedule (or failed for good, with Slack's error), or `nudge_id` is None (someone else holds it)."""
    if nudge_id is None:
        return False
    text, blocks = message
    try:
        client.chat_postMessage(channel=open_dm(client, user_id), text=text, blocks=blocks, unfurl_links=False)
    except Exception as error:  # noqa: BLE001 - kept with its next try, or as failed with its error
        with d.sessions.begin() as session:
            again = mark_nudge_failed(session, nudge_id=nudge_id, error=describe(error), final=is_final(error),
                                      now=now)
        log.warning("nudge %s not sent right away (%s); %s", nudge_id, describe(error),
                    "will retry" if again else "marked failed")
        return False
    with d.sessions.begin() as session:
        mark_sent_now(session, nudge_id=nudge_id, now=now)
    return True
