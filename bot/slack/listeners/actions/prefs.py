"""Slack layer: a person's own settings (intro prompts, weekly digest) from Home or the prompt's menu
(see bot/flows/settings.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.ids import PROMPT_MENU_OFF, SETTING_ACTIONS
from bot.clock import utcnow
from bot.flows.replies import tell
from bot.flows.settings import change_setting, prefs_form
from bot.flows.slack_client import open_modal
from bot.services.prefs import Setting
from bot.slack.context import actor, chosen_value, deps


def open_prefs(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    who = actor(body, context)
    open_modal(client, body["trigger_id"],
                      prefs_form(deps(context), team_id=who.team_id, user_id=who.user_id))


def toggle_from_home(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    setting, enabled = SETTING_ACTIONS[body["actions"][0]["action_id"]]
    who = actor(body, context)
    change_setting(deps(context), client, team_id=who.team_id, user_id=who.user_id, setting=setting, enabled=enabled,
                   now=utcnow())


def prompt_menu(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond) -> None:
    ack()
    if chosen_value(body) != PROMPT_MENU_OFF:
        return
    who = actor(body, context)
    reply = change_setting(deps(context), client, team_id=who.team_id, user_id=who.user_id, setting=Setting.PROMPTS,
                           enabled=False, now=utcnow())
    tell(client, respond, who.user_id, reply)  # below the prompt; by DM if Slack does not take it: it's saved
