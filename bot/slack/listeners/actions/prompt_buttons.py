"""Slack layer: the prompt's buttons. Direct/Redirect/Decline open the close modal; the others answer at once
(see bot/flows/closing/answers.py). The same buttons sit in the "Close this intro" shortcut's modal, where the
answer takes the modal's place."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.ids import SHORTCUT_CHOOSER, Action, button_row_id
from bot.blocks.shortcut import notice_modal
from bot.blocks.shortcut_meta import ChooserMeta
from bot.clock import utcnow
from bot.domain.closes import CloseWay
from bot.flows.closing.answers import close_form, open_party, settle_without_close
from bot.flows.replies import message_response_url, replace_prompt
from bot.flows.response_urls import trusted
from bot.flows.slack_client import open_modal
from bot.services.errors import ServiceError
from bot.slack.context import actor, deps

WAYS = {Action.DIRECT: CloseWay.DIRECT, Action.REDIRECT: CloseWay.REDIRECT, Action.DECLINE: CloseWay.DECLINE,
        Action.NEED_TIME: CloseWay.NEED_TIME, Action.DECLINE_BY_POLICY: CloseWay.DECLINE}
WITHOUT_CLOSE = (Action.DISMISS,)  # not an intro ("Happy to connect" offers a yes: yes_button.py)


def open_close_modal(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    d, chooser, who = deps(context), from_chooser(body), actor(body, context)
    try:
        intro = open_party(d, team_id=who.team_id, party_id=button_row_id(body), user_id=who.user_id)
    except ServiceError as error:
        refuse_in_chooser(client, body, chooser, error)
        return
    action_id = body["actions"][0]["action_id"]
    way = WAYS[Action(action_id)]
    if chooser is not None:  # the "Close this intro" shortcut's modal: the close form takes its place
        view = close_form(d, client, intro, way, response_url=trusted(chooser.response_url, client), now=utcnow(),
                          via_shortcut=True)
        client.views_update(view_id=body["view"]["id"], hash=body["view"].get("hash"), view=view)
        return
    # From a digest, the confirmation goes to the prompt itself, leaving the digest's other items in place.
    response_url = message_response_url(body)  # (the Home tab has none)
    view = close_form(d, client, intro, way, response_url=response_url, now=utcnow(),
                      by_policy=action_id == Action.DECLINE_BY_POLICY)
    open_modal(client, body["trigger_id"], view)


def from_chooser(body: dict[str, Any]) -> ChooserMeta | None:
    """The shortcut's modal the button was pressed in, or None for a prompt, a nudge, a digest or Home."""
    view = body.get("view")
    if not isinstance(view, dict) or view.get("callback_id") != SHORTCUT_CHOOSER or not view.get("id"):
        return None
    return ChooserMeta.load(view.get("private_metadata"))


def refuse_in_chooser(client: WebClient, body: dict[str, Any], chooser: ChooserMeta | None,
                      error: ServiceError) -> None:
    """A refusal (already closed, say) answers in the shortcut's modal when the button was pressed there; anywhere
    else it goes on to the error handler, which tells the person."""
    if chooser is None:
        raise error
    client.views_update(view_id=body["view"]["id"], view=notice_modal(error.message))


def answer_without_close(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    dismissed = body["actions"][0]["action_id"] == Action.DISMISS
    chooser, who = from_chooser(body), actor(body, context)
    try:
        intro, text = settle_without_close(deps(context), team_id=who.team_id, party_id=button_row_id(body),
                                           user_id=who.user_id, dismissed=dismissed, now=utcnow())
    except ServiceError as error:
        refuse_in_chooser(client, body, chooser, error)
        return
    if chooser is not None:
        client.views_update(view_id=body["view"]["id"], view=notice_modal(text))
        return
    replace_prompt(client, response_url=body.get("response_url"), prompt_channel_id=intro.prompt_channel_id,
                   prompt_ts=intro.prompt_ts, text=text)
