"""Flows: a stored close sent where it belongs, and the person told how it went (the prompt they answered gives
way to it, or, from the "Close this intro" shortcut, a private reply where they used it)."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from bot.blocks.close_form import CloseForm, ModalMeta
from bot.blocks.mrkdwn import quote
from bot.blocks.prompt import mentions
from bot.db.models import CloseStatus
from bot.domain.closes import CloseWay, format_day
from bot.flows.deps import Deps
from bot.flows.noticing import deliver_close
from bot.flows.response_urls import replace_prompt, tell_privately
from bot.services.closes import CloseToSend
from bot.services.intros import IntroView


def send_close(d: Deps, client: WebClient, close: CloseToSend, intro: IntroView, meta: ModalMeta, form: CloseForm,
               *, user_id: str, now: datetime) -> None:
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
