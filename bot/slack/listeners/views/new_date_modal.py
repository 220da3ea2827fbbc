"""Slack layer: posting a slipped "get back to you by" date anew (see bot/flows/new_date.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.form_meta import view_metadata
from bot.blocks.forms import FormValues
from bot.blocks.ids import NewDateField
from bot.blocks.nudges import NewDateMeta
from bot.clock import utcnow
from bot.domain.i18n import _
from bot.domain.timing import local_today
from bot.flows import new_date
from bot.services.errors import ServiceError
from bot.slack.context import actor, deps


def submit_new_date(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    d, who = deps(context), actor(body, context)
    meta = NewDateMeta.load(view_metadata(body))
    day = FormValues.of(body).day(NewDateField.BY)
    tz = d.people.get(client, who.team_id, who.user_id).tz
    if day is None or day <= local_today(utcnow(), tz):
        ack(response_action="errors", errors={NewDateField.BY: _("Pick a day after today: it's the date you'll "
                                                                 "get back to them by.")})
        return
    try:  # kept meanwhile, or not theirs: said in the form itself
        _promise, intro = new_date.still_open(d, team_id=who.team_id, promise_id=meta.promise_id,
                                              user_id=who.user_id)
    except ServiceError as error:
        ack(response_action="errors", errors={NewDateField.BY: error.message})
        return
    ack()
    new_date.post_new_date(d, client, intro, meta, user_id=who.user_id, day=day, tz=tz, now=utcnow())
