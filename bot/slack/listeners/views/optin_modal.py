"""Slack layer: the /intro modal (ask two people first) and the "No thanks" note."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.clock import utcnow
from bot.domain.optin import Answer, CommandProblem, why_problem
from bot.services.errors import ServiceError
from bot.services.optin import answer_request
from bot.blocks.optin import kind_of
from bot.blocks.prompt import confirmation
from bot.flows.posting import open_dm
from bot.slack.context import deps
from bot.blocks.ids import OptInField, private_metadata, row_id
from bot.flows.optin import after_answer, check_people, hold_no_news, start_optin
from bot.flows.replies import replace_prompt


def _values(body: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for actions in body["view"]["state"]["values"].values():
        for action_id, element in actions.items():
            found[action_id] = (element.get("selected_user") or (element.get("selected_option") or {}).get("value")
                                or element.get("value"))
    return found


def submit_optin(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    d, user_id, team_id = deps(context), body["user"]["id"], context.team_id or ""
    values = _values(body)
    first, second, why = values.get(OptInField.FIRST), values.get(OptInField.SECOND), (values.get(OptInField.WHY) or "")
    errors: dict[str, str] = {}
    if user_id in (first, second):
        errors[OptInField.FIRST if first == user_id else OptInField.SECOND] = "That's you: pick two other people."
    elif not first or not second or first == second:
        errors[OptInField.SECOND] = "Pick two different people."
    else:
        try:
            check_people(d, client, team_id=team_id, bot_user_id=context.bot_user_id, people=(first, second))
        except CommandProblem as problem:
            # Form errors are plain text: mentions become names.
            text = str(problem)
            for uid in (first, second):
                text = text.replace(f"<@{uid}>", d.people.get(client, team_id, uid).name)
            errors[OptInField.SECOND] = text
    problem = why_problem(why)
    if problem:
        errors[OptInField.WHY] = problem.split(" For example")[0]
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    meta = private_metadata(body)
    promise_id, response_url = meta.get("promise_id"), meta.get("response_url")
    promise_id = row_id(promise_id) if promise_id is not None else None
    ask_id = row_id(meta["ask_id"]) if meta.get("ask_id") else None  # answering an intro request by asking both
    reply = start_optin(d, client, team_id=team_id, introducer_id=user_id, people=(first, second),  # type: ignore[arg-type]
                        kind=kind_of(values.get(OptInField.KIND)), why=why.strip(), now=utcnow(),
                        promise_id=promise_id, ask_id=ask_id)
    if response_url:  # from a nudge or an intro request: its buttons give way to the outcome
        replace_prompt(client, response_url=response_url, prompt_channel_id=None, prompt_ts=None, text=reply)
    else:
        client.chat_postMessage(channel=open_dm(client, user_id), text=reply)


def submit_no_thanks(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    d, user_id = deps(context), body["user"]["id"]
    request_id = row_id(private_metadata(body).get("request_id"))
    note = (_values(body).get(OptInField.NOTE) or "").strip() or None
    try:  # recorded before acknowledging: someone else's, or a late, answer is refused in the form itself
        with d.sessions.begin() as session:
            view, won = answer_request(session, team_id=context.team_id or "", request_id=request_id,
                                       user_id=user_id, answer=Answer.NO, note=note, now=utcnow())
            held = hold_no_news(session, view, won=won)  # with the answer: a killed process still tells them
    except ServiceError as error:
        ack(response_action="errors", errors={OptInField.NOTE: error.message})
        return
    ack()
    text = after_answer(d, client, view, actor=user_id, answer=Answer.NO, won=won, held=held)
    mine = view.answer_of(user_id)
    if mine.ask_channel_id and mine.ask_ts:
        client.chat_update(channel=mine.ask_channel_id, ts=mine.ask_ts, text=text,
                           blocks=confirmation(text))


