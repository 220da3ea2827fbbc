"""Slack layer: sending the introducer's kind decline, or their suggestion of someone else, to the requester
(see bot/flows/ask_answers.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.close_form import text_hash
from bot.blocks.form_meta import AskMeta, view_metadata
from bot.blocks.forms import FormValues
from bot.blocks.ids import AskField
from bot.blocks.wording_warnings import warned_view
from bot.clock import utcnow
from bot.domain.i18n import _
from bot.domain.optin import AskState
from bot.domain.placeholders import placeholder_problem
from bot.domain.wording import check_wording
from bot.flows.ask_answers import record_ask_answer, retire_request_dms, send_ask_answer
from bot.flows.replies import replace_prompt
from bot.services.errors import ServiceError
from bot.slack.context import actor, deps


def _answer(ack: Ack, context: BoltContext, client: WebClient, body: dict[str, Any], state: AskState,
            answer: str | None, suggested_id: str | None, done: str) -> None:
    """Record the answer before acknowledging, so someone else's or a second submission is refused in the form;
    then send it to the requester (kept and sent later when Slack does not take it). Its wording is checked
    first: warned once, the same text sent again goes as it is."""
    now, d, who = utcnow(), deps(context), actor(body, context)
    try:
        meta = AskMeta.load(view_metadata(body))  # metadata the app never wrote names no request: NotFound
        issues = check_wording(answer or "")
        if issues and text_hash(answer or "") != meta.warned:
            ack(response_action="update", view=warned_view(
                body["view"], issues=issues, texts={AskField.TEXT: answer or ""},
                metadata=replace(meta, warned=text_hash(answer or "")).dump()))
            return
        ask, held = record_ask_answer(d, team_id=who.team_id, ask_id=meta.ask_id, introducer_id=who.user_id,
                                      state=state, answer=answer, suggested_id=suggested_id, now=now)
    except ServiceError as error:
        ack(response_action="errors", errors={AskField.TEXT: error.message})
        return
    ack()
    told = send_ask_answer(d, client, ask, held, done=done, now=now)
    if meta.response_url:  # answered from the request's DM: that message shows what happened
        replace_prompt(client, response_url=meta.response_url, prompt_channel_id=None, prompt_ts=None, text=told)
    else:  # from Home, `/intro list` or the digest: the request's DMs lose their buttons
        retire_request_dms(client, ask, told)


def submit_decline(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    text = FormValues.of(body).text(AskField.TEXT)
    problem = _("Write a short answer before sending.") if not text else placeholder_problem(text)
    if problem:
        ack(response_action="errors", errors={AskField.TEXT: problem})
        return
    _answer(ack, context, client, body, AskState.DECLINED, text, None,
            _(":white_check_mark: Your answer went to them privately. Thank you for answering clearly."))


def submit_suggest(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    values, who = FormValues.of(body), actor(body, context)
    someone, note = values.user(AskField.SOMEONE), values.text(AskField.TEXT)
    if not someone or someone == who.user_id:
        ack(response_action="errors", errors={AskField.SOMEONE: _("Pick someone other than yourself.")})
        return
    if problem := placeholder_problem(note):
        ack(response_action="errors", errors={AskField.TEXT: problem})
        return
    _answer(ack, context, client, body, AskState.SUGGESTED, note, someone,
            _(":white_check_mark: I passed your suggestion of <@{someone}> on. Thank you!", someone=someone))
