"""Flows: `/intro ask @introducer @person why`: the introducer gets the request with three answers."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from bot.blocks.asks import ask_message
from bot.domain.i18n import speaking
from bot.domain.optin import CommandProblem, parse_intro_command
from bot.flows.delivery import send_held
from bot.flows.deps import Deps
from bot.flows.language import language_or_english
from bot.flows.optin import check_people, policies_note
from bot.services.asks import create_ask

FORM = "The form is: `/intro ask @introducer @person why you'd like to meet them`."


def request_intro(d: Deps, client: WebClient, *, team_id: str, bot_user_id: str | None, requester_id: str,
                  text: str, now: datetime) -> str:
    """Send the request to the introducer; returns what to tell the requester (privately)."""
    try:
        parsed = parse_intro_command(text, author_id=requester_id, naming_yourself=(
            "You're the one asking, so name who could introduce you, then the person you'd like to meet."))
        check_people(d, client, team_id=team_id, bot_user_id=bot_user_id, people=parsed.people)
    except CommandProblem as problem:
        return f"{problem}\n{FORM}"
    introducer_id, target_id = parsed.people
    with d.sessions.begin() as session:
        view, held = create_ask(session, team_id=team_id, requester_id=requester_id, introducer_id=introducer_id,
                                target_id=target_id, why=parsed.why, now=now)
    policy = policies_note(d, team_id=team_id, people=[target_id], now=now)
    with speaking(language_or_english(d, client, team_id, introducer_id)):  # the introducer reads the request
        message = ask_message(view, policies_note(d, team_id=team_id, people=[target_id], now=now))
    # None: asked already (a repeat), and its message went, or the due-work loop sends it.
    if held is not None and not send_held(d, client, held, user_id=introducer_id, message=message,
                                          now=now):
        return (f":white_check_mark: Your request is saved, but I couldn't reach <@{introducer_id}> just now; "
                f"I'll keep trying. You'll hear back either way.{policy}")
    return (f":white_check_mark: I've asked <@{introducer_id}> whether they'd introduce you to <@{target_id}>. "
            f"You'll hear back either way.{policy}")
