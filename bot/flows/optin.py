"""Flows: running a double opt-in intro: asking both people, then connecting them or relaying a no."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks.ids import MetadataEvent
from bot.blocks.mrkdwn import escape
from bot.blocks.optin import ask, declined, group_intro
from bot.clock import utcnow
from bot.domain.i18n import _, join_names, speaking
from bot.domain.optin import GENERATED_WHY, Answer, CommandProblem, IntroKind, RequestState
from bot.domain.retry import SEND_LEASE
from bot.domain.states import NudgeKind
from bot.flows.delivery import Delivered, deliver, send_held
from bot.flows.deps import Deps
from bot.flows.language import language_or_english
from bot.flows.posting import find_marked_if_readable, open_dm
from bot.flows.replies import replace_buttons
from bot.flows.slack_errors import describe, is_final
from bot.services.nudges import nudge_for, schedule
from bot.services.optin import create_request, mark_connected, record_ask_sent, undo_connect
from bot.services.optin_view import OptInView
from bot.services.prefs import policy_of
from bot.services.promises import keep_by_request, wake_redirect_nudge
from bot.services.retries import nudge_retried

log = logging.getLogger(__name__)


def check_people(d: Deps, client: WebClient, *, team_id: str, bot_user_id: str | None,
                 people: tuple[str, str]) -> None:
    """Only two active people can be introduced; say which one is not."""
    for uid in people:
        person = d.people.get(client, team_id, uid)
        if person.is_bot or uid == bot_user_id:
            raise CommandProblem(_("<@{user}> is a bot, so there's no one to ask. Name two people.", user=uid))
        if person.deleted:
            raise CommandProblem(_("<@{user}> is no longer active in this workspace, so I can't ask them.",
                                   user=uid))


def start_optin(d: Deps, client: WebClient, *, team_id: str, introducer_id: str, people: tuple[str, str],
                kind: IntroKind, why: str, now: datetime, promise_id: int | None = None,
                ask_id: int | None = None) -> str:
    """Store the request, ask both people privately; returns what to tell the introducer. `promise_id`: the
    redirect this intro keeps; `ask_id`: the intro request (`/intro ask`) it answers."""
    with d.sessions.begin() as session:
        view = create_request(session, team_id=team_id, introducer_id=introducer_id, people=people, kind=kind,
                              why=why, now=now, promise_id=promise_id, ask_id=ask_id)
    unreachable = ask_people(d, client, [view])
    first, second = view.people
    reply = _(":white_check_mark: I've asked <@{first}> and <@{second}> privately. If both say yes, I'll start a "
              "group DM with the three of you; if not, I'll tell you privately.", first=first, second=second)
    return reply + unreachable_note(unreachable) + policies_note(d, team_id=team_id, people=view.people, now=now)


def ask_people(d: Deps, client: WebClient, views: Sequence[OptInView]) -> list[str]:
    """Send the questions of stored requests (one made from a form, or on someone's behalf, as a redirect's);
    returns whom Slack did not take a question for (their reminder asks them later). Asking again (the same
    request) asks only whoever has no question yet."""
    return [uid for view in views for uid in view.people
            if not (view.answer_of(uid).ask_ts or send_ask(d, client, view, uid))]


def unreachable_note(unreachable: Sequence[str]) -> str:
    if not unreachable:
        return ""
    names = join_names([f"<@{uid}>" for uid in dict.fromkeys(unreachable)])
    return " " + _("I couldn't reach {names} just now; I'll keep trying.", names=names)


def redirect_whys(waiting: Sequence[str]) -> dict[str, str]:
    """The reason each pair reads when a redirect is kept by asking first (who came for help, who can give it):
    stored as the generated one, and written when each question is built, in its reader's language."""
    return dict.fromkeys(waiting, GENERATED_WHY)


def policies_note(d: Deps, *, team_id: str, people: Sequence[str], now: datetime) -> str:
    """The intro policies people published, for whoever proposes or asks for an intro to them."""
    with d.sessions.begin() as session:
        summaries = [(uid, policy_of(session, team_id=team_id, user_id=uid).summary(now.date())) for uid in people]
    return "".join("\n" + _(":information_source: <@{user}>'s intro policy: {policy}.", user=uid,
                                policy=escape(summary))
                   for uid, summary in summaries if summary)


def send_ask(d: Deps, client: WebClient, view: OptInView, user_id: str, *, reminder: bool = False) -> bool:
    """Ask someone privately. Its retry record is their reminder nudge's (held while this asks): if Slack does
    not take the question, the reminder asks instead, on the retry schedule; the introducer is told."""
    with speaking(language_or_english(d, client, view.team_id, user_id)):  # the asked person's language
        text, blocks = ask(view, user_id, reminder=reminder)
    now = utcnow()
    with d.sessions.begin() as session:
        held = nudge_for(session, team_id=view.team_id, subject=f"optin:{view.request_id}:{user_id}")

    def asked(session: Session, sent: tuple[str, str]) -> None:
        record_ask_sent(session, team_id=view.team_id, request_id=view.request_id, user_id=user_id,
                        channel_id=sent[0], ts=sent[1], now=now)

    def send() -> tuple[str, str]:
        sent = client.chat_postMessage(channel=open_dm(client, user_id), text=text, blocks=blocks)
        return sent["channel"], sent["ts"]

    done = deliver(d, nudge_retried(held) if held is not None else None, send, record=asked, now=now,
                   what=f"opt-in ask for request {view.request_id}")
    return isinstance(done, Delivered)


