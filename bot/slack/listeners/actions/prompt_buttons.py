"""Slack layer: the prompt's buttons. Direct/Redirect/Decline open the close modal; the others answer at once."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.clock import utcnow
from bot.domain.states import PartyState
from bot.domain.closes import CloseWay
from bot.services.errors import AlreadyHandled, ServiceError
from bot.services.feedback import count_dismissed
from bot.services.intros import claim_party, load_party
from bot.services.prefs import policy_of
from bot.blocks.prompt import mentions
from bot.blocks.shortcut import notice_modal
from bot.slack.context import deps
from bot.flows.closing.drafting import first_modal
from bot.blocks.ids import SHORTCUT_CHOOSER, Action, button_row_id
from bot.flows.replies import from_digest, replace_prompt
from bot.flows.response_urls import trusted
from bot.blocks.shortcut_meta import ChooserMeta

WAYS = {Action.DIRECT: CloseWay.DIRECT, Action.REDIRECT: CloseWay.REDIRECT, Action.DECLINE: CloseWay.DECLINE,
        Action.NEED_TIME: CloseWay.NEED_TIME, Action.DECLINE_BY_POLICY: CloseWay.DECLINE}
OUTCOMES = {Action.CONNECT: PartyState.CONNECTED, Action.DISMISS: PartyState.DISMISSED}


def _party_id(body: dict[str, Any]) -> int:
    return button_row_id(body)


def open_close_modal(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    d, chooser = deps(context), from_chooser(body)
    try:
        with d.sessions.begin() as session:
            intro = load_party(session, team_id=context.team_id or "", party_id=_party_id(body),
                               user_id=body["user"]["id"])
        if intro.state is not PartyState.OPEN:
            raise AlreadyHandled(intro.state)
    except ServiceError as error:
        if chooser is None:
            raise
        client.views_update(view_id=body["view"]["id"], view=notice_modal(error.message))
        return
    way = WAYS[Action(body["actions"][0]["action_id"])]
    if chooser is not None:  # the "Close this intro" shortcut's modal: the close form takes its place
        view = first_modal(d, client, intro, way, response_url=trusted(chooser.response_url, client), now=utcnow(),
                           via_shortcut=True)
        client.views_update(view_id=body["view"]["id"], hash=body["view"].get("hash"), view=view)
        return
    # From a digest, the confirmation goes to the prompt itself, leaving the digest's other items in place.
    response_url = None if from_digest(body) else body.get("response_url")  # (the Home tab has none)
    policy = None
    if body["actions"][0]["action_id"] == Action.DECLINE_BY_POLICY:
        with d.sessions.begin() as session:
            policy = policy_of(session, team_id=intro.team_id, user_id=intro.user_id).declines(utcnow().date())
    view = first_modal(d, client, intro, way, response_url=response_url, now=utcnow(), policy=policy)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def from_chooser(body: dict[str, Any]) -> ChooserMeta | None:
    """The shortcut's modal the button was pressed in, or None for a prompt, a nudge, a digest or Home."""
    view = body.get("view")
    if not isinstance(view, dict) or view.get("callback_id") != SHORTCUT_CHOOSER or not view.get("id"):
        return None
    return ChooserMeta.load(view.get("private_metadata"))


def answer_without_close(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    ack()
    state, now, chooser = OUTCOMES[Action(body["actions"][0]["action_id"])], utcnow(), from_chooser(body)
    try:
        with deps(context).sessions.begin() as session:
            intro = claim_party(session, team_id=context.team_id or "", party_id=_party_id(body),
                                user_id=body["user"]["id"], state=state, now=now)
            if state is PartyState.DISMISSED:  # feedback on detection for the workspace: a count, nothing else
                count_dismissed(session, intro_id=intro.intro_id, now=now)
    except ServiceError as error:
        if chooser is None:
            raise
        client.views_update(view_id=body["view"]["id"], view=notice_modal(error.message))
        return
    others = mentions(intro.other_ids)
    text = (
        f":white_check_mark: Great, enjoy the conversation with {others}. No close needed."
        if state is PartyState.CONNECTED
        else "Got it: not an intro. I'll leave this one alone."
    )
    if chooser is not None:
        client.views_update(view_id=body["view"]["id"], view=notice_modal(text))
        return
    replace_prompt(client, response_url=body.get("response_url"), prompt_channel_id=intro.prompt_channel_id,
                   prompt_ts=intro.prompt_ts, text=text)
