"""Slack layer: the /intro command (help and a person's own prompt setting)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.slack.listeners.actions.prefs import set_prompts
from bot.slack.mrkdwn import escape

COMMAND = "/intro"

HELP = """*Intro Etiquette* helps introductions end kindly instead of fizzling.
When someone introduces you in a channel or group DM I'm in, I'll privately offer you three ways to close it: \
*Direct* (a clear, kind decision), *Redirect* (point to someone better placed) or *Decline* (a private note to the \
introducer only). I draft it in your voice and you edit it before anything is sent.

• `/intro help`: this message
• `/intro prompts off`: stop prompting me about intros
• `/intro prompts on`: prompt me again"""


def handle_intro(ack: Ack, command: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    words = (command.get("text") or "").strip().lower().split()
    if words in ([], ["help"]):
        ack(text=HELP)
        return
    if words in (["prompts", "on"], ["prompts", "off"]):
        ack()
        reply = set_prompts(context, client, user_id=command["user_id"], enabled=words[1] == "on")
        client.chat_postEphemeral(channel=command["channel_id"], user=command["user_id"], text=reply)
        return
    typed = escape((command.get("text") or "").strip()[:80])
    ack(text=f"I don't know `/intro {typed}` yet. Here's what I can do:\n\n{HELP}")
