"""Block Kit, pure: the modal in which a person reviews, edits and sends their close."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from bot.blocks.close_form import AGREED, ASK_NOW, MAX_CHECK_FIRST_CHARS, MAX_NAME_CHARS, CloseForm, ModalMeta
from bot.blocks.ids import CLOSE_MODAL, Field
from bot.blocks.kit import (
    MAX_OPTION_TEXT,
    Block,
    checkboxes,
    datepicker,
    fit_name,
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
from bot.domain.i18n import N_, _
from bot.domain.languages import NATIVE_NAMES
from bot.domain.timing import beyond_the_practice
from bot.domain.wording import WordingIssue

TITLES = {CloseWay.DIRECT: N_("Close directly"), CloseWay.REDIRECT: N_("Redirect"),
          CloseWay.DECLINE: N_("Decline privately"), CloseWay.NEED_TIME: N_("Need a few days")}
SUBMITS = {CloseWay.DIRECT: N_("Post in thread"), CloseWay.REDIRECT: N_("Post in thread"),
           CloseWay.DECLINE: N_("Send privately"), CloseWay.NEED_TIME: N_("Post in thread")}


Reason = DirectReason | DeclineReason


def _option(reason: Reason) -> Block:
    return option(_(REASON_LABELS[reason]), reason.value)


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


def _language_select(lang: str) -> Block:
    """The draft's language: the intro's by default, so the thread stays in one language."""
    choices = [option(name, code) for code, name in NATIVE_NAMES.items()]
    return input_block(Field.LANGUAGE, _("Draft language"),
                       static_select(choices, initial=option(NATIVE_NAMES[lang], lang)), dispatch_action=True)


def _named(words: Callable[[str], str], name: str | None) -> str | None:
    """An option naming the better-placed person: a long name is shortened to fit beside the words (an option
    holds 75 characters); None without a name, or when the words leave too little room for one."""
    return fit_name(words, name, MAX_OPTION_TEXT) if name else None


def _far_hint(days: int) -> str:
    return _("The practice is to keep this within a week: {days} days is longer than people usually wait. "
             "You can still choose it.", days=days)


def _redirect_blocks(form: CloseForm, *, better_name: str | None, far: str | None) -> list[Block]:
    """Who is better placed, how to reach someone outside Slack, whether they agreed or are to be asked now,
    and the date the promise falls due."""
    agreed = option(_named(lambda name: _("{name} already agreed to be introduced", name=name), better_name)
                    or _("They already agreed to be introduced"), AGREED)
    choices = [agreed]
    if form.who_name is None or form.who is not None:  # the bot can ask a member; someone outside, the person asks
        ask = _named(lambda name: _("Ask {name} now if they're open to it", name=name), better_name) \
            if form.who else None
        choices.append(option(ask or _("Ask them now if they're open to it"), ASK_NOW))
    ticked = [o for o in choices if (o["value"] == AGREED and form.agreed) or (o["value"] == ASK_NOW and form.ask_now)]
    return [
        input_block(Field.WHO, _("Who is better placed"), users_select(initial_user=form.who), optional=True,
                    dispatch_action=True),
        _text(Field.WHO_NAME, _("Or someone outside Slack: their name"), form.who_name,
              max_length=MAX_NAME_CHARS, dispatch=True, hint=_("Press Enter after typing it.")),
        _text(Field.WHO_CONTACT, _("How to reach them"), form.who_contact, max_length=MAX_NAME_CHARS,
              hint=_("Never posted: when you make the intro, it goes privately to whoever is waiting.")),
        input_block(Field.REDIRECT_OPTIONS, _("Asking first"), checkboxes(choices, initial=ticked), optional=True,
                    dispatch_action=True,
                    hint=_("Your post names them only once they agreed. If you ask now, I'll check privately with "
                           "them and the people waiting, and connect them when both say yes.")),
        _datepicker(Field.BY, _("I'll connect you by"), form.by, optional=False,
                    hint=far or _("I'll remind you that day if the intro isn't made yet.")),
    ]


def build_close_modal(
    *, meta: ModalMeta, form: CloseForm, introducer_id: str, issues: Sequence[WordingIssue] = (),
    today: date | None = None, better_name: str | None = None,
) -> Block:
    """`today` (the person's): a promised date further than a week off gets a word on the practice.
    `better_name`: a redirect's better-placed person, as the checkboxes name them."""
    way = meta.way
    far = _far_hint((form.by - today).days) \
        if today is not None and form.by is not None and beyond_the_practice(form.by, today) else None
    where = (
        _("Only <@{introducer}> will see this, as a DM asking them to pass it on. Nothing is posted in the channel.",
          introducer=introducer_id)
        if way is CloseWay.DECLINE
        else _("This is posted where the intro was, under your name. Edit it so it sounds like you.")
        if meta.via_shortcut
        else _("This is posted in the intro's thread with your name and picture. Edit it so it sounds like you.")
    )
    submit = _("Post") if meta.via_shortcut and way is not CloseWay.DECLINE else _(SUBMITS[way])
    blocks: list[Block] = [*warning_blocks(issues, submit, edit=_("Edit the draft")), section(where)]
    if way is CloseWay.DIRECT:
        blocks += [
            _select(Field.REASON, _("Reason"), list(DirectReason), form.reason),
            _datepicker(Field.AFTER, _("Reach out again after"), form.after, optional=True,
                        hint=_("Optional. A concrete date instead of a vague 'maybe later'.")),
        ]
    elif way is CloseWay.REDIRECT:
        blocks += _redirect_blocks(form, better_name=better_name, far=far)
    elif way is CloseWay.NEED_TIME:
        blocks.append(_datepicker(Field.BY, _("I'll get back to you by"), form.by, optional=False,
                                  hint=far or _("That day I'll remind you to close it: directly, with a redirect, "
                                                "or a decline.")))
    else:
        blocks += [
            _select(Field.REASON, _("Reason"), list(DeclineReason), form.reason),
            _datepicker(Field.BUSY_UNTIL, _("Too busy until"), form.busy_until, optional=True,
                        hint=_("Optional. Names when they can try again.")),
        ]
    blocks.append(_language_select(form.voice(meta).lang))
    blocks.append(
        _text(Field.DRAFT, _("Your note to the introducer") if way is CloseWay.DECLINE else _("Your close"),
              form.draft, max_length=MAX_CLOSE_CHARS, multiline=True, optional=False,
              block_id=f"{Field.DRAFT}_v{meta.draft_version}")
    )
    if way is CloseWay.DECLINE:
        blocks.append(
            _text(Field.CHECK_FIRST, _("A line about asking first next time"), form.check_first,
                  max_length=MAX_CHECK_FIRST_CHARS, hint=_("Optional. Clear it if you'd rather not say it."))
        )
    return modal(CLOSE_MODAL, _(TITLES[way]), blocks, submit=submit, close=_("Cancel"),
                 private_metadata=meta.dump())
