"""Slack layer: a person's own settings (intro prompts, weekly digest) from Home, the prompt's menu or /intro."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.clock import utcnow
from bot.services.prefs import Setting, prefs_of, set_pref
from bot.blocks.prefs import prefs_modal
from bot.slack.context import deps
from bot.blocks.ids import PROMPT_MENU_OFF, SETTING_ACTIONS
from bot.slack.listeners.events.app_home import refresh_home
from bot.flows.replies import tell

REPLIES = {
    (Setting.PROMPTS, False): "Intro prompts are off: I won't prompt you about new intros. Intros you were already "
    "asked about stay as they are. Turn prompts back on from my Home tab or with `/intro prompts on`.",
    (Setting.PROMPTS, True): "Intro prompts are on: I'll privately offer you a kind way to close each new intro.",
    (Setting.DIGEST, False): "The weekly digest is off. Turn it back on from my Home tab or with `/intro digest on`.",
    (Setting.DIGEST, True): "The weekly digest is on: on Monday mornings I'll DM you your open intros and promises, "
    "when there are any.",
}


def change_setting(context: BoltContext, client: WebClient, *, user_id: str, setting: Setting, enabled: bool) -> str:
    d = deps(context)
    team_id = context.team_id or ""
    with d.sessions.begin() as session:
        set_pref(session, team_id=team_id, user_id=user_id, setting=setting, enabled=enabled, now=utcnow())
    refresh_home(d, client, team_id=team_id, user_id=user_id)
    return REPLIES[setting, enabled]


def open_prefs(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    d = deps(context)
    with d.sessions.begin() as session:
        prefs = prefs_of(session, team_id=context.team_id or "", user_id=body["user"]["id"])
    client.views_open(trigger_id=body["trigger_id"], view=prefs_modal(prefs))


def toggle_from_home(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    setting, enabled = SETTING_ACTIONS[body["actions"][0]["action_id"]]
    change_setting(context, client, user_id=body["user"]["id"], setting=setting, enabled=enabled)


def prompt_menu(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond) -> None:
    ack()
    if (body["actions"][0].get("selected_option") or {}).get("value") != PROMPT_MENU_OFF:
        return
    reply = change_setting(context, client, user_id=body["user"]["id"], setting=Setting.PROMPTS, enabled=False)
    tell(client, respond, body["user"]["id"], reply)  # below the prompt; by DM if Slack does not take it: it's saved
