"""Block Kit, pure: the modal in which a person reviews, edits and sends their close."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.blocks.close_form import MAX_CHECK_FIRST_CHARS, MAX_NAME_CHARS, CloseForm, ModalMeta
from bot.blocks.ids import CLOSE_MODAL, Field
from bot.blocks.kit import (
    Block,
    datepicker,
    input_block,
    modal,
    option,
    plain_text_input,
    section,
    static_select,
    users_select,
)
from bot.blocks.wording_warnings import warning_blocks
from bot.domain.closes import MAX_CLOSE_CHARS, REASON_LABELS, CloseWay, DeclineReason, DirectReason
from bot.domain.timing import beyond_the_practice
from bot.domain.wording import WordingIssue

TITLES = {CloseWay.DIRECT: "Close directly", CloseWay.REDIRECT: "Redirect", CloseWay.DECLINE: "Decline privately",
          CloseWay.NEED_TIME: "Need a few days"}
SUBMITS = {CloseWay.DIRECT: "Post in thread", CloseWay.REDIRECT: "Post in thread", CloseWay.DECLINE: "Send privately",
           CloseWay.NEED_TIME: "Post in thread"}


Reason = DirectReason | DeclineReason


def _option(reason: Reason) -> Block:
    return option(REASON_LABELS[reason], reason.value)


def _select(field: Field, label: str, reasons: Sequence[Reason], chosen: str | None) -> Block:
    picked = next((r for r in reasons if r.value == chosen), reasons[0])
    return input_block(field, label, static_select([_option(r) for r in reasons], initial=_option(picked)),
                       dispatch_action=True)


def _datepicker(field: Field, label: str, day: date | None, *, optional: bool, hint: str | None = None) -> Block:
    return input_block(field, label, datepicker(initial_date=day), optional=optional, dispatch_action=True, hint=hint)


def _text(field: Field, label: str, value: str | None, *, max_length: int, multiline: bool = False,
          optional: bool = True, dispatch: bool = False, block_id: str | None = None,
          hint: str | None = None) -> Block:
    element = plain_text_input(multiline=multiline, max_length=max_length, initial_value=value,
                               dispatch_on_enter=dispatch)
    return input_block(block_id or field, label, element, action_id=field, optional=optional,
                       dispatch_action=dispatch, hint=hint)


FAR_HINT = ("The practice is to keep this within a week: {days} days is longer than people usually wait. "
            "You can still choose it.")


def build_close_modal(
    *, meta: ModalMeta, form: CloseForm, introducer_id: str, issues: Sequence[WordingIssue] = (),
    today: date | None = None,
) -> Block:
    """`today` (the person's): a promised date further than a week off gets a word on the practice."""
    way = meta.way
    far = FAR_HINT.format(days=(form.by - today).days) \
        if today is not None and form.by is not None and beyond_the_practice(form.by, today) else None
    where = (
        f"Only <@{introducer_id}> will see this, as a DM asking them to pass it on. Nothing is posted in the channel."
        if way is CloseWay.DECLINE
        else "This is posted where the intro was, under your name. Edit it so it sounds like you."
        if meta.via_shortcut
        else "This is posted in the intro's thread with your name and picture. Edit it so it sounds like you."
    )
    submit = "Post" if meta.via_shortcut and way is not CloseWay.DECLINE else SUBMITS[way]
    blocks: list[Block] = [*warning_blocks(issues, submit, edit="Edit the draft"), section(where)]
    if way is CloseWay.DIRECT:
        blocks += [
            _select(Field.REASON, "Reason", list(DirectReason), form.reason),
            _datepicker(Field.AFTER, "Reach out again after", form.after, optional=True,
                        hint="Optional. A concrete date instead of a vague 'maybe later'."),
        ]
    elif way is CloseWay.REDIRECT:
        blocks += [
            input_block(Field.WHO, "Who is better placed", users_select(initial_user=form.who), optional=True,
                        dispatch_action=True),
            _text(Field.WHO_NAME, "Or someone outside Slack: their name", form.who_name,
                  max_length=MAX_NAME_CHARS, dispatch=True, hint="Press Enter to put the name in the draft."),
            _text(Field.WHO_CONTACT, "How to reach them", form.who_contact, max_length=MAX_NAME_CHARS),
            _datepicker(Field.BY, "I'll connect you by", form.by, optional=False,
                        hint=far or "I'll remind you that day if the intro isn't made yet."),
        ]
    elif way is CloseWay.NEED_TIME:
        blocks.append(_datepicker(Field.BY, "I'll get back to you by", form.by, optional=False,
                                  hint=far or "That day I'll remind you to close it: directly, with a redirect, "
                                              "or a decline."))
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
    return modal(CLOSE_MODAL, TITLES[way], blocks, submit=submit, close="Cancel", private_metadata=meta.dump())
