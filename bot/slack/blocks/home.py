"""Slack layer, pure: the app's Home tab."""

from __future__ import annotations

from typing import Any

from bot.slack.ids import Action


def build_home(*, prompts_enabled: bool) -> dict[str, Any]:
    if prompts_enabled:
        status = "*Intro prompts are on.* When someone introduces you in a channel I'm in, I'll privately offer you a kind way to close it."
        toggle = {"type": "button", "action_id": Action.PROMPTS_OFF, "text": {"type": "plain_text", "text": "Turn off"}}
    else:
        status = "*Intro prompts are off.* I won't prompt you when someone introduces you."
        toggle = {"type": "button", "action_id": Action.PROMPTS_ON, "style": "primary",
                  "text": {"type": "plain_text", "text": "Turn on"}}
    return {
        "type": "home",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "Intro Etiquette"}},
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": "Introductions fizzle when nobody closes them. I notice intros in the channels I'm in "
                    "and offer each person three kind ways to answer: *Direct* (a clear decision), *Redirect* "
                    "(point to someone better placed) or *Decline* (a private note to the introducer).",
                },
            },
            {"type": "divider"},
            {"type": "section", "text": {"type": "mrkdwn", "text": status}, "accessory": toggle},
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": "You can also type `/intro prompts on` or `/intro prompts off`."}],
            },
        ],
    }
