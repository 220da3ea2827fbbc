"""Slack layer: `/intro export` and `/intro delete`: a person's own data, shown to them or deleted."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.blocks.kit import Block
from bot.flows.my_data import delete_data, export_message
from bot.slack.context import deps
from bot.flows.replies import reply_in_place


def export_blocks(context: BoltContext, user_id: str) -> list[Block]:
    return export_message(deps(context), team_id=context.team_id or "", user_id=user_id)


def delete_my_data(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
    ack()
    delete_data(deps(context), team_id=context.team_id or "", user_id=body["user"]["id"])
    # Done whatever the reply meets: pressed again (the reply was lost), it deletes nothing more and says so again.
    reply_in_place(respond, body, ":wastebasket: Done: everything I stored about you is deleted.")
