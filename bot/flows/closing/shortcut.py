"""Flows: the "Close this intro" message shortcut, the safety net for every intro the detector missed.

Used by someone introduced, it opens the prompt's choices in a modal (the same close form and services as a
prompt), wherever the message is, also in a conversation the bot is not in: the close then goes through the
shortcut's response_url. Used by the introducer on their own message, it prompts the people introduced, as a
detected intro would. When the message does not say who was introduced, a modal asks. A message recorded as an
intro already is never recorded again. No message text is stored: only where it is and who is in it.

Slack's trigger lasts 3 seconds, so a small "One moment…" modal opens first, before the database, the detector
or any lookup of people; the answer then takes its place (views.update by the modal's id).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

from bot.blocks.forms import FormValues
from bot.blocks.ids import SHORTCUT_NOTICE, SHORTCUT_WHO, is_direct_message, is_slack_id, is_slack_ts, posted_by_person
from bot.blocks.prompt import mentions
from bot.blocks.shortcut import chooser_modal, notice_modal, who_modal
from bot.blocks.shortcut_meta import ChooserMeta, WhoMeta
from bot.clock import utcnow
from bot.domain.detection import MAX_PARTIES, detect_introduction
from bot.domain.draft_voice import IntroVoice, intro_voice
from bot.domain.i18n import N_, _, _n, speaking
from bot.domain.shortcut import Role, enough, missed, names_asker, who_is_meant
from bot.flows.deps import Deps
from bot.flows.language import language_or_english
from bot.flows.noticing import deliver_prompt, permalink
from bot.flows.response_urls import tell_privately, trusted
from bot.flows.slack_client import open_modal
from bot.flows.slack_errors import describe
from bot.services.errors import ServiceError
from bot.services.intros import IntroView
from bot.services.shortcut import (
    Recorded,
    offer_the_rest,
    open_for_asker,
    record_for_party,
    record_offered,
    recorded_people,
)

log = logging.getLogger(__name__)

View = dict[str, Any]
Answer = tuple[View, list[IntroView]]  # the modal that answers the person, and the prompts to send after it
MAX_TEXT = 40_000  # Slack's own limit for a message

# Marked for the catalog; translated where used, with `_()`.
ONE_MOMENT = N_(":hourglass_flowing_sand: One moment…")
UNREADABLE = N_("I can't read that message, so I can't tell who it introduces. Nothing was stored.")
NO_AUTHOR = N_("That message wasn't written by a person, so there's no introducer to answer. Nothing was stored.")
# A 1:1 DM the bot is not in: a prompt's close could not be posted there (no response_url comes with a prompt).
IN_A_DM = N_("I can't post in this direct message, so I won't prompt the people you introduced: their answers "
             "couldn't reach you here. Nothing was stored. Someone you introduced who is in this conversation can "
             "use *Close this intro* on your message to answer you right here. For the others, make the intro in a "
             "channel I'm in, or with `/intro` (it asks both people first).")


@dataclass(frozen=True, slots=True)
class MessageShortcut:
    """What a `message_action` payload says, checked; the message's text is read, never stored."""

    team_id: str
    user_id: str
    channel_id: str
    message_ts: str
    thread_ts: str | None
    author_id: str | None  # None: a bot's or an app's message
    text: str
    trigger_id: str
    response_url: str | None  # only a Slack one (see bot/flows/response_urls.py)


def read_shortcut(body: dict[str, Any], *, team_id: str, client: WebClient) -> MessageShortcut | None:
    """None when the payload is not one Slack sends for a message shortcut."""
    user, channel, message = body.get("user"), body.get("channel"), body.get("message")
    if not (isinstance(user, dict) and isinstance(channel, dict) and isinstance(message, dict)):
        return None
    user_id, channel_id, ts = user.get("id"), channel.get("id"), message.get("ts") or body.get("message_ts")
    thread_ts, text = message.get("thread_ts"), message.get("text") or ""
    if not (is_slack_id(user_id) and is_slack_id(channel_id) and is_slack_ts(ts)
            and (thread_ts is None or is_slack_ts(thread_ts)) and isinstance(text, str) and len(text) <= MAX_TEXT
            and isinstance(body.get("trigger_id"), str) and body["trigger_id"]):
        return None
    return MessageShortcut(team_id, user_id, channel_id, ts, thread_ts,
                           message["user"] if posted_by_person(message) else None, text, body["trigger_id"],
                           trusted(body.get("response_url"), client))


