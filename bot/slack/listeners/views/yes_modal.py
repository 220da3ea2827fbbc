"""Slack layer: posting the yes offered by "Happy to connect" (see bot/flows/closing/yes.py). The wording check
runs on it as on every close: warned once, sent again unchanged it goes as written."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.close_form import text_hash
from bot.blocks.form_meta import view_metadata
from bot.blocks.forms import FormValues
from bot.blocks.ids import Field
from bot.blocks.wording_warnings import warned_view
from bot.blocks.yes_modal import YesMeta
from bot.clock import utcnow
from bot.domain.closes import MAX_CLOSE_CHARS
from bot.domain.placeholders import placeholder_problem
from bot.domain.wording import check_wording, length_problem
from bot.flows.closing.yes import send_yes, store_yes
from bot.services.errors import ServiceError
from bot.slack.context import actor, deps


def submit_yes(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    d, who, now = deps(context), actor(body, context), utcnow()
    meta = YesMeta.load(view_metadata(body))
    text = (FormValues.of(body).text(Field.DRAFT) or "").strip()
    problem = length_problem(text, limit=MAX_CLOSE_CHARS) or placeholder_problem(text)
    if problem:
        ack(response_action="errors", errors={Field.DRAFT: problem})
        return
    issues = check_wording(text)
    if issues and text_hash(text) != meta.warned:  # warned once; sent again, it goes as it is
        ack(response_action="update", view=warned_view(body["view"], issues=issues, texts={Field.DRAFT: text},
                                                        metadata=meta.warned_about(text_hash(text)).dump()))
        return
    try:  # stored before acknowledging: a late or second submit is refused in the form itself
        close, intro = store_yes(d, team_id=who.team_id, user_id=who.user_id, meta=meta, text=text, now=now)
    except ServiceError as error:
        ack(response_action="errors", errors={Field.DRAFT: error.message})
        return
    ack()  # stored: from here on it will be posted, now or by a retry
    send_yes(d, client, close, intro, meta, user_id=who.user_id, now=now)