def hold_no_news(session: Session, view: OptInView, *, won: bool) -> dict[str, int | None]:
    """In the transaction that records a decisive no: the introducer's and the other person's news, held as
    nudges (due once the send lease runs out), so a process killed right after the answer still tells them."""
    if not (won and view.state is RequestState.DECLINED):
        return {}
    now = utcnow()
    wake_redirect_nudge(session, request_id=view.request_id, now=now)  # a redirect's: offer to close directly
    return {uid: schedule(session, team_id=view.team_id, subject=f"optin-no:{view.request_id}:{uid}",
                          kind=NudgeKind.OPTIN_DECLINED, user_id=uid, due_at=now + SEND_LEASE,
                          optin_id=view.request_id, now=now) for uid in declined(view)}


def after_answer(d: Deps, client: WebClient, view: OptInView, *, actor: str, answer: Answer, won: bool,
                 held: dict[str, int | None]) -> str:
    """Act on a recorded answer (`held`: what hold_no_news stored with it); returns the text that replaces the
    actor's question."""
    other = view.other_than(actor)
    if view.state is RequestState.CONNECTED and won:
        group = connect(d, client, view, actor=actor)
        with speaking(language_or_english(d, client, view.team_id, other)):  # their question, in their language
            theirs = both_said_yes(group)
        _settle_ask(client, view, other, theirs)
        return both_said_yes(group)  # the actor's answer, in theirs (the Slack layer speaks it)
    if view.state is RequestState.DECLINED and won:
        relay_no(d, client, view, held)
    if answer is Answer.YES:
        return _(":white_check_mark: Thanks! I'll connect you as soon as <@{other}> says yes too.", other=other)
    return _("Got it. I've let <@{introducer}> know, privately. <@{other}> only hears that it isn't going "
             "ahead, and you won't get any reminders about it.", introducer=view.introducer_id, other=other)


def connect(d: Deps, client: WebClient, view: OptInView, *, actor: str) -> str:
    """Both said yes: a group DM with the two of them and the introducer, and the intro posted there."""
    try:
        group = _open_group_and_introduce(d, client, view, look_first=False)
    except Exception:
        with d.sessions.begin() as session:
            undo_connect(session, request_id=view.request_id, user_id=actor)  # their yes can simply be pressed again
        raise
    with d.sessions.begin() as session:
        mark_connected(session, request_id=view.request_id, group_channel_id=group)
        keep_by_request(session, request_id=view.request_id, now=utcnow())  # a redirect's promise, kept
    return group


def reconnect(d: Deps, client: WebClient, view: OptInView) -> None:
    """The due-work loop: both said yes, but whoever was connecting them died (or Slack failed them) before
    the group DM was recorded. Connect them now, without posting the intro twice."""
    try:
        group = _open_group_and_introduce(d, client, view, look_first=True)
    except Exception as error:  # noqa: BLE001 - retried when the lease runs out, unless Slack said no for good
        if is_final(error):
            with d.sessions.begin() as session:
                undo_connect(session, request_id=view.request_id)  # back to asking; the last yes can be pressed again
        log.warning("request %s not connected (%s)%s", view.request_id, describe(error),
                    "" if is_final(error) else "; will retry")
        return
    with d.sessions.begin() as session:
        mark_connected(session, request_id=view.request_id, group_channel_id=group)
        keep_by_request(session, request_id=view.request_id, now=utcnow())
    for user_id in view.people:  # nobody was answered: both questions give way to the news, each in its reader's
        with speaking(language_or_english(d, client, view.team_id, user_id)):
            news = both_said_yes(group)
        _settle_ask(client, view, user_id, news)


def both_said_yes(group: str) -> str:
    return _(":tada: You both said yes. Say hello in <#{group}>!", group=group)


def _open_group_and_introduce(d: Deps, client: WebClient, view: OptInView, *, look_first: bool) -> str:
    """`look_first`: an earlier attempt may have posted the intro unrecorded; it is found by its metadata
    (newer than the questions) instead of being posted again. Three people read the intro: it is the
    introducer's, so it speaks their language (whoever answered last, on either path)."""
    group = client.conversations_open(users=",".join([*view.people, view.introducer_id]))["channel"]["id"]
    if look_first:
        asked = [a.ask_ts for a in view.answers if a.ask_ts]
        if find_marked_if_readable(client, channel=group, event_type=MetadataEvent.CONNECT, key="request_id",
                                   value=view.request_id, oldest=min(asked, key=float) if asked else None):
            return group
    with speaking(language_or_english(d, client, view.team_id, view.introducer_id)):
        text, blocks = group_intro(view)
    metadata = {"event_type": MetadataEvent.CONNECT.value, "event_payload": {"request_id": view.request_id}}
    client.chat_postMessage(channel=group, text=text, blocks=blocks, metadata=metadata)
    return group


def relay_no(d: Deps, client: WebClient, view: OptInView, held: dict[str, int | None]) -> None:
    """The introducer hears who said what (and the note) privately; the other person hears only that it's off.
    Each message was stored as a nudge with the answer (`held`): one Slack does not take, or that a killed
    process never sent, is sent by the due-work loop."""
    now = utcnow()
    notes = {}
    for reader in declined(view):  # each hears it in their own language
        with speaking(language_or_english(d, client, view.team_id, reader)):
            notes[reader] = declined(view)[reader]
    for user_id, message in notes.items():  # a None in `held`: someone else is already telling them
        send_held(d, client, held.get(user_id), user_id=user_id, message=message, now=now)
    other = next(uid for uid in notes if uid != view.introducer_id)
    _settle_ask(client, view, other, notes[other][0])


def _settle_ask(client: WebClient, view: OptInView, user_id: str, text: str) -> None:
    """Replace someone's question (its buttons) once the request is settled."""
    answer = view.answer_of(user_id)
    if answer.ask_channel_id and answer.ask_ts:  # cosmetic: the buttons answer kindly if pressed later
        replace_buttons(client, text, channel_id=answer.ask_channel_id, ts=answer.ask_ts)
