"""Block Kit, pure: an intro request to an introducer (and its one reminder), its two answer forms, the answer
or the expiry for the requester, and open requests as Home, `/intro list` and the digest list them."""

from __future__ import annotations

from bot.blocks.form_meta import AskMeta
from bot.blocks.ids import ASK_DECLINE_MODAL, ASK_SUGGEST_MODAL, Action, AskField
from bot.blocks.kit import Block, actions, button, context, input_block, modal, plain_text_input, section, users_select
from bot.blocks.mrkdwn import escape, quote
from bot.domain.i18n import N_, _
from bot.domain.optin import AskState
from bot.services.ask_view import AskView

MAX_ANSWER_CHARS = 1000
WHY_PREVIEW = 150

ASK_THEM = N_("Ask them")
DECLINE_KINDLY = N_("Decline kindly")
SUGGEST_SOMEONE = N_("Suggest someone else")


def ask_buttons(ask_id: int) -> list[Block]:
    value = str(ask_id)
    return [button(_(ASK_THEM), Action.ASK_FORWARD, value, style="primary"),
            button(_(DECLINE_KINDLY), Action.ASK_DECLINE, value),
            button(_(SUGGEST_SOMEONE), Action.ASK_SUGGEST, value)]


def ask_message(view: AskView, policy_note: str, *, expires_day: str | None = None) -> tuple[str, list[Block]]:
    """The request; with `expires_day`, its one reminder, which says when the requester will hear it expired."""
    if expires_day is None:
        text = _("<@{requester}> would like you to introduce them to <@{target}>.", requester=view.requester_id,
                 target=view.target_id)
    else:
        text = _("A gentle reminder: <@{requester}> is still waiting to hear whether you'd introduce them to "
                 "<@{target}>. Any answer is kinder than silence; if none comes by {day}, I'll tell them it isn't "
                 "going ahead.", requester=view.requester_id, target=view.target_id, day=expires_day)
    return text, [
        section(_(":raised_hand: {text}\n*Why:*\n{why}", text=text, why=quote(view.why)) + policy_note),
        actions(ask_buttons(view.ask_id), block_id=f"ask:{view.ask_id}"),
        context(_("*Ask them* asks <@{target}> and <@{requester}> privately first. Saying no is fine: a kind, clear "
                  "answer keeps the relationship.", target=view.target_id, requester=view.requester_id)),
    ]


def answer_message(view: AskView) -> tuple[str, list[Block]]:
    """The introducer's decline, or suggestion of someone else, for the requester only."""
    said = f"\n{quote(view.answer)}" if view.answer else ""
    if view.state is AskState.SUGGESTED and view.suggested_id:
        text = _("<@{introducer}> suggests asking <@{someone}> about your intro request instead.",
                 introducer=view.introducer_id, someone=view.suggested_id) + said
    elif view.state is AskState.SUGGESTED:
        text = _("<@{introducer}> suggests asking someone else about your intro request instead.",
                 introducer=view.introducer_id) + said
    else:
        text = _("<@{introducer}> answered your intro request:", introducer=view.introducer_id) + \
            f"\n{quote(view.answer or '')}"
    return text, [section(text, verbatim=True)]


def expired_message(view: AskView) -> tuple[str, list[Block]]:
    """A week without an answer: the requester hears, plainly and kindly, that it is not going ahead."""
    text = _("No answer came from <@{introducer}> within a week about introducing you to <@{target}>, so I've "
             "closed your request: this intro isn't going ahead.", introducer=view.introducer_id,
             target=view.target_id)
    hint = _("It's often just a busy week, nothing more. If you'd still like to meet <@{target}>, someone else who "
             "knows them may be glad to help: `/intro ask @introducer @person why`.", target=view.target_id)
    return text, [section(text), context(hint)]


def expired_note(view: AskView) -> str:
    """What replaces the introducer's buttons once the request expired."""
    return _("This intro request expired after a week without an answer; I've let <@{requester}> know it isn't "
             "going ahead.", requester=view.requester_id)


def answered_note() -> str:
    """What replaces the buttons of the introducer's other copy of the request once they answered."""
    return _("You've answered this intro request. Thank you!")


def to_answer_line(view: AskView, asked_on: str) -> str:
    """A request waiting for the person's answer, as Home, `/intro list` and the digest list it."""
    why = escape(view.why[:WHY_PREVIEW]) + ("…" if len(view.why) > WHY_PREVIEW else "")
    return _("<@{requester}> would like you to introduce them to <@{target}> (asked {day}): {why}",
             requester=view.requester_id, target=view.target_id, day=asked_on, why=why)


def mine_line(view: AskView, answer_by: str) -> str:
    """A request the person made that still waits, and when they will hear at the latest."""
    return _("• You asked <@{introducer}> to introduce you to <@{target}>. You'll hear their answer, or by {day} "
             "that it isn't going ahead.", introducer=view.introducer_id, target=view.target_id, day=answer_by)


def _modal(callback_id: str, title: str, view: AskView, blocks: list[Block], response_url: str | None) -> Block:
    return modal(callback_id, title, blocks, submit=_("Send"), close=_("Cancel"),
                 private_metadata=AskMeta(ask_id=view.ask_id, response_url=response_url).dump())


def decline_modal(view: AskView, draft: str, response_url: str | None) -> Block:
    return _modal(ASK_DECLINE_MODAL, _(DECLINE_KINDLY), view, [
        section(_("Only <@{requester}> will see this.", requester=view.requester_id)),
        input_block(AskField.TEXT, _("Your answer"),
                    plain_text_input(multiline=True, max_length=MAX_ANSWER_CHARS, initial_value=draft)),
    ], response_url)


def suggest_modal(view: AskView, response_url: str | None) -> Block:
    return _modal(ASK_SUGGEST_MODAL, _(SUGGEST_SOMEONE), view, [
        input_block(AskField.SOMEONE, _("Who would be better to ask"), users_select()),
        input_block(AskField.TEXT, _("A note for them"),
                    plain_text_input(multiline=True, max_length=MAX_ANSWER_CHARS), optional=True),
    ], response_url)
