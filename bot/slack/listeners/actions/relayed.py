"""Slack layer: the introducer says they passed a handed-back decline on (from the decline note or a nudge)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.blocks.ids import button_row_id
from bot.clock import utcnow
from bot.domain.i18n import N_, _
from bot.flows.closing.answers import pass_on
from bot.flows.replies import reply_in_place
from bot.slack.context import actor, deps

PASSED_ON = N_(":white_check_mark: You passed it on. Thank you for closing the loop.")


def relayed(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
    ack()
    who = actor(body, context)
    pass_on(deps(context), team_id=who.team_id, party_id=button_row_id(body), introducer_id=who.user_id, now=utcnow())
    # Marked now or already (a second click, or the first one's reply was lost): the note itself stays readable,
    # and only its button gives way to the thanks.
    reply_in_place(respond, body, _(PASSED_ON), keep_text=True)
