"""Slack layer: notice an introduction in a message and privately prompt each introduced person
(see bot/flows/noticing.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.blocks.ids import is_slack_id, is_slack_ts, posted_by_person
from bot.domain.detection import detect_introduction
from bot.flows.noticing import keep_noticed, store_and_prompt
from bot.flows.thread_replies import note_thread_reply
from bot.slack.context import KEPT, deps, team_of_event

SUPPORTED_CONVERSATIONS = {"channel", "group", "mpim"}


def is_person_posting(event: dict[str, Any]) -> bool:
    """A new message from a person: no bots, no edits, deletions, joins or other housekeeping; and one that says
    where it is in Slack's own shapes and lengths (a signed event without them is not Slack's: acknowledged,
    unread, so nothing the database would refuse is ever kept)."""
    thread_ts = event.get("thread_ts")
    return (posted_by_person(event) and isinstance(event.get("text"), str) and is_slack_id(event.get("channel"))
            and is_slack_ts(event.get("ts")) and (thread_ts is None or is_slack_ts(thread_ts)))


def is_in_supported_conversation(event: dict[str, Any]) -> bool:
    return event.get("channel_type") in SUPPORTED_CONVERSATIONS


def keep_intro_before_ack(event: dict[str, Any], context: BoltContext, next: Callable[[], None]) -> None:  # noqa: A002
    """Listener middleware, run in the request before Slack gets its acknowledgement: an intro is kept durably
    first (bot/flows/noticing.py keep_noticed). Detection takes microseconds, so chatter costs nothing more."""
    found = detect_introduction(event["text"], author_id=event["user"])
    if found is not None:
        context[KEPT] = keep_noticed(deps(context), found, text=event["text"], team_id=team_of_event(context, event),
                                     channel_id=event["channel"], message_ts=event["ts"],
                                     thread_ts=event.get("thread_ts"), author_id=event["user"],
                                     bot_user_id=context.bot_user_id)
    next()


def notice_introduction(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """After the acknowledgement: the kept intro is stored and its people prompted."""
    d = deps(context)
    kept = context.get(KEPT)
    if kept is not None:
        store_and_prompt(d, client, kept)
    if event.get("thread_ts") not in (None, event["ts"]):  # a reply in a thread: engaging with what it is about
        note_thread_reply(d, team_id=team_of_event(context, event), channel_id=event["channel"],
                          thread_ts=event["thread_ts"], user_id=event["user"])


def ignore(event: dict[str, Any]) -> None:
    """Every other message: acknowledged so Slack does not retry it, and forgotten."""
