"""Block Kit, pure: an intro request to an introducer, and its two answer forms."""

from __future__ import annotations

from bot.blocks.form_meta import AskMeta
from bot.blocks.ids import ASK_DECLINE_MODAL, ASK_SUGGEST_MODAL, Action, AskField
from bot.blocks.kit import Block, actions, button, context, input_block, modal, plain_text_input, section, users_select
from bot.blocks.mrkdwn import quote
from bot.domain.optin import AskState
from bot.services.ask_view import AskView

MAX_ANSWER_CHARS = 1000


def ask_message(view: AskView, policy_note: str) -> tuple[str, list[Block]]:
    text = f"<@{view.requester_id}> would like you to introduce them to <@{view.target_id}>."
    value = str(view.ask_id)
    return text, [
        section(f":raised_hand: {text}\n*Why:*\n{quote(view.why)}{policy_note}"),
        actions([
            button("Ask them", Action.ASK_FORWARD, value, style="primary"),
            button("Decline kindly", Action.ASK_DECLINE, value),
            button("Suggest someone else", Action.ASK_SUGGEST, value),
        ], block_id=f"ask:{value}"),
        context(f"*Ask them* asks <@{view.target_id}> and <@{view.requester_id}> privately first. Saying no is fine: "
                "a kind, clear answer keeps the relationship."),
    ]


def answer_message(view: AskView) -> tuple[str, list[Block]]:
    """The introducer's decline, or suggestion of someone else, for the requester only."""
    if view.state is AskState.SUGGESTED:
        who = f"<@{view.suggested_id}>" if view.suggested_id else "someone else"
        said = f"\n{quote(view.answer)}" if view.answer else ""
        text = f"<@{view.introducer_id}> suggests asking {who} about your intro request instead.{said}"
    else:
        text = f"<@{view.introducer_id}> answered your intro request:\n{quote(view.answer or '')}"
    return text, [section(text, verbatim=True)]


def _modal(callback_id: str, title: str, view: AskView, blocks: list[Block], response_url: str | None) -> Block:
    return modal(callback_id, title, blocks, submit="Send", close="Cancel",
                 private_metadata=AskMeta(ask_id=view.ask_id, response_url=response_url).dump())


def decline_modal(view: AskView, draft: str, response_url: str | None) -> Block:
    return _modal(ASK_DECLINE_MODAL, "Decline kindly", view, [
        section(f"Only <@{view.requester_id}> will see this."),
        input_block(AskField.TEXT, "Your answer",
                    plain_text_input(multiline=True, max_length=MAX_ANSWER_CHARS, initial_value=draft)),
    ], response_url)


def suggest_modal(view: AskView, response_url: str | None) -> Block:
    return _modal(ASK_SUGGEST_MODAL, "Suggest someone else", view, [
        input_block(AskField.SOMEONE, "Who would be better to ask", users_select()),
        input_block(AskField.TEXT, "A note for them", plain_text_input(multiline=True, max_length=MAX_ANSWER_CHARS),
                    optional=True),
    ], response_url)
