"""Slack layer: the close modal: refreshing its draft as choices change, and sending the close."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import utcnow
from bot.domain.states import CloseStatus
from bot.domain.closes import CloseWay, format_day
from bot.domain.timing import due_on, local_today
from bot.domain.wording import check_wording
from bot.services.closes import CloseToSend, RedirectTarget, start_close
from bot.services.errors import NotFound, ServiceError
from bot.services.intros import load_party
from bot.blocks.close_modal import build_close_modal
from bot.blocks.prompt import mentions
from bot.blocks.close_form import CloseForm, ModalMeta, read_form, text_hash, validate
from bot.slack.context import deps
from bot.flows.closing.drafting import better_name, refreshed_modal
from bot.blocks.ids import Field
from bot.blocks.mrkdwn import quote
from bot.flows.noticing import deliver_close
from bot.flows.replies import replace_prompt
from bot.flows.response_urls import tell_privately


def _read(body: dict[str, Any]) -> tuple[ModalMeta, CloseForm]:
    view = body.get("view")
    state = view.get("state") if isinstance(view, dict) else None
    values = state.get("values") if isinstance(state, dict) else None
    if not isinstance(view, dict) or not isinstance(values, dict):
        raise NotFound()  # a form's field pressed outside its form, or a form the app never wrote
    return ModalMeta.load(view.get("private_metadata")), read_form(values)


def refresh_draft(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    d = deps(context)
    meta, form = _read(body)
    with d.sessions.begin() as session:
        intro = load_party(session, team_id=context.team_id or "", party_id=meta.party_id, user_id=body["user"]["id"])
    view = refreshed_modal(d, client, intro, meta, form)
    if view is None:
        return
    try:
        client.views_update(view_id=body["view"]["id"], hash=body["view"].get("hash"), view=view)
    except SlackApiError as error:
        if error.response.get("error") != "hash_conflict":  # a newer update already won
            raise


def submit_close(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    d = deps(context)
    meta, form = _read(body)
    user_id, team_id, now = body["user"]["id"], context.team_id or "", utcnow()
    draft_block = f"{Field.DRAFT}_v{meta.draft_version}"
    try:
        with d.sessions.begin() as session:
            intro = load_party(session, team_id=team_id, party_id=meta.party_id, user_id=user_id)
    except ServiceError as error:
        ack(response_action="errors", errors={draft_block: error.message})
        return
    me = d.people.get(client, team_id, user_id)
    errors = validate(meta.way, form, user_id=user_id, today=local_today(now, me.tz))
    if errors:
        ack(response_action="errors", errors={draft_block if k == Field.DRAFT else k: v for k, v in errors.items()})
        return
    text = form.final_text(meta.way)
    issues = check_wording(text)
    if issues and text_hash(text) != meta.warned_hash:
        warned = replace(meta, warned_hash=text_hash(text))
        ack(response_action="update",
            view=build_close_modal(meta=warned, form=form, introducer_id=intro.introducer_id, issues=issues))
        return
    target = None
    if meta.way is CloseWay.REDIRECT:
        target = RedirectTarget(user_id=form.who, name=better_name(d, client, intro, form), contact=form.who_contact)
    try:
        with d.sessions.begin() as session:
            close = start_close(
                session, team_id=team_id, party_id=meta.party_id, user_id=user_id, way=meta.way, text=text,
                now=now, redirect_to=target, promise_due=due_on(form.by, me.tz) if form.by else None,
                instead_of_promise=meta.instead_of_promise,
            )
    except ServiceError as error:
        ack(response_action="errors", errors={draft_block: error.message})
        return
    ack()  # the close is stored: from here on it will be posted, now or by a retry
    if meta.via_shortcut:
        status = deliver_close(d, client, close, now=now, response_url=meta.response_url)
        tell_privately(client, meta.response_url, user_id=user_id,
                       text=confirmation_text(close, form, status=status, via_shortcut=True))
        return
    status = deliver_close(d, client, close, now=now)
    replace_prompt(client, response_url=meta.response_url, prompt_channel_id=intro.prompt_channel_id,
                   prompt_ts=intro.prompt_ts, text=confirmation_text(close, form, status=status))


def confirmation_text(close: CloseToSend, form: CloseForm, *, status: CloseStatus, via_shortcut: bool = False) -> str:
    others = mentions(close.intro.other_ids)
    if status is CloseStatus.PENDING:
        return ("Slack didn't take your close just now. It's saved, and I'll send it as soon as Slack "
                "accepts it; nothing for you to redo.")
    if status is CloseStatus.FAILED:
        if close.way is CloseWay.DECLINE:
            where = "the introducer"
        else:
            where = "that conversation (I'm not in it)" if via_shortcut else "that thread"
        return (f"Slack won't let me post to {where}{'' if via_shortcut else ' (it may be archived, or I was removed)'}."
                f" Here is your text so it isn't lost; copy it and send it yourself:\n{quote(close.text)}")
    if via_shortcut and close.way is not CloseWay.DECLINE:
        return (f":white_check_mark: Your close is posted where the intro was. Thanks for not leaving {others} "
                "hanging." + (f" On {format_day(form.by)} I'll remind you about it." if form.by else ""))
    if close.way is CloseWay.DECLINE:
        return (f":white_check_mark: Your note went privately to <@{close.intro.introducer_id}> to pass on "
                f"to {others}. Nothing was posted in the channel.")
    if close.way is CloseWay.NEED_TIME and form.by:
        return (f":white_check_mark: Your reply is posted in the thread. On {format_day(form.by)} I'll remind you "
                f"to close it with {others}.")
    if close.way is CloseWay.REDIRECT and form.by:
        return (f":white_check_mark: Your redirect is posted in the thread. I'll remind you on "
                f"{format_day(form.by)} if you haven't connected {others} by then.")
    return f":white_check_mark: Your close is posted in the thread. Thanks for not leaving {others} hanging."
