"""Flows: noticing an intro: kept in the backlog, stored, and each introduced person prompted privately.

A prompt is stored before it is sent and goes through the one delivery helper (bot/flows/delivery.py): a
failure leaves it stored with its next try, so nothing is lost to a 429, a Slack outage or a restart.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from sqlalchemy.orm import Session

from bot.blocks.kit import Block
from bot.blocks.prompt import build_prompt, prompt_text
from bot.clock import utcnow
from bot.db.backlog import NoticedIntro
from bot.domain.detection import Introduction
from bot.domain.draft_voice import IntroVoice, intro_voice
from bot.domain.i18n import speaking
from bot.flows.delivery import Delivered, deliver
from bot.flows.deps import ClientFor, Deps
from bot.flows.language import language_for
from bot.flows.posting import open_dm
from bot.flows.slack_errors import EPHEMERAL_UNDELIVERABLE, describe, is_unavailable
from bot.services.intros import IntroView, mark_prompted, prompt_in_flight, record_introduction
from bot.services.nudges import remind_open_intro_soon, schedule_open_intro_nudge
from bot.services.prefs import policy_of
from bot.services.retries import prompt_retried

log = logging.getLogger(__name__)


def deliver_prompt(d: Deps, client: WebClient, party: IntroView, *, now: datetime, link: str | None) -> bool:
    """Send one party's prompt (`link`: the intro's permalink) and record where it went; False leaves it for
    a retry (or gives up).

    Before the send, a mark that the prompt is with Slack is committed. A prompt found with that mark was with
    Slack when its process died: it is not shown again (a second identical prompt reads as a bug), nor left
    unsent (the person might never hear of it): its reminder by DM comes an hour on instead of two days on.
    The reminder is scheduled once the prompt is recorded, not before the send: it must not come before the
    prompt, nor for one that never went out."""
    with d.sessions.begin() as session:
        policy = policy_of(session, team_id=party.team_id, user_id=party.user_id).declines(now.date())
        in_doubt = prompt_in_flight(session, party_id=party.party_id, now=now)
        if in_doubt:
            mark_prompted(session, party_id=party.party_id, channel_id=party.channel_id, ts=None, now=now)
            schedule_open_intro_nudge(session, party, prompted_at=now)
            remind_open_intro_soon(session, party_id=party.party_id, now=now)
    if in_doubt:
        log.info("prompt for party %s was with Slack when its sender died: its reminder comes soon instead",
                 party.party_id)
        return True

    def prompted(session: Session, where: tuple[str, str | None]) -> None:
        mark_prompted(session, party_id=party.party_id, channel_id=where[0], ts=where[1], now=now)
        schedule_open_intro_nudge(session, party, prompted_at=now)

    def send() -> tuple[str, str | None]:
        with speaking(language_for(d, client, party.team_id, party.user_id)):  # the prompted person's language
            return send_prompt(client, party, link, policy)

    done = deliver(d, prompt_retried(party.party_id), send, record=prompted, now=now,
                   what=f"prompt for party {party.party_id}")
    return isinstance(done, Delivered)


def database_unavailable(error: SQLAlchemyError) -> bool:
    """The database is down or unreachable, its connection was lost, or (SQLite) it stayed locked past its busy
    timeout: every intro waits. Any other refusal (a value too long for its column, a value it cannot bind) is
    about one intro, which is set aside so that the rest go on."""
    return isinstance(error, OperationalError | SQLAlchemyTimeoutError) or \
        (isinstance(error, DBAPIError) and error.connection_invalidated)

# A waiting intro that keeps failing for another reason (Slack refusing the workspace's token, say) is given up
# after this long: its prompts would come too late to help. An outage of the database itself never drops one.
BACKLOG_PATIENCE = timedelta(days=1)


def record_and_prompt(d: Deps, client: WebClient, intro: NoticedIntro, key: int | None) -> bool:
    """Store a noticed intro kept in the backlog under `key` and prompt its people; False when the database
    cannot take it (it stays in the backlog, to try again: the event was acknowledged, so Slack will not
    resend it). Once stored, or found not to be an intro between two active people, it leaves the backlog."""
    people = active_people(d, client, intro)
    if len(people) < 2:  # introducing someone to a bot, or to a deactivated account, is not an intro to close
        _done(d, key)
        return True
    try:
        with d.sessions.begin() as session:
            to_prompt = record_introduction(
                session, team_id=intro.team_id, channel_id=intro.channel_id, message_ts=intro.message_ts,
                thread_ts=intro.thread_ts, introducer_id=intro.introducer_id, party_ids=people,
                now=intro.noticed_at, voice=IntroVoice.stored(intro.lang, intro.register))
    except SQLAlchemyError as error:
        if not database_unavailable(error):
            raise
        log.warning("database unavailable (%s): an intro waits to be stored", type(error).__name__)
        return False
    # Stored (or stored already: another process, or an earlier attempt, got there first): the prompts it
    # holds are retried by the due-work loop from here on.
    _done(d, key)
    if to_prompt:
        log.info("intro noticed in %s: %d people to prompt", intro.channel_id, len(to_prompt))
    link = permalink(client, intro.channel_id, intro.message_ts) if to_prompt else None  # once per intro
    for party in to_prompt:
        deliver_prompt(d, client, party, now=intro.noticed_at, link=link)
    return True


def active_people(d: Deps, client: WebClient, intro: NoticedIntro) -> tuple[str, ...]:
    """The introduced people who are not bots or deactivated accounts, as far as Slack says. Whoever Slack
    cannot look up counts as a person (the event is acknowledged, so it will not come again): a prompt to a
    bot by mistake reaches no one, while skipping the intro would lose it."""
    def maybe_human(user_id: str) -> bool:
        try:
            return d.people.get(client, intro.team_id, user_id).is_active_human
        except Exception as error:
            if not is_unavailable(error):
                raise
            log.warning("could not look up an introduced person (%s); prompting them all the same", describe(error))
            return True

    return tuple(uid for uid in intro.party_ids if maybe_human(uid))


@dataclass(frozen=True, slots=True)
class Kept:
    """A noticed intro as the request that noticed it kept it, before Slack had its acknowledgement."""

    intro: NoticedIntro
    key: int | None  # its place in the backlog file; None when the file could not take it


def keep_noticed(d: Deps, found: Introduction, *, text: str, team_id: str, channel_id: str, message_ts: str,
                 thread_ts: str | None, author_id: str, bot_user_id: str | None) -> Kept:
    """Keep an intro the detector found in a message (posted, or edited into one) durably in the backlog file.

    Called in the request, before Slack gets its acknowledgement: Slack does not resend an event it got a 200 for,
    so once it has one, a crash or an outage must lose nothing. Only intros pay for this write (an fsync);
    chatter is never written anywhere. The bot itself is dropped here (no lookup needed); bots and deactivated
    accounts later, after the acknowledgement (that takes Slack calls)."""
    voice = intro_voice(text)  # its language and register, for the drafts: kept instead of the words
    intro = NoticedIntro(team_id, channel_id, message_ts, thread_ts, author_id,
                         tuple(uid for uid in found.parties if uid != bot_user_id), utcnow(),
                         lang=voice.lang, register=voice.register.value)
    try:
        return Kept(intro, d.backlog.keep(intro))
    except sqlite3.Error as error:  # the safety net failed (a full disk, say): the intro is still stored next
        log.error("could not keep an intro in the backlog file (%s); storing it without", type(error).__name__)
        return Kept(intro, None)


def store_and_prompt(d: Deps, client: WebClient, kept: Kept) -> None:
    """After the acknowledgement: store a kept intro and prompt its people now. What the database cannot take
    waits in the backlog for the due-work loop, as does whatever a dying process left there."""
    if not record_and_prompt(d, client, kept.intro, kept.key) and kept.key is None:
        log.error("an intro in %s was lost: neither the database nor the backlog file took it", kept.intro.channel_id)


def _done(d: Deps, key: int | None) -> None:
    if key is not None:
        d.backlog.remove(key)


def store_backlog(d: Deps, clients: ClientFor, clock: Callable[[], datetime]) -> None:
    """Store the intros the backlog holds (the database was unavailable, or a process died before storing
    them). An outage stops the pass: every intro waits for the database. Anything else concerns one intro, and
    never holds up the others: one the database refuses is set aside at once with its error; one that fails
    otherwise (Slack refusing the workspace's token, say) is tried again each pass, and set aside a day on. An
    intro a live listener is storing right now may be taken too: recording is idempotent (a unique key per
    message), so its people are prompted once."""
    for key, intro in d.backlog.waiting():
        try:
            if not record_and_prompt(d, clients(intro.team_id), intro, key):
                return
        except LookupError:  # the workspace uninstalled the app meanwhile: nothing of it is kept
            log.warning("an intro waiting to be stored belongs to a workspace no longer installed; dropped")
            d.backlog.remove(key)
        except SQLAlchemyError as error:  # not an outage (that returned above): this intro cannot be stored
            log.warning("the database refused an intro (%s); set aside", type(error).__name__)
            d.backlog.set_aside(key, f"database:{type(error).__name__}", clock())
        except Exception as error:  # noqa: BLE001 - one intro must not hold up the rest of the due work
            expired = clock() - intro.noticed_at > BACKLOG_PATIENCE
            log.warning("an intro waiting to be stored failed (%s); %s", describe(error),
                        "set aside, a day on" if expired else "kept to try again")
            if expired:
                d.backlog.set_aside(key, describe(error), clock())


def permalink(client: WebClient, channel: str, ts: str) -> str | None:
    try:
        return client.chat_getPermalink(channel=channel, message_ts=ts)["permalink"]
    except Exception as error:  # noqa: BLE001 - the prompt is still useful without a link
        log.info("no permalink for an intro: %s", describe(error))
        return None


def send_prompt(client: WebClient, intro: IntroView, permalink: str | None,
                policy: str | None = None) -> tuple[str, str | None]:
    """Ephemeral in the intro's channel (and thread); by DM when that cannot reach the person.
    `policy`: the person's intro policy in force, which adds a one-click decline citing it.

    Returns where it went: (channel, None) for an ephemeral, (DM channel, ts) for a DM.
    """
    def blocks(*, by_dm: bool = False) -> list[Block]:
        return build_prompt(party_id=intro.party_id, introducer_id=intro.introducer_id, other_ids=intro.other_ids,
                            channel_id=intro.channel_id, permalink=permalink, policy=policy, by_dm=by_dm)

    text = prompt_text(introducer_id=intro.introducer_id, other_ids=intro.other_ids,
                       channel_id=intro.channel_id, by_dm=False)
    in_thread = intro.thread_ts if intro.thread_ts != intro.message_ts else None
    try:
        client.chat_postEphemeral(channel=intro.channel_id, user=intro.user_id, thread_ts=in_thread,
                                  text=text, blocks=blocks())
        return intro.channel_id, None
    except SlackApiError as error:
        if error.response.get("error") not in EPHEMERAL_UNDELIVERABLE:
            raise
    dm = open_dm(client, intro.user_id)
    sent = client.chat_postMessage(channel=dm, text=text, blocks=blocks(by_dm=True))
    return dm, sent["ts"]
