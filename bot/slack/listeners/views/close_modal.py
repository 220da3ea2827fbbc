"""Slack layer: sending the close modal (see bot/flows/closing/answers.py). Refreshing its draft as choices change
is an action: bot/slack/listeners/actions/draft_fields.py."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.close_form import submitted, text_hash, validate
from bot.blocks.close_modal import build_close_modal
from bot.blocks.ids import Field
from bot.clock import utcnow
from bot.domain.timing import local_today
from bot.domain.wording import check_wording
from bot.flows.closing.answers import party_for, store_close
from bot.flows.closing.drafting import better_name
from bot.flows.closing.sending import send_close
from bot.services.errors import ServiceError
from bot.slack.context import actor, deps


def submit_close(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    d, who, now = deps(context), actor(body, context), utcnow()
    meta, form = submitted(body)
    draft_block = f"{Field.DRAFT}_v{meta.draft_version}"
    try:
        intro = party_for(d, team_id=who.team_id, party_id=meta.party_id, user_id=who.user_id)
    except ServiceError as error:
        ack(response_action="errors", errors={draft_block: error.message})
        return
    tz = d.people.get(client, who.team_id, who.user_id).tz
    errors = validate(meta.way, form, user_id=who.user_id, today=local_today(now, tz))
    if errors:
        ack(response_action="errors", errors={draft_block if k == Field.DRAFT else k: v for k, v in errors.items()})
        return
    text, note = form.final_text(meta.way), form.note_for_introducer(meta.way)
    everything = "\n\n".join(t for t in (text, note) if t)  # every word they send is checked
    issues = check_wording(everything)
    if issues and text_hash(everything) != meta.warned_hash:
        warned = replace(meta, warned_hash=text_hash(everything))
        ack(response_action="update",
            view=build_close_modal(meta=warned, form=form, introducer_id=intro.introducer_id, issues=issues,
                                   today=local_today(now, tz), better_name=better_name(d, client, intro, form)))
        return
    try:
        stored = store_close(d, client, intro, meta, form, team_id=who.team_id, user_id=who.user_id, text=text,
                            note=note, tz=tz, now=now)
    except ServiceError as error:
        ack(response_action="errors", errors={draft_block: error.message})
        return
    ack()  # the close is stored: from here on it will be posted, now or by a retry
    send_close(d, client, stored, intro, meta, form, user_id=who.user_id, now=now)
