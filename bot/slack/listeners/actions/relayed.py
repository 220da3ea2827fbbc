"""Slack layer: the introducer says they passed a handed-back decline on (from the decline note or a nudge)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.clock import utcnow
from bot.services.promises import mark_relayed
from bot.slack.blocks.prompt import confirmation
from bot.slack.deps import deps
from bot.slack.replies import from_digest, from_home

PASSED_ON = ":white_check_mark: You passed it on. Thank you for closing the loop."


def relayed(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
    ack()
    with deps(context).sessions.begin() as session:
        kept = mark_relayed(session, team_id=context.team_id or "", party_id=int(body["actions"][0]["value"]),
                            introducer_id=body["user"]["id"], now=utcnow())
    if not kept:
        return  # already marked (a second click): nothing changes
    if from_home(body):
        return
    if from_digest(body):
        respond(text=PASSED_ON, response_type="ephemeral", replace_original=False)
        return
    # The note itself stays readable; only its button gives way to the thanks.
    kept_blocks = [b for b in body.get("message", {}).get("blocks", []) if b.get("type") == "section"]
    respond(text=PASSED_ON, blocks=[*kept_blocks, *confirmation(PASSED_ON)], replace_original=True)
