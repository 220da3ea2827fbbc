"""Flows: an intro's life after it is noticed. A message deleted, or edited into something that is not an
intro, ends its intro (buttons, promises, nudges); an edit that turns a message into an intro is noticed like a
new one, and prompts once: an intro is recorded once per message, whatever happens to it afterwards."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

from bot.blocks.ids import is_slack_id, is_slack_ts, posted_by_person
from bot.clock import utcnow
from bot.domain.detection import Introduction, detect_introduction
from bot.flows.deps import Deps
from bot.flows.noticing import Kept, store_and_prompt
from bot.flows.replies import replace_prompt
from bot.services.errors import IntroRemoved
from bot.services.intro_life import end_intro

log = logging.getLogger(__name__)

# Slack shows a deleted thread parent that still has replies as a "tombstone": the message is gone.
GONE_SUBTYPES = {"tombstone"}


@dataclass(frozen=True, slots=True)
class Edit:
    """What a `message_changed` event says of the message now, read without the database."""

    message_ts: str
    gone: bool  # Slack shows a deleted thread parent as a tombstone
    before_text: str | None = None  # the words before the edit, when Slack sent them
    noticed: Introduction | None = None  # the intro the words are now
    author_id: str = ""
    thread_ts: str | None = None


def read_edit(event: dict[str, Any]) -> Edit | None:
    """The edit, or None when it changed nothing an intro depends on (an unfurl, a reply count, a reaction, a bot's
    message). Pure and quick: it runs in the request, before Slack gets its acknowledgement."""
    message, before = event.get("message"), event.get("previous_message")
    if not isinstance(message, dict) or not is_slack_ts(message.get("ts")):
        return None
    if message.get("subtype") in GONE_SUBTYPES:
        return Edit(message["ts"], gone=True)
    text = message.get("text")
    if not isinstance(text, str) or not posted_by_person(message):
        return None
    author, before_text = message["user"], before.get("text") if isinstance(before, dict) else None
    if before_text == text:
        return None  # the words did not change
    thread_ts = message.get("thread_ts") if is_slack_ts(message.get("thread_ts")) else None
    return Edit(message["ts"], gone=False, before_text=before_text if isinstance(before_text, str) else None,
                noticed=detect_introduction(text, author_id=author), author_id=author, thread_ts=thread_ts)


def follow_edit(d: Deps, client: WebClient, *, team_id: str, channel_id: str, edit: Edit | None,
                kept: Kept | None) -> None:
    """After the acknowledgement. `kept`: the intro the edit turned the message into, kept before the
    acknowledgement. Recorded already (detected before, or edited twice), the unique key on the message stores
    nothing and nobody is prompted again; an intro ended by an earlier edit stays ended."""
    if edit is None:
        return
    if edit.gone:
        end(d, client, team_id=team_id, channel_id=channel_id, message_ts=edit.message_ts, only_detected=False)
        return
    if edit.noticed is not None:
        if kept is not None:  # always: the request kept every intro it read
            store_and_prompt(d, client, kept)
        return
    # Not an intro now: only a message whose words were one can have a detected intro to end. Chatter edited into
    # chatter is told apart by the detector alone, without the database (which is asked when Slack did not send
    # the words before the edit).
    if edit.before_text is not None and detect_introduction(edit.before_text, author_id=edit.author_id) is None:
        return
    end(d, client, team_id=team_id, channel_id=channel_id, message_ts=edit.message_ts, only_detected=True)


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
