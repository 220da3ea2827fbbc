"""Slack layer: the /intro modal (ask two people first) and the "No thanks" note
(see bot/flows/optin.py and bot/flows/optin_answers.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.close_form import text_hash
from bot.blocks.form_meta import NoThanksMeta, OptInMeta, view_metadata
from bot.blocks.forms import FormValues
from bot.blocks.ids import OptInField
from bot.blocks.optin import kind_of
from bot.blocks.wording_warnings import warned_view
from bot.clock import utcnow
from bot.domain.i18n import N_, _
from bot.domain.optin import MIN_WHY_CHARS, Answer, CommandProblem, why_problem
from bot.domain.placeholders import placeholder_problem
from bot.domain.wording import check_wording
from bot.flows.optin import check_people, start_optin
from bot.flows.optin_answers import answer_no_thanks, record_answer
from bot.flows.posting import open_dm
from bot.flows.replies import replace_prompt
from bot.services.errors import ServiceError
from bot.slack.context import actor, deps

# A form's own words for a reason too short: the command's advice (bot/domain/optin.py) ends with an example of
# `/intro` to type, which has no place in a form.
SAY_WHY = N_("Say why this intro would help both of them, in a sentence; a vague reason usually draws a no.")


def submit_optin(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    d, who = deps(context), actor(body, context)
    user_id, team_id = who.user_id, who.team_id
    values = FormValues.of(body)
    first, second = values.user(OptInField.FIRST), values.user(OptInField.SECOND)
    why = values.text(OptInField.WHY) or ""
    errors: dict[str, str] = {}
    if user_id in (first, second):
        errors[OptInField.FIRST if first == user_id else OptInField.SECOND] = _("That's you: pick two other people.")
    elif not first or not second or first == second:
        errors[OptInField.SECOND] = _("Pick two different people.")
    else:
        try:
            check_people(d, client, team_id=team_id, bot_user_id=context.bot_user_id, people=(first, second))
        except CommandProblem as problem:
            # Form errors are plain text: mentions become names.
            text = str(problem)
            for uid in (first, second):
                text = text.replace(f"<@{uid}>", d.people.get(client, team_id, uid).name)
            errors[OptInField.SECOND] = text
    why_wrong = why_problem(why)
    if why_wrong:
        errors[OptInField.WHY] = _(SAY_WHY) if len(why.strip()) < MIN_WHY_CHARS else why_wrong
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    meta = OptInMeta.load(view_metadata(body))
    reply = start_optin(d, client, team_id=team_id, introducer_id=user_id, people=(first, second),  # type: ignore[arg-type]
                        kind=kind_of(values.option(OptInField.KIND)), why=why, now=utcnow(),
                        promise_id=meta.promise_id, ask_id=meta.ask_id)
    if meta.response_url:  # from a nudge or an intro request: its buttons give way to the outcome
        replace_prompt(client, response_url=meta.response_url, prompt_channel_id=None, prompt_ts=None, text=reply)
    else:
        client.chat_postMessage(channel=open_dm(client, user_id), text=reply)


def submit_no_thanks(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    d, who = deps(context), actor(body, context)
    meta = NoThanksMeta.load(view_metadata(body))
    request_id = meta.request_id
    note = FormValues.of(body).text(OptInField.NOTE)
    if problem := placeholder_problem(note):
        ack(response_action="errors", errors={OptInField.NOTE: problem})
        return
    issues = check_wording(note or "")
    if issues and text_hash(note or "") != meta.warned:  # warned once; sent again, it goes as it is
        ack(response_action="update", view=warned_view(body["view"], issues=issues, texts={OptInField.NOTE: note or ""},
                                                        metadata=replace(meta, warned=text_hash(note or "")).dump()))
        return
    try:  # recorded before acknowledging: someone else's, or a late, answer is refused in the form itself
        recorded = record_answer(d, team_id=who.team_id, request_id=request_id, user_id=who.user_id,
                                 answer=Answer.NO, note=note, now=utcnow())
    except ServiceError as error:
        ack(response_action="errors", errors={OptInField.NOTE: error.message})
        return
    ack()
    answer_no_thanks(d, client, recorded, user_id=who.user_id)
