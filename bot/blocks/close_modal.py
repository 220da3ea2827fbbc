"""Block Kit, pure: the modal in which a person reviews, edits and sends their close."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from bot.domain.closes import MAX_CLOSE_CHARS, REASON_LABELS, CloseWay, DeclineReason, DirectReason
from bot.domain.wording import WordingIssue
from bot.blocks.kit import plain
from bot.blocks.close_form import MAX_CHECK_FIRST_CHARS, MAX_NAME_CHARS, CloseForm, ModalMeta
from bot.blocks.ids import CLOSE_MODAL, Field
from bot.blocks.mrkdwn import escape

Block = dict[str, Any]

TITLES = {CloseWay.DIRECT: "Close directly", CloseWay.REDIRECT: "Redirect", CloseWay.DECLINE: "Decline privately",
          CloseWay.NEED_TIME: "Need a few days"}
SUBMITS = {CloseWay.DIRECT: "Post in thread", CloseWay.REDIRECT: "Post in thread", CloseWay.DECLINE: "Send privately",
           CloseWay.NEED_TIME: "Post in thread"}



def _option(reason: StrEnum) -> dict[str, Any]:
    return {"text": plain(REASON_LABELS[reason]), "value": reason.value}


def _input(field: Field, label: str, element: dict[str, Any], *, optional: bool = False,
           dispatch: bool = False, hint: str | None = None, block_id: str | None = None) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id or field,
        "label": plain(label),
        "element": {**element, "action_id": field},
        "optional": optional,
    }
    if dispatch:
        block["dispatch_action"] = True
    if hint:
        block["hint"] = plain(hint)
    return block


def _select(field: Field, label: str, reasons: Sequence[StrEnum], chosen: str | None) -> Block:
    element: dict[str, Any] = {"type": "static_select", "options": [_option(r) for r in reasons]}
    picked = next((r for r in reasons if r.value == chosen), reasons[0])
    element["initial_option"] = _option(picked)
    return _input(field, label, element, dispatch=True)


def _datepicker(field: Field, label: str, day: Any, *, optional: bool, hint: str | None = None) -> Block:
    element: dict[str, Any] = {"type": "datepicker"}
    if day is not None:
        element["initial_date"] = day.isoformat()
    return _input(field, label, element, optional=optional, dispatch=True, hint=hint)


def _text(field: Field, label: str, value: str | None, *, max_length: int, multiline: bool = False,
          optional: bool = True, dispatch: bool = False, block_id: str | None = None,
          hint: str | None = None) -> Block:
    element: dict[str, Any] = {"type": "plain_text_input", "multiline": multiline, "max_length": max_length}
    if value:
        element["initial_value"] = value
    if dispatch:
        element["dispatch_action_config"] = {"trigger_actions_on": ["on_enter_pressed"]}
    return _input(field, label, element, optional=optional, dispatch=dispatch, block_id=block_id, hint=hint)


def _warnings(issues: Sequence[WordingIssue], submit: str) -> list[Block]:
    if not issues:
        return []
    lines = "\n".join(f"• “{escape(i.phrase)}”: {escape(i.suggestion)}" for i in issues)
    return [
        {
            "type": "section",
            "block_id": "warnings",
            "text": {
                "type": "mrkdwn",
                "text": f":bulb: *Before you send*\n{lines}\n"
                f"Edit the draft, or press *{submit}* again to send it as it is.",
            },
        },
        {"type": "divider"},
    ]


def build_close_modal(
    *, meta: ModalMeta, form: CloseForm, introducer_id: str, issues: Sequence[WordingIssue] = ()
) -> dict[str, Any]:
    way = meta.way
    where = (
        f"Only <@{introducer_id}> will see this, as a DM asking them to pass it on. Nothing is posted in the channel."
        if way is CloseWay.DECLINE
        else "This is posted where the intro was, under your name. Edit it so it sounds like you."
        if meta.via_shortcut
        else "This is posted in the intro's thread with your name and picture. Edit it so it sounds like you."
    )
    submit = "Post" if meta.via_shortcut and way is not CloseWay.DECLINE else SUBMITS[way]
    blocks: list[Block] = [*_warnings(issues, submit), {"type": "section", "text": {"type": "mrkdwn", "text": where}}]
    if way is CloseWay.DIRECT:
        blocks += [
            _select(Field.REASON, "Reason", list(DirectReason), form.reason),
            _datepicker(Field.AFTER, "Reach out again after", form.after, optional=True,
                        hint="Optional. A concrete date instead of a vague 'maybe later'."),
        ]
    elif way is CloseWay.REDIRECT:
        who: dict[str, Any] = {"type": "users_select"}
        if form.who:
            who["initial_user"] = form.who
        blocks += [
            _input(Field.WHO, "Who is better placed", who, optional=True, dispatch=True),
            _text(Field.WHO_NAME, "Or someone outside Slack: their name", form.who_name,
                  max_length=MAX_NAME_CHARS, dispatch=True, hint="Press Enter to put the name in the draft."),
            _text(Field.WHO_CONTACT, "How to reach them", form.who_contact, max_length=MAX_NAME_CHARS),
            _datepicker(Field.BY, "I'll connect you by", form.by, optional=False,
                        hint="I'll remind you that day if the intro isn't made yet."),
        ]
    elif way is CloseWay.NEED_TIME:
        blocks.append(_datepicker(Field.BY, "I'll get back to you by", form.by, optional=False,
                                  hint="That day I'll remind you to close it: directly, with a redirect, or a decline."))
    else:
        blocks += [
            _select(Field.REASON, "Reason", list(DeclineReason), form.reason),
            _datepicker(Field.BUSY_UNTIL, "Too busy until", form.busy_until, optional=True,
                        hint="Optional. Names when they can try again."),
        ]
    blocks.append(
        _text(Field.DRAFT, "Your note to the introducer" if way is CloseWay.DECLINE else "Your close",
              form.draft, max_length=MAX_CLOSE_CHARS, multiline=True, optional=False,
              block_id=f"{Field.DRAFT}_v{meta.draft_version}")
    )
    if way is CloseWay.DECLINE:
        blocks.append(
            _text(Field.CHECK_FIRST, "A line about asking first next time", form.check_first,
                  max_length=MAX_CHECK_FIRST_CHARS, hint="Optional. Clear it if you'd rather not say it.")
        )
    return {
        "type": "modal",
        "callback_id": CLOSE_MODAL,
        "private_metadata": meta.dump(),
        "title": plain(TITLES[way]),
        "submit": plain(submit),
        "close": plain("Cancel"),
        "blocks": blocks,
    }
