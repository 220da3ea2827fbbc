"""Slack layer, pure: the app's Home tab."""

from __future__ import annotations

from typing import Any

from bot.services.prefs import Prefs
from bot.slack.ids import Action

Block = dict[str, Any]


def _toggle(on: bool, on_text: str, off_text: str, *, turn_on: Action, turn_off: Action) -> Block:
    if on:
        accessory = {"type": "button", "action_id": turn_off, "text": {"type": "plain_text", "text": "Turn off"}}
    else:
        accessory = {"type": "button", "action_id": turn_on, "style": "primary",
                     "text": {"type": "plain_text", "text": "Turn on"}}
    return {"type": "section", "text": {"type": "mrkdwn", "text": on_text if on else off_text}, "accessory": accessory}


def build_home(prefs: Prefs) -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "Intro Etiquette"}},
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": "Introductions fizzle when nobody closes them. I notice intros in the channels I'm in "
                    "and offer each person kind ways to answer: *Direct* (a clear decision), *Redirect* "
                    "(point to someone better placed), *Decline* (a private note to the introducer) or "
                    "*Need time* (say by when). I remind you of the promises you make, in your working hours.",
                },
            },
            {"type": "divider"},
            _toggle(prefs.prompts_enabled,
                    "*Intro prompts are on.* When someone introduces you in a channel I'm in, I'll privately offer "
                    "you a kind way to close it.",
                    "*Intro prompts are off.* I won't prompt you when someone introduces you.",
                    turn_on=Action.PROMPTS_ON, turn_off=Action.PROMPTS_OFF),
            _toggle(prefs.digest_enabled,
                    "*Weekly digest is on.* On Monday mornings I DM you your open intros and promises, if any.",
                    "*Weekly digest is off.*",
                    turn_on=Action.DIGEST_ON, turn_off=Action.DIGEST_OFF),
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": "Or type `/intro prompts on|off` and `/intro digest on|off`."}],
            },
        ],
    }
