"""Slack layer: answering a button in place, without wiping a digest that lists other items."""

from __future__ import annotations

from typing import Any

from slack_bolt import Respond

from bot.slack.blocks.prompt import confirmation

DIGEST_BLOCK_PREFIX = "digest:"  # a message listing several items: the digest and `/intro list`


def from_digest(body: dict[str, Any]) -> bool:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("block_id", "")).startswith(DIGEST_BLOCK_PREFIX)


def from_home(body: dict[str, Any]) -> bool:
    """A click on the Home tab: there is no message to reply to; the refreshed tab is the answer."""
    return (body.get("view") or {}).get("type") == "home"


def reply_in_place(respond: Respond, body: dict[str, Any], text: str) -> None:
    """Replace the message's buttons with `text`; a list keeps its other items and gets a reply below."""
    if from_home(body):
        return
    if from_digest(body):
        respond(text=text, response_type="ephemeral", replace_original=False)
    else:
        respond(text=text, blocks=confirmation(text), replace_original=True)
