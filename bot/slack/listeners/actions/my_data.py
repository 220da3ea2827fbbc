"""Slack layer: the "Delete my data" button that `/intro delete` offers."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.domain.i18n import _
from bot.flows.my_data import delete_data
from bot.flows.replies import reply_in_place
from bot.slack.context import actor, deps


def delete_my_data(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
    ack()
    who = actor(body, context)
    delete_data(deps(context), team_id=who.team_id, user_id=who.user_id)
    # Done whatever the reply meets: pressed again (the reply was lost), it deletes nothing more and says so again.
    reply_in_place(respond, body, _(":wastebasket: Done: everything I stored about you is deleted."))
