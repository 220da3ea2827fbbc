"""Flows: `/intro ask @introducer @person why`: the introducer gets the request with three answers, one reminder
at 72 hours if no answer came, and at a week the request expires and the requester is told (the due-work loop
sends these; see bot/flows/follow_through.py)."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks.asks import answer_message, ask_message, expired_message, expired_note
from bot.blocks.kit import Message
from bot.domain.i18n import _, speaking
from bot.domain.optin import AskState, CommandProblem, parse_intro_command
from bot.domain.states import NudgeKind
from bot.flows.delivery import Delivered, deliver
from bot.flows.deps import Deps
from bot.flows.language import language_or_english
from bot.flows.optin import check_people, policies_note
from bot.flows.posting import send_dm
from bot.flows.replies import replace_buttons
from bot.services.ask_view import AskView
from bot.services.asks import create_ask, expire_ask, record_ask_message
from bot.services.nudges import mark_sent_now
from bot.services.retries import nudge_retried


def form_hint() -> str:
    return _("The form is: `/intro ask @introducer @person why you'd like to meet them`.")


def request_intro(d: Deps, client: WebClient, *, team_id: str, bot_user_id: str | None, requester_id: str,
                  text: str, now: datetime) -> str:
    """Send the request to the introducer; returns what to tell the requester (privately)."""
    try:
        parsed = parse_intro_command(text, author_id=requester_id, naming_yourself=_(
            "You're the one asking, so name who could introduce you, then the person you'd like to meet."))
        check_people(d, client, team_id=team_id, bot_user_id=bot_user_id, people=parsed.people)
    except CommandProblem as problem:
        return f"{problem}\n{form_hint()}"
    introducer_id, target_id = parsed.people
    with d.sessions.begin() as session:
        view, held = create_ask(session, team_id=team_id, requester_id=requester_id, introducer_id=introducer_id,
                                target_id=target_id, why=parsed.why, now=now)
    policy = policies_note(d, team_id=team_id, people=[target_id], now=now)
    with speaking(language_or_english(d, client, team_id, introducer_id)):  # the introducer reads the request
        message = ask_message(view, policies_note(d, team_id=team_id, people=[target_id], now=now))
    # None: asked already (a repeat), and its message went, or the due-work loop sends it.
    if held is not None and not _send_request(d, client, held, view, message, now=now):
        return _(":white_check_mark: Your request is saved, but I couldn't reach <@{introducer}> just now; I'll keep "
                 "trying. You'll hear back either way.", introducer=introducer_id) + policy
    return _(":white_check_mark: I've asked <@{introducer}> whether they'd introduce you to <@{target}>. You'll hear "
             "back either way.", introducer=introducer_id, target=target_id) + policy


def _send_request(d: Deps, client: WebClient, held: int, view: AskView, message: Message, *, now: datetime) -> bool:
    """Send the request now, under the nudge held for it (retried by the due-work loop if Slack does not take
    it), and remember where it went, to retire its buttons later."""
    def record(session: Session, sent: tuple[str, str]) -> None:
        mark_sent_now(session, nudge_id=held, now=now)
        record_ask_message(session, ask_id=view.ask_id, channel_id=sent[0], ts=sent[1], reminder=False)

    def send() -> tuple[str, str]:
        answer = send_dm(client, view.introducer_id, message)
        return answer["channel"], answer["ts"]

    return isinstance(deliver(d, nudge_retried(held), send, record=record, now=now,
                              what=f"nudge {held}, sent right away,"), Delivered)


def ask_nudge_message(d: Deps, client: WebClient, kind: NudgeKind, ask: AskView, *, day: str,
                      now: datetime) -> Message | None:
    """What a due intro-request nudge sends (None: nothing, it was answered meanwhile). `day`: when the request
    expires, as the recipient reads dates. Expiring happens here, in the tick that tells the requester: a send
    Slack does not take is retried with the request already expired (see DueNudge.still_wanted)."""
    if kind in (NudgeKind.ASK, NudgeKind.ASK_REMINDER):
        policy = policies_note(d, team_id=ask.team_id, people=[ask.target_id], now=now)
        return ask_message(ask, policy, expires_day=day if kind is NudgeKind.ASK_REMINDER else None)
    if kind is NudgeKind.ASK_EXPIRY:
        if ask.state is AskState.WAITING:
            with d.sessions.begin() as session:
                expired = expire_ask(session, ask_id=ask.ask_id, now=now)
            if expired is None:
                return None  # answered meanwhile: that answer is what they hear
            ask = expired
            # This tick speaks the requester's language; the introducer reads the note on their own DMs.
            with speaking(language_or_english(d, client, ask.team_id, ask.introducer_id)):
                note = expired_note(ask)
            retire_ask_messages(client, ask, note)
        return expired_message(ask)
    return answer_message(ask)


def is_request(kind: NudgeKind) -> bool:
    """The nudges that carry the request's buttons to the introducer: where they went is remembered."""
    return kind in (NudgeKind.ASK, NudgeKind.ASK_REMINDER)


def record_request_sent(session: Session, kind: NudgeKind, ask: AskView, *, channel_id: str, ts: str) -> None:
    record_ask_message(session, ask_id=ask.ask_id, channel_id=channel_id, ts=ts,
                       reminder=kind is NudgeKind.ASK_REMINDER)


def retire_ask_messages(client: WebClient, ask: AskView, text: str, *, but: str | None = None) -> None:
    """Replace the buttons of the introducer's DMs of this request (except `but`, already replaced) with `text`.
    Cosmetic: a stale button, pressed, says the request is settled."""
    for ts in ask.messages:
        if ts != but:
            replace_buttons(client, text, channel_id=ask.dm_channel_id, ts=ts)
