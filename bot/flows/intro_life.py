"""Flows: an intro's life after it is noticed. A message deleted, or edited into something that is not an
intro, ends its intro (buttons, promises, nudges); an edit that turns a message into an intro is noticed like a
new one, and prompts once: an intro is recorded once per message, whatever happens to it afterwards."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient

from bot.blocks.ids import is_slack_id, is_slack_ts, posted_by_person
from bot.clock import utcnow
from bot.domain.detection import detect_introduction
from bot.flows.deps import Deps
from bot.flows.noticing import notice_found
from bot.flows.replies import replace_prompt
from bot.services.errors import IntroRemoved
from bot.services.intro_life import end_intro

log = logging.getLogger(__name__)

# Slack shows a deleted thread parent that still has replies as a "tombstone": the message is gone.
GONE_SUBTYPES = {"tombstone"}


def follow_edit(d: Deps, client: WebClient, *, team_id: str, channel_id: str, event: dict[str, Any],
                bot_user_id: str | None) -> None:
    """A `message_changed` event: what the message says now decides whether it is (still) an intro."""
    message, before = event.get("message"), event.get("previous_message")
    if not isinstance(message, dict) or not is_slack_ts(message.get("ts")):
        return
    if message.get("subtype") in GONE_SUBTYPES:
        end(d, client, team_id=team_id, channel_id=channel_id, message_ts=message["ts"], only_detected=False)
        return
    text = message.get("text")
    if not isinstance(text, str) or not posted_by_person(message):
        return
    author, before_text = message["user"], before.get("text") if isinstance(before, dict) else None
    if before_text == text:
        return  # an unfurl, a reply count, a reaction: the words did not change
    found = detect_introduction(text, author_id=author)
    if found is not None:
        # Recorded already (detected before, or edited twice): the unique key on the message stores nothing, and
        # nobody is prompted again; an intro ended by an earlier edit stays ended.
        thread_ts = message.get("thread_ts") if is_slack_ts(message.get("thread_ts")) else None
        notice_found(d, client, found, team_id=team_id, channel_id=channel_id, message_ts=message["ts"],
                     thread_ts=thread_ts, author_id=author, bot_user_id=bot_user_id)
        return
    # Not an intro now: only a message whose words were one can have a detected intro to end. Chatter edited into
    # chatter is told apart by the detector alone, without the database (which is asked when Slack did not send
    # the words before the edit).
    if isinstance(before_text, str) and detect_introduction(before_text, author_id=author) is None:
        return
    end(d, client, team_id=team_id, channel_id=channel_id, message_ts=message["ts"], only_detected=True)


def follow_deletion(d: Deps, client: WebClient, *, team_id: str, channel_id: str, event: dict[str, Any]) -> None:
    if is_slack_ts(event.get("deleted_ts")):
        end(d, client, team_id=team_id, channel_id=channel_id, message_ts=event["deleted_ts"], only_detected=False)


def end(d: Deps, client: WebClient, *, team_id: str, channel_id: str, message_ts: str, only_detected: bool) -> None:
    """End the message's intro, if it is one, and take the buttons off the prompts that came by DM (an ephemeral
    prompt cannot be changed: its buttons answer that the intro was removed)."""
    if not is_slack_id(channel_id):
        return
    with d.sessions.begin() as session:
        ended = end_intro(session, team_id=team_id, channel_id=channel_id, message_ts=message_ts, now=utcnow(),
                          only_detected=only_detected)
    if ended is None:
        return
    log.info("intro %s ended: its message was %s", ended.intro_id, "edited" if only_detected else "deleted")
    for dm, ts in ended.dm_prompts:
        replace_prompt(client, response_url=None, prompt_channel_id=dm, prompt_ts=ts, text=IntroRemoved.message)
