"""Slack layer: running a double opt-in intro: asking both people, then connecting them or relaying a no."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from slack_sdk import WebClient

from bot.domain.optin import Answer, CommandProblem, IntroKind, RequestState
from bot.services.optin import create_request, mark_connected, record_ask, undo_connect
from bot.services.optin_view import OptInView
from bot.services.prefs import policy_of
from bot.slack.blocks.optin import ask, group_intro
from bot.slack.blocks.prompt import confirmation
from bot.slack.delivery import describe, open_dm
from bot.slack.deps import Deps
from bot.slack.mrkdwn import escape, quote

log = logging.getLogger(__name__)

ANSWER_LABELS = {Answer.NOT_NOW: "not now", Answer.NO: "no thanks"}


def check_people(d: Deps, client: WebClient, *, team_id: str, bot_user_id: str | None,
                 people: tuple[str, str]) -> None:
    """Only two active people can be introduced; say which one is not."""
    for uid in people:
        person = d.people.get(client, team_id, uid)
        if person.is_bot or uid == bot_user_id:
            raise CommandProblem(f"<@{uid}> is a bot, so there's no one to ask. Name two people.")
        if person.deleted:
            raise CommandProblem(f"<@{uid}> is no longer active in this workspace, so I can't ask them.")


def start_optin(d: Deps, client: WebClient, *, team_id: str, introducer_id: str, people: tuple[str, str],
                kind: IntroKind, why: str, now: datetime, promise_id: int | None = None) -> str:
    """Store the request, ask both people privately; returns what to tell the introducer."""
    with d.sessions.begin() as session:
        view = create_request(session, team_id=team_id, introducer_id=introducer_id, people=people, kind=kind,
                              why=why, now=now, promise_id=promise_id)
    unreachable = [uid for uid in view.people if not send_ask(d, client, view, uid)]
    first, second = view.people
    reply = (f":white_check_mark: I've asked <@{first}> and <@{second}> privately. If both say yes, I'll start a "
             "group DM with the three of you; if not, I'll tell you privately.")
    if unreachable:
        names = " and ".join(f"<@{uid}>" for uid in unreachable)
        reply += f" I couldn't reach {names} just now; my reminder in three days will ask again."
    return reply + policies_note(d, team_id=team_id, people=view.people, now=now)


def policies_note(d: Deps, *, team_id: str, people: Sequence[str], now: datetime) -> str:
    """The intro policies people published, for whoever proposes or asks for an intro to them."""
    with d.sessions.begin() as session:
        summaries = [(uid, policy_of(session, team_id=team_id, user_id=uid).summary(now.date())) for uid in people]
    return "".join(f"\n:information_source: <@{uid}>'s intro policy: {escape(summary)}."
                   for uid, summary in summaries if summary)


def send_ask(d: Deps, client: WebClient, view: OptInView, user_id: str, *, reminder: bool = False) -> bool:
    text, blocks = ask(view, user_id, reminder=reminder)
    try:
        sent = client.chat_postMessage(channel=open_dm(client, user_id), text=text, blocks=blocks)
    except Exception as error:  # noqa: BLE001 - the reminder asks again; the introducer is told
        log.warning("opt-in ask for request %s not delivered: %s", view.request_id, describe(error))
        return False
    with d.sessions.begin() as session:
        record_ask(session, request_id=view.request_id, user_id=user_id, channel_id=sent["channel"], ts=sent["ts"])
    return True


def after_answer(d: Deps, client: WebClient, view: OptInView, *, actor: str, answer: Answer, won: bool) -> str:
    """Act on a recorded answer; returns the text that replaces the actor's question."""
    other = view.other_than(actor)
    if view.state is RequestState.CONNECTED and won:
        group = connect(d, client, view, actor=actor)
        _settle_ask(client, view, other, f":tada: You both said yes. Say hello in <#{group}>!")
        return f":tada: You both said yes. Say hello in <#{group}>!"
    if view.state is RequestState.DECLINED and won:
        relay_no(client, view, actor=actor, answer=answer)
    if answer is Answer.YES:
        return f":white_check_mark: Thanks! I'll connect you as soon as <@{other}> says yes too."
    return (f"Got it. I've let <@{view.introducer_id}> know, privately. <@{other}> only hears that it isn't going "
            "ahead now, and you won't get any reminders about it.")


def connect(d: Deps, client: WebClient, view: OptInView, *, actor: str) -> str:
    """Both said yes: a group DM with the two of them and the introducer, and the intro posted there."""
    try:
        group = client.conversations_open(users=",".join([*view.people, view.introducer_id]))["channel"]["id"]
        text, blocks = group_intro(view)
        client.chat_postMessage(channel=group, text=text, blocks=blocks)
    except Exception:
        with d.sessions.begin() as session:
            undo_connect(session, request_id=view.request_id, user_id=actor)  # their yes can simply be pressed again
        raise
    with d.sessions.begin() as session:
        mark_connected(session, request_id=view.request_id, group_channel_id=group)
    return group


def relay_no(client: WebClient, view: OptInView, *, actor: str, answer: Answer) -> None:
    """The introducer hears who said what (and the note) privately; the other person hears only that it's off."""
    other = view.other_than(actor)
    note = view.answer_of(actor).note
    told = (f"<@{actor}> said {ANSWER_LABELS.get(answer, 'no')} to the intro with <@{other}>. I've let <@{other}> "
            "know it isn't going ahead now, without saying why. Thank you for asking first.")
    if note:
        told += f"\nTheir note for you:\n{quote(note)}"
    neutral = f"The intro to <@{actor}> that <@{view.introducer_id}> suggested isn't going ahead now. Nothing for you to do."
    for user_id, text in ((view.introducer_id, told), (other, neutral)):
        try:
            client.chat_postMessage(channel=open_dm(client, user_id), text=text)
        except Exception as error:  # noqa: BLE001 - the answer is stored; a courtesy message failed
            log.warning("could not tell %s about request %s: %s", user_id, view.request_id, describe(error))
    _settle_ask(client, view, other, neutral)


def _settle_ask(client: WebClient, view: OptInView, user_id: str, text: str) -> None:
    """Replace someone's question (its buttons) once the request is settled."""
    answer = view.answer_of(user_id)
    if not (answer.ask_channel_id and answer.ask_ts):
        return
    try:
        client.chat_update(channel=answer.ask_channel_id, ts=answer.ask_ts, text=text, blocks=confirmation(text))
    except Exception as error:  # noqa: BLE001 - cosmetic: the buttons answer kindly if pressed later
        log.info("could not update an opt-in question: %s", describe(error))