def picked_people(form: FormValues, *, exclude: Sequence[str | None]) -> tuple[str, ...]:
    """The people chosen in the who-modal, each once, without `exclude` (the person, the introducer, the bot)."""
    chosen = form.users(SHORTCUT_WHO)
    return tuple(uid for uid in dict.fromkeys(chosen) if is_slack_id(uid) and uid not in exclude)[:MAX_PARTIES]


def handle_shortcut(d: Deps, client: WebClient, shortcut: MessageShortcut, *, bot_user_id: str | None) -> None:
    # The trigger first, while it is fresh. If even this does not open, nothing is stored yet: the person hears to
    # try again (bot/slack/errors.py).
    view_id = open_modal(client, shortcut.trigger_id, notice_modal(_(ONE_MOMENT)))["view"]["id"]
    with speaking(language_or_english(d, client, shortcut.team_id, shortcut.user_id)):  # now Slack can be asked
        view, to_prompt = answer(d, client, shortcut, bot_user_id=bot_user_id)
        show(client, view_id, view, response_url=shortcut.response_url, user_id=shortcut.user_id)
    prompt(d, client, to_prompt)


def answer(d: Deps, client: WebClient, shortcut: MessageShortcut, *, bot_user_id: str | None) -> Answer:
    if shortcut.user_id == shortcut.author_id and is_direct_message(shortcut.channel_id):
        return notice_modal(_(IN_A_DM)), []
    with d.sessions.begin() as session:
        recorded = recorded_people(session, team_id=shortcut.team_id, channel_id=shortcut.channel_id,
                                   message_ts=shortcut.message_ts)
    if recorded is not None:
        return answer_recorded(d, shortcut, recorded)
    if shortcut.author_id is None:
        return notice_modal(_(NO_AUTHOR)), []
    found = detect_introduction(shortcut.text, author_id=shortcut.author_id)
    detected = found.parties if found is not None else None
    meant = who_is_meant(text=shortcut.text, author_id=shortcut.author_id, user_id=shortcut.user_id,
                         detected=detected, ignore=(bot_user_id,) if bot_user_id else ())
    voice = intro_voice(shortcut.text)
    meta = WhoMeta(meant.role, shortcut.channel_id, shortcut.message_ts, shortcut.thread_ts, shortcut.author_id,
                   missed(role=meant.role, user_id=shortcut.user_id, detected=detected), shortcut.response_url,
                   lang=voice.lang, register=voice.register.value)
    if meant.clear:
        people = active(d, client, shortcut.team_id, meant.others)
        if enough(meant.role, people):
            return mark(d, meta, shortcut.team_id, shortcut.user_id, people)
    return who_modal(role=meant.role, suggested=meant.others, metadata=meta.dump()), []


def answer_recorded(d: Deps, shortcut: MessageShortcut, recorded: Recorded) -> Answer:
    """A message recorded as an intro already (detected, or marked before) is never recorded again. Its introducer
    offers it to those never offered anything; its people, and anyone it names whom the detector left out, get
    their own place in it; anyone else is asked who they were introduced to (and joins it by saying so)."""
    where = {"team_id": shortcut.team_id, "channel_id": shortcut.channel_id, "message_ts": shortcut.message_ts}
    asker, now = shortcut.user_id, utcnow()
    try:
        with d.sessions.begin() as session:
            if asker == recorded.introducer_id:
                offered = offer_the_rest(session, **where, now=now)
                return offered_notice(offered), offered
            if asker in recorded.party_ids or names_asker(text=shortcut.text, author_id=shortcut.author_id,
                                                          user_id=asker):
                party = open_for_asker(session, **where, user_id=asker, now=now)
                return chooser(party, shortcut.response_url), []
    except ServiceError as error:
        return notice_modal(error.message), []
    meta = WhoMeta(Role.PARTY, shortcut.channel_id, shortcut.message_ts, shortcut.thread_ts, recorded.introducer_id,
                   True, shortcut.response_url)  # recorded already: its language is stored with it
    return who_modal(role=Role.PARTY, suggested=recorded.party_ids, metadata=meta.dump()), []


