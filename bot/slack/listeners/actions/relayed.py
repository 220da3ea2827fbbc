"""Slack layer: the introducer says they passed a handed-back decline on."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.clock import utcnow
from bot.services.promises import mark_relayed
from bot.slack.deps import deps


def relayed(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    with deps(context).sessions.begin() as session:
        kept = mark_relayed(session, team_id=context.team_id or "", party_id=int(body["actions"][0]["value"]),
                            introducer_id=body["user"]["id"], now=utcnow())
    if not kept:
        return  # someone else's button, or already marked: nothing changes
    original = [b for b in body["message"].get("blocks", []) if b.get("type") != "actions"]
    client.chat_update(
        channel=body["channel"]["id"],
        ts=body["message"]["ts"],
        text="Passed on. Thank you for closing the loop.",
        blocks=[*original[:-1], {"type": "context", "elements": [
            {"type": "mrkdwn", "text": ":white_check_mark: You passed this on. Thank you for closing the loop."}]}],
    )
