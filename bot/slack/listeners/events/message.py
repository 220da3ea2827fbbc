"""Slack layer: notice an introduction in a message and privately prompt each introduced person."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.clock import utcnow
from bot.domain.detection import detect_introduction
from bot.services.nudges import end_open_intro_nudges_in_thread
from bot.slack.deps import Deps, deps
from bot.slack.backlog import NoticedIntro
from bot.slack.outbox import notice

SUPPORTED_CONVERSATIONS = {"channel", "group", "mpim"}
# Subtypes that are still a person posting: a reply also sent to the channel, a file share with a comment.
HUMAN_SUBTYPES = {None, "thread_broadcast", "file_share"}


def is_person_posting(event: dict[str, Any]) -> bool:
    """A new message from a person: no bots, no edits, deletions, joins or other housekeeping."""
    return (
        isinstance(event.get("subtype"), str | None)
        and event.get("subtype") in HUMAN_SUBTYPES
        and not event.get("bot_id")
        and not event.get("bot_profile")
        and isinstance(event.get("user"), str)
        and isinstance(event.get("text"), str)
    )


def is_in_supported_conversation(event: dict[str, Any]) -> bool:
    return event.get("channel_type") in SUPPORTED_CONVERSATIONS


def notice_introduction(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    d = deps(context)
    team_id = context.team_id or event.get("team") or ""
    found = detect_introduction(event["text"], author_id=event["user"])
    if found is not None:
        # Slack has its acknowledgement and will not resend the event: the intro is kept in the backlog first,
        # before looking up its people or touching the database, so a crash or an outage from here on loses
        # nothing. The bot itself is dropped here (no lookup needed); bots and deactivated accounts later.
        notice(d, client, NoticedIntro(team_id, event["channel"], event["ts"], event.get("thread_ts"), event["user"],
                                       tuple(uid for uid in found.parties if uid != context.bot_user_id), utcnow()))
    if event.get("thread_ts") not in (None, event["ts"]):
        note_thread_reply(d, team_id, event)


def note_thread_reply(d: Deps, team_id: str, event: dict[str, Any]) -> None:
    """Replying in an intro's thread is engaging with it: that person gets no open-intro nudge."""
    with d.sessions.begin() as session:
        end_open_intro_nudges_in_thread(session, team_id=team_id, channel_id=event["channel"],
                                        thread_ts=event["thread_ts"], user_id=event["user"])


def ignore(event: dict[str, Any]) -> None:
    """Every other message: acknowledged so Slack does not retry it, and forgotten."""
