"""Slack layer: the "Close this intro" shortcut's question, who was introduced, answered."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.forms import FormValues
from bot.blocks.ids import SHORTCUT_WHO
from bot.blocks.shortcut import notice_modal, who_modal
from bot.blocks.shortcut_meta import WhoMeta
from bot.domain.i18n import N_, _
from bot.domain.shortcut import Role, enough
from bot.flows.closing.shortcut import ONE_MOMENT, active, mark, picked_people, prompt, show
from bot.flows.response_urls import trusted
from bot.services.errors import NotYours
from bot.slack.context import actor, deps

# Marked for the catalog; translated where used, with `_()`.
EXPIRED = N_("This form can't be used any more. Use the shortcut on the message again.")
TOO_FEW = {
    Role.INTRODUCER: N_("Pick at least two people you introduced (not yourself, bots or deactivated accounts)."),
    Role.PARTY: N_("Pick the person you were introduced to (not yourself, the introducer, bots or deactivated "
                   "accounts)."),
}


def submit_who(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """Checks that need nothing but the form answer at once; then the modal shows "One moment…" while the people
    picked are looked up and the intro is recorded, and the answer takes its place."""
    d, who, view = deps(context), actor(body, context), body["view"]
    user_id, team_id = who.user_id, who.team_id
    try:
        meta = WhoMeta.load(view.get("private_metadata"))
    except (ValueError, TypeError):
        ack(response_action="errors", errors={SHORTCUT_WHO: _(EXPIRED)})
        return
    if meta.role is Role.INTRODUCER and user_id != meta.introducer_id:
        ack(response_action="errors", errors={SHORTCUT_WHO: NotYours.message})
        return
    picked = picked_people(FormValues.from_state((view.get("state") or {}).get("values")),
                           exclude=(user_id, meta.introducer_id, context.bot_user_id))
    if not enough(meta.role, picked):
        ack(response_action="errors", errors={SHORTCUT_WHO: _(TOO_FEW[meta.role])})
        return
    ack(response_action="update", view=notice_modal(_(ONE_MOMENT)))
    meta = replace(meta, response_url=trusted(meta.response_url, client))
    people = active(d, client, team_id, picked)
    if enough(meta.role, people):
        answer, to_prompt = mark(d, meta, team_id, user_id, people)
    else:  # someone picked is a bot or a deactivated account: asked again, without them
        answer, to_prompt = who_modal(role=meta.role, suggested=people, metadata=meta.dump(),
                                      problem=_(TOO_FEW[meta.role])), []
    show(client, view["id"], answer, response_url=meta.response_url, user_id=user_id)
    prompt(d, client, to_prompt)