def active(d: Deps, client: WebClient, team_id: str, user_ids: Sequence[str]) -> tuple[str, ...]:
    """People who can be asked: not bots, not deactivated accounts."""
    return tuple(uid for uid in dict.fromkeys(user_ids) if d.people.get(client, team_id, uid).is_active_human)


def mark(d: Deps, meta: WhoMeta, team_id: str, user_id: str, people: Sequence[str]) -> Answer:
    """Record the intro for `user_id` (a party, or the introducer). Returns the modal that answers them (the
    ways to close, or what was done; a refusal, such as already closed, is its text) and the prompts to send."""
    now, voice = utcnow(), IntroVoice.stored(meta.lang, meta.register)
    try:
        with d.sessions.begin() as session:
            if meta.role is Role.PARTY:
                party = record_for_party(session, team_id=team_id, channel_id=meta.channel_id,
                                         message_ts=meta.message_ts, thread_ts=meta.thread_ts,
                                         introducer_id=meta.introducer_id, user_id=user_id, other_ids=people,
                                         missed=meta.missed, now=now, voice=voice)
                return chooser(party, meta.response_url), []
            offered = record_offered(session, team_id=team_id, channel_id=meta.channel_id,
                                     message_ts=meta.message_ts, thread_ts=meta.thread_ts,
                                     introducer_id=meta.introducer_id, party_ids=people, missed=meta.missed, now=now,
                                     voice=voice)
    except ServiceError as error:
        return notice_modal(error.message), []
    if not offered:
        return notice_modal(_n("{people} turned intro prompts off, so I won't ask them. Nothing was stored.",
                               "{people} turned intro prompts off, so I won't ask them. Nothing was stored.",
                               len(people), people=mentions(people))), []
    return offered_notice(offered), offered


def offered_notice(offered: Sequence[IntroView]) -> View:
    return notice_modal(_(":white_check_mark: I've offered {people} a private way to close your intro: a kind answer, "
                          "a redirect, a private decline or a date to get back by.",
                          people=mentions([p.user_id for p in offered])))


def prompt(d: Deps, client: WebClient, parties: Sequence[IntroView]) -> None:
    """The prompts of an intro its introducer offered, each held for this process while it sends them (the
    due-work loop sends any that do not go out)."""
    if not parties:
        return
    link = permalink(client, parties[0].channel_id, parties[0].message_ts)
    for party in parties:
        deliver_prompt(d, client, party, now=utcnow(), link=link)


def chooser(party: IntroView, response_url: str | None) -> View:
    return chooser_modal(party_id=party.party_id, introducer_id=party.introducer_id, other_ids=party.other_ids,
                         metadata=ChooserMeta(response_url).dump())


def show(client: WebClient, view_id: str, view: View, *, response_url: str | None, user_id: str) -> None:
    """Put the answer in the modal opened (or kept open) for it. A text answer that Slack would not show comes
    privately instead; a form that does not show raises: the person hears to try again, and using the shortcut
    again finds what was stored."""
    try:
        client.views_update(view_id=view_id, view=view)
    except Exception as error:
        text = view["blocks"][0]["text"]["text"] if view.get("callback_id") == SHORTCUT_NOTICE else None
        if text is None:
            raise
        log.info("a shortcut's answer did not show in its modal (%s); sent privately", describe(error))
        tell_privately(client, response_url, user_id=user_id, text=text)
