"""Flows: the introducer's answers to an intro request: ask both people, decline kindly, or suggest someone else."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from bot.blocks.asks import answer_message, decline_modal, suggest_modal
from bot.blocks.optin import optin_modal
from bot.domain.drafts import DraftVoice
from bot.domain.i18n import N_, _, current_language, speaking
from bot.domain.optin import AskState, draft_decline_ask
from bot.flows.asks import retire_ask_messages
from bot.flows.delivery import send_held
from bot.flows.deps import Deps
from bot.flows.language import language_or_english
from bot.services.ask_view import AskView
from bot.services.asks import answer_ask, load_ask

NOT_SENT_YET = N_("Slack didn't take your answer just now. It's saved, and I'll send it as soon as Slack accepts it; "
                  "nothing for you to redo.")


def _ask(d: Deps, *, team_id: str, ask_id: int, introducer_id: str) -> AskView:
    with d.sessions.begin() as session:
        return load_ask(session, team_id=team_id, ask_id=ask_id, introducer_id=introducer_id)


def forward_form(d: Deps, *, team_id: str, ask_id: int, introducer_id: str,
                 response_url: str | None) -> dict[str, Any]:
    """Ask them: the double opt-in form, prefilled with the two people and the requester's why."""
    ask = _ask(d, team_id=team_id, ask_id=ask_id, introducer_id=introducer_id)
    return optin_modal(first=ask.requester_id, second=ask.target_id, why=ask.why, ask_id=ask.ask_id,
                       response_url=response_url)


def decline_form(d: Deps, client: WebClient, *, team_id: str, ask_id: int, introducer_id: str,
                 response_url: str | None) -> dict[str, Any]:
    """A kind decline, drafted with both people's first names, for the introducer to edit."""
    ask = _ask(d, team_id=team_id, ask_id=ask_id, introducer_id=introducer_id)
    names = [d.people.get(client, ask.team_id, uid).first_name for uid in (ask.requester_id, ask.target_id)]
    return decline_modal(ask, draft_decline_ask(requester=names[0], target=names[1],
                                                voice=DraftVoice(current_language())), response_url)


def suggest_form(d: Deps, *, team_id: str, ask_id: int, introducer_id: str,
                 response_url: str | None) -> dict[str, Any]:
    return suggest_modal(_ask(d, team_id=team_id, ask_id=ask_id, introducer_id=introducer_id), response_url)


def record_ask_answer(d: Deps, *, team_id: str, ask_id: int, introducer_id: str, state: AskState,
                      answer: str | None, suggested_id: str | None, now: datetime) -> tuple[AskView, int | None]:
    """Settle the request with the introducer's answer (once: someone else's, or a second one, is refused); returns
    it and the nudge that delivers the answer, held until `send_ask_answer` sends it."""
    with d.sessions.begin() as session:
        return answer_ask(session, team_id=team_id, ask_id=ask_id, introducer_id=introducer_id, state=state,
                          answer=answer, suggested_id=suggested_id, now=now)


def send_ask_answer(d: Deps, client: WebClient, ask: AskView, held: int | None, *, done: str, now: datetime) -> str:
    """Send the answer to the requester (kept and sent later when Slack does not take it); returns what to tell
    the introducer: `done`, or that it is saved and will follow."""
    with speaking(language_or_english(d, client, ask.team_id, ask.requester_id)):  # the requester reads the answer
        message = answer_message(ask)
    if not send_held(d, client, held, user_id=ask.requester_id, message=message, now=now):
        return _(NOT_SENT_YET)
    return done


def retire_request_dms(client: WebClient, ask: AskView, text: str) -> None:
    """Answered from Home, `/intro list` or the digest: the request's DMs to the introducer lose their buttons."""
    retire_ask_messages(client, ask, text)
