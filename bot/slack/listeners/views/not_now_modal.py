"""Slack layer: "Not now" to a double opt-in request, sent with its optional date to ask again after
(see bot/flows/optin_answers.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.form_meta import NoThanksMeta, view_metadata
from bot.blocks.forms import FormValues
from bot.blocks.ids import OptInField
from bot.clock import utcnow
from bot.domain.i18n import _
from bot.domain.optin import Answer
from bot.domain.timing import local_today
from bot.flows.optin_answers import answer_not_now, record_answer
from bot.services.errors import ServiceError
from bot.slack.context import actor, deps


def submit_not_now(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    d, who, now = deps(context), actor(body, context), utcnow()
    meta = NoThanksMeta.load(view_metadata(body))
    after = FormValues.of(body).day(OptInField.ASK_AGAIN_AFTER)
    if after is not None and after <= local_today(now, d.people.get(client, who.team_id, who.user_id).tz):
        ack(response_action="errors", errors={OptInField.ASK_AGAIN_AFTER: _("Pick a date in the future, or leave "
                                                                            "it empty.")})
        return
    try:  # recorded before acknowledging: someone else's, or a late, answer is refused in the form itself
        recorded = record_answer(d, team_id=who.team_id, request_id=meta.request_id, user_id=who.user_id,
                                 answer=Answer.NOT_NOW, note=None, now=now, ask_again_after=after)
    except ServiceError as error:
        ack(response_action="errors", errors={OptInField.ASK_AGAIN_AFTER: error.message})
        return
    ack()
    answer_not_now(d, client, recorded, user_id=who.user_id)
