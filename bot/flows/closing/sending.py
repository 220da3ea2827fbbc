"""Flows: a stored close sent where it belongs, and the person told how it went (the prompt they answered gives
way to it, or, from the "Close this intro" shortcut, a private reply where they used it)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks.close_form import CloseForm, ModalMeta
from bot.blocks.handback import close_handed_back, private_answer
from bot.blocks.ids import MetadataEvent
from bot.blocks.mrkdwn import escape, quote
from bot.blocks.prompt import mentions
from bot.domain.closes import CloseWay
from bot.domain.i18n import _, current_language, format_day, speaking
from bot.domain.states import CloseStatus
from bot.flows.closing.answers import StoredClose
from bot.flows.delivery import Delivered, Failed, deliver
from bot.flows.deps import Deps
from bot.flows.language import language_for, language_or_english
from bot.flows.optin import ask_people, unreachable_note
from bot.flows.people import Person
from bot.flows.posting import find_marked_if_readable, open_dm, post_as
from bot.flows.replies import replace_prompt
from bot.flows.response_urls import post_close_in_conversation, tell_privately
from bot.flows.slack_errors import describe, out_of_reach
from bot.flows.withdrawal import retire_questions
from bot.services.closes import CloseToSend, close_retried, mark_close_posted
from bot.services.intros import IntroView

log = logging.getLogger(__name__)


def send_close(d: Deps, client: WebClient, stored: StoredClose, intro: IntroView, meta: ModalMeta, form: CloseForm,
               *, user_id: str, now: datetime) -> None:
    """Post the close, then ask whoever a redirect asks now (privately), then tell the person how it went."""
    close = stored.close
    status = deliver_close(d, client, close, now=now, response_url=meta.response_url if meta.via_shortcut else None)
    retire_questions(d, client, stored.withdrawn)
    text = confirmation_text(close, form, status=status, via_shortcut=meta.via_shortcut)
    if stored.asks and stored.better_id is not None:  # asked whatever became of the post: they are stored
        if status is CloseStatus.POSTED and not meta.via_shortcut:
            text = _(":white_check_mark: Your redirect is posted in the thread.")
        text += " " + asked_text(close, stored.better_id) + unreachable_note(ask_people(d, client, stored.asks))
    if meta.via_shortcut:
        tell_privately(client, meta.response_url, user_id=user_id, text=text)
        return
    replace_prompt(client, response_url=meta.response_url, prompt_channel_id=intro.prompt_channel_id,
                   prompt_ts=intro.prompt_ts, text=text)


def asked_text(close: CloseToSend, better_id: str) -> str:
    return _("I've asked {others} and <@{better}> privately whether they'd like to be introduced: if both say yes, "
             "I'll connect them in a group DM with you and your promise is kept. If not, I'll remind you so you can "
             "close it directly.", others=mentions([uid for uid in close.intro.other_ids if uid != better_id]),
             better=better_id)


def confirmation_text(close: CloseToSend, form: CloseForm, *, status: CloseStatus, via_shortcut: bool = False) -> str:
    others = mentions(close.intro.other_ids)
    if status is CloseStatus.PENDING:
        return _("Slack didn't take your close just now. It's saved, and I'll send it as soon as Slack "
                 "accepts it; nothing for you to redo.")
    if status is CloseStatus.FAILED:
        if close.way is CloseWay.DECLINE:
            return _("Slack won't let me post to the introducer. Here is your text so it isn't lost; copy it and "
                     "send it yourself:\n{text}", text=quote(close.text))
        if via_shortcut:
            return _("Slack won't let me post to that conversation (I'm not in it). Here is your text so it isn't "
                     "lost; copy it and send it yourself:\n{text}", text=quote(close.text))
        return _("Slack won't let me post to that thread (it may be archived, or I was removed). Here is your text "
                 "so it isn't lost; copy it and send it yourself:\n{text}", text=quote(close.text))
    if via_shortcut and close.way is not CloseWay.DECLINE:
        done = _(":white_check_mark: Your close is posted where the intro was. Thanks for not leaving {others} "
                 "hanging.", others=others)
        return done + (" " + _("On {day} I'll remind you about it.", day=format_day(form.by)) if form.by else "")
    if close.way is CloseWay.DECLINE:
        return _(":white_check_mark: Your note went privately to <@{introducer}> to pass on to {others}. Nothing "
                 "was posted in the channel.", introducer=close.intro.introducer_id, others=others)
    if close.way is CloseWay.NEED_TIME and form.by:
        return _(":white_check_mark: Your reply is posted in the thread. On {day} I'll remind you to close it with "
                 "{others}.", day=format_day(form.by), others=others)
    if close.way is CloseWay.REDIRECT and form.by:
        return _(":white_check_mark: Your redirect is posted in the thread. I'll remind you on {day} if you haven't "
                 "connected {others} by then.", day=format_day(form.by), others=others)
    return _(":white_check_mark: Your close is posted in the thread. Thanks for not leaving {others} hanging.",
             others=others)


def deliver_close(d: Deps, client: WebClient, close: CloseToSend, *, now: datetime, look_first: bool = False,
                  response_url: str | None = None, hand_back: bool = False) -> CloseStatus:
    """Post a stored close and record the outcome: posted, pending (to retry) or failed for good.

    `look_first`: an earlier attempt may have reached Slack unrecorded (its process died, or Slack's answer
    was lost), so the close is looked for in its thread before it is posted again. `response_url`: the
    "Close this intro" shortcut's, through which a close reaches a conversation the bot is not in. `hand_back`:
    a close failed for good is given back to its author by DM (the due-work loop's retries; a person who just
    submitted it is told in the modal's flow instead)."""
    authors: list[Person] = []  # looked up once, inside the send: a failed lookup leaves the close pending

    def send() -> tuple[str, str | None]:
        found = find_posted_close(client, close) if look_first else None
        if found:
            log.info("close %s was already posted by an earlier attempt; recording it", close.close_id)
            return found
        authors.append(d.people.get(client, close.intro.team_id, close.intro.user_id))
        # A decline reaches the introducer framed in the bot's words, in their language; a close is the author's own.
        reader = close.intro.introducer_id if close.way is CloseWay.DECLINE else None
        with speaking(language_for(d, client, close.intro.team_id, reader) if reader else current_language()):
            return post_close(client, close, authors[0])

    def through_response_url(error: Exception) -> tuple[str, str | None] | None:
        """Where the bot cannot post, the shortcut's response_url still can (not a decline: that is private)."""
        if authors and response_url and out_of_reach(error) and close.way is not CloseWay.DECLINE \
                and post_close_in_conversation(client, response_url, text=close.text, author_name=authors[0].name):
            log.info("close %s posted through the shortcut's response_url (%s)", close.close_id, describe(error))
            return close.destination, None  # a response_url does not say where the message landed
        return None

    def posted(session: Session, where: tuple[str, str | None]) -> None:
        mark_close_posted(session, close_id=close.close_id, channel_id=where[0], ts=where[1], now=now)

    tell_author = (lambda: _hand_back(d, client, close)) if hand_back else None
    done = deliver(d, close_retried(close.close_id), send, record=posted, now=now, what=f"close {close.close_id}",
                   rescue=through_response_url, tell_author=tell_author)
    if isinstance(done, Delivered):
        return CloseStatus.POSTED
    return CloseStatus.PENDING if done is Failed.RETRYING else CloseStatus.FAILED


def _hand_back(d: Deps, client: WebClient, close: CloseToSend) -> None:
    """A close Slack would not take after all the retries: give the words back to their author."""
    try:
        with speaking(language_or_english(d, client, close.intro.team_id, close.intro.user_id)):  # the author's
            text = close_handed_back(channel_id=close.intro.channel_id, text=close.text)
        client.chat_postMessage(channel=open_dm(client, close.intro.user_id), text=text)
    except Exception as error:  # noqa: BLE001 - the close stays stored as failed with its error
        log.error("close %s failed and its author could not be told: %s", close.close_id, describe(error))


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


def _send_decline(client: WebClient, close: CloseToSend, author: Person,
                  metadata: dict[str, Any]) -> tuple[str, str]:
    text, blocks = private_answer(author_id=author.id, author_name=author.name, other_ids=close.intro.other_ids,
                                  channel_id=close.intro.channel_id, party_id=close.intro.party_id, text=close.text,
                                  note=close.note)
    sent = client.chat_postMessage(channel=open_dm(client, close.destination), text=text, blocks=blocks,
                                   unfurl_links=False, metadata=metadata)
    return sent["channel"], sent["ts"]
