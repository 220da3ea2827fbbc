"""Slack layer: the /intro command (help and a person's own prompt setting)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.services.prefs import Setting
from bot.slack.listeners.actions.prefs import change_setting
from bot.slack.mrkdwn import escape

COMMAND = "/intro"

HELP = """*Intro Etiquette* helps introductions end kindly instead of fizzling.
When someone introduces you in a channel or group DM I'm in, I'll privately offer you ways to close it: \
*Direct* (a clear, kind decision), *Redirect* (point to someone better placed), *Decline* (a private note to the \
introducer only) or *Need time* (say by when you'll answer). I draft it in your voice and you edit it before \
anything is sent, and I remind you of the promises you make.

• `/intro help`: this message
• `/intro prompts off` or `on`: stop or start prompting me about intros
• `/intro digest off` or `on`: stop or start the Monday digest of my open intros and promises"""

SETTINGS = {"prompts": Setting.PROMPTS, "digest": Setting.DIGEST}


def handle_intro(ack: Ack, command: dict[str, Any], context: BoltContext, client: WebClient,
                 respond: Respond) -> None:
    words = (command.get("text") or "").strip().lower().split()
    if words in ([], ["help"]):
        ack(text=HELP)
        return
    if len(words) == 2 and words[0] in SETTINGS and words[1] in ("on", "off"):
        ack()
        reply = change_setting(context, client, user_id=command["user_id"], setting=SETTINGS[words[0]],
                               enabled=words[1] == "on")
        respond(text=reply, response_type="ephemeral")
        return
    typed = escape((command.get("text") or "").strip()[:80])
    ack(text=f"I don't know `/intro {typed}` yet. Here's what I can do:\n\n{HELP}")
