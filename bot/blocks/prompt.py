"""Block Kit, pure: the private prompt an introduced person gets, and what replaces it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.domain.closes import join_names
from bot.blocks.ids import PROMPT_MENU_OFF, Action

Block = dict[str, Any]


def mentions(user_ids: Sequence[str]) -> str:
    """"<@A>", "<@A> and <@B>", "<@A>, <@B> and <@C>"."""
    return join_names([f"<@{uid}>" for uid in user_ids])


def button(text: str, action: Action, value: str, style: str | None = None) -> Block:
    block: Block = {"type": "button", "text": {"type": "plain_text", "text": text}, "action_id": action, "value": value}
    if style:
        block["style"] = style
    return block


def prompt_text(*, introducer_id: str, other_ids: Sequence[str], channel_id: str, by_dm: bool) -> str:
    where = f" in <#{channel_id}>" if by_dm else ""
    return f"<@{introducer_id}> introduced you to {mentions(other_ids)}{where}."


def build_prompt(
    *, party_id: int, introducer_id: str, other_ids: Sequence[str], channel_id: str, permalink: str | None,
    by_dm: bool = False, lead: str = ":wave:", policy: str | None = None,
) -> list[Block]:
    value = str(party_id)
    link = f" <{permalink}|View the intro>" if permalink else ""
    intro_line = prompt_text(introducer_id=introducer_id, other_ids=other_ids, channel_id=channel_id, by_dm=by_dm)
    return [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": f"{lead} {intro_line}{link}\n"
                "A short, kind close beats silence. How would you like to answer?",
            },
            "accessory": {
                "type": "overflow",
                "action_id": Action.PROMPT_MENU,
                "options": [
                    {"text": {"type": "plain_text", "text": "Turn off intro prompts for me"}, "value": PROMPT_MENU_OFF}
                ],
            },
        },
        {
            "type": "actions",
            "block_id": f"prompt:{party_id}",
            "elements": [
                button("Direct", Action.DIRECT, value),
                button("Redirect", Action.REDIRECT, value),
                button("Decline", Action.DECLINE, value),
                *([button("Decline: my intro policy", Action.DECLINE_BY_POLICY, value)] if policy else []),
                button("Need time", Action.NEED_TIME, value),
                button("Happy to connect", Action.CONNECT, value, style="primary"),
                button("Not an intro", Action.DISMISS, value),
            ],
        },
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": "*Direct*: a clear, kind answer in the thread. *Redirect*: point to someone better "
                    "placed. *Decline*: a private note to the introducer only. *Need time*: say by when you'll answer. "
                    "Only you can see this.",
                }
            ],
        },
    ]


def confirmation(text: str) -> list[Block]:
    """What replaces a prompt once it is answered, so no stale buttons remain."""
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
