"""Slack layer: turning intro prompts off and on (Home tab buttons and the prompt's menu)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.clock import utcnow
from bot.services.prefs import set_prompts_enabled
from bot.slack.deps import deps
from bot.slack.ids import PROMPT_MENU_OFF, Action
from bot.slack.listeners.events.app_home import publish_home

PROMPTS_OFF_REPLY = (
    "Intro prompts are off: I won't prompt you about new intros. Intros you were already asked about "
    "stay as they are. Turn prompts back on from my Home tab or with `/intro prompts on`."
)
PROMPTS_ON_REPLY = "Intro prompts are on: I'll privately offer you a kind way to close each new intro."


def set_prompts(context: BoltContext, client: WebClient, *, user_id: str, enabled: bool) -> str:
    d = deps(context)
    team_id = context.team_id or ""
    with d.sessions.begin() as session:
        set_prompts_enabled(session, team_id=team_id, user_id=user_id, enabled=enabled, now=utcnow())
    publish_home(d, client, team_id=team_id, user_id=user_id)
    return PROMPTS_ON_REPLY if enabled else PROMPTS_OFF_REPLY


def toggle_from_home(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    enabled = body["actions"][0]["action_id"] == Action.PROMPTS_ON
    set_prompts(context, client, user_id=body["user"]["id"], enabled=enabled)


def prompt_menu(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond) -> None:
    ack()
    if (body["actions"][0].get("selected_option") or {}).get("value") != PROMPT_MENU_OFF:
        return
    reply = set_prompts(context, client, user_id=body["user"]["id"], enabled=False)
    respond(text=reply, response_type="ephemeral", replace_original=False)
