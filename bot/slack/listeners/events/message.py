"""Slack layer: notice an introduction in a message and privately prompt each introduced person."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.clock import utcnow
from bot.domain.detection import detect_introduction
from bot.services.nudges import end_open_intro_nudges_in_thread
from bot.slack.delivery import describe, is_unavailable
from bot.slack.deps import Deps, deps
from bot.slack.backlog import NoticedIntro
from bot.slack.outbox import notice

SUPPORTED_CONVERSATIONS = {"channel", "group", "mpim"}
# Subtypes that are still a person posting: a reply also sent to the channel, a file share with a comment.
HUMAN_SUBTYPES = {None, "thread_broadcast", "file_share"}

log = logging.getLogger(__name__)


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
    if event.get("thread_ts") not in (None, event["ts"]):
        note_thread_reply(d, team_id, event)
    found = detect_introduction(event["text"], author_id=event["user"])
    if found is None:
        return
    humans = [uid for uid in found.parties if uid != context.bot_user_id and _maybe_human(d, client, team_id, uid)]
    if len(humans) < 2:
        return  # introducing someone to a bot, or to a deactivated account, is not an intro to close
    notice(d, client, NoticedIntro(team_id, event["channel"], event["ts"], event.get("thread_ts"),
                                   event["user"], tuple(humans), utcnow()))


def _maybe_human(d: Deps, client: WebClient, team_id: str, user_id: str) -> bool:
    """Not a bot or a deactivated account, as far as Slack says. When Slack cannot say (the event is already
    acknowledged, so it will not come again), they count as a person: a prompt to a bot by mistake reaches
    no one, while skipping the intro would lose it."""
    try:
        return d.people.get(client, team_id, user_id).is_active_human
    except Exception as error:  # noqa: BLE001 - only Slack trouble is forgiven; anything else is re-raised
        if not is_unavailable(error):
            raise
        log.warning("could not look up an introduced person (%s); prompting them all the same", describe(error))
        return True


def note_thread_reply(d: Deps, team_id: str, event: dict[str, Any]) -> None:
    """Replying in an intro's thread is engaging with it: that person gets no open-intro nudge."""
    with d.sessions.begin() as session:
        end_open_intro_nudges_in_thread(session, team_id=team_id, channel_id=event["channel"],
                                        thread_ts=event["thread_ts"], user_id=event["user"])


def ignore(event: dict[str, Any]) -> None:
    """Every other message: acknowledged so Slack does not retry it, and forgotten."""
