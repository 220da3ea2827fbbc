"""Block Kit, pure: double opt-in messages and modals."""

from __future__ import annotations

from datetime import date

from bot.blocks.form_meta import NoThanksMeta, OptInMeta
from bot.blocks.ids import OPTIN_MODAL, OPTIN_NO_MODAL, OPTIN_NOT_NOW_MODAL, Action, OptInField
from bot.blocks.kit import (
    Block,
    actions,
    button,
    context,
    datepicker,
    input_block,
    modal,
    option,
    plain_text_input,
    section,
    static_select,
    users_select,
)
from bot.blocks.mrkdwn import escape, quote
from bot.domain.i18n import _, format_day
from bot.domain.optin import GENERATED_WHY, KIND_LABELS, MAX_WHY_CHARS, Answer, IntroKind, generated_why
from bot.services.optin_view import OptInView, PersonAnswer

MAX_NOTE_CHARS = 500


def request_buttons(request_id: int) -> list[Block]:
    """A person's three answers to a double opt-in request: in the question itself and on the Home tab."""
    value = str(request_id)
    return [button(_("Yes, introduce us"), Action.OPTIN_YES, value, style="primary"),
            button(_("Not now"), Action.OPTIN_NOT_NOW, value),
            button(_("No thanks"), Action.OPTIN_NO, value)]


def why_mrkdwn(view: OptInView, reader: str | None = None) -> str:
    """The request's why for `reader`, as mrkdwn: typed words escaped (they can form no mention or link); the
    redirect's own reason written now, in the reader's language, its mentions live."""
    return generated_why(view.people, reader) if view.why == GENERATED_WHY else escape(view.why)


def _quoted(mrkdwn: str) -> str:
    return "\n".join("&gt; " + line for line in mrkdwn.split("\n"))


def ask(view: OptInView, user_id: str, *, reminder: bool = False) -> tuple[str, list[Block]]:
    """The private question each person gets: who wants to introduce them to whom, and why."""
    other = view.other_than(user_id)
    if reminder:
        text = _("A gentle reminder: <@{introducer}> would like to introduce you to <@{other}>. Would you like "
                 "that?", introducer=view.introducer_id, other=other)
    else:
        text = _("<@{introducer}> would like to introduce you to <@{other}>. Would you like that?",
                 introducer=view.introducer_id, other=other)
    return text, [
        section(_(":handshake: {question}\n*Why:*\n{why}", question=text,
                  why=_quoted(why_mrkdwn(view, user_id)))),
        context(_("Kind of intro: {kind}", kind=_(KIND_LABELS[view.kind]))),
        actions(request_buttons(view.request_id), block_id=f"optin:{view.request_id}"),
        context(_("Only <@{introducer}> hears your answer, privately. Nothing happens unless you both say yes.",
                  introducer=view.introducer_id)),
    ]


def _told_introducer(no: PersonAnswer, other: str) -> str:
    """Who said what, for the introducer alone: a "Not now" with its date, so they know when to ask again.
    Each answer is one whole message, so a translation words it whole."""
    if no.answer is Answer.NOT_NOW and no.ask_again_after is not None:
        return _("<@{person}> said not now to the intro with <@{other}>; ask again after {day}. I've let <@{other}> "
                 "know it isn't going ahead. Thank you for asking first.",
                 person=no.user_id, other=other, day=format_day(no.ask_again_after))
    if no.answer is Answer.NOT_NOW:
        return _("<@{person}> said not now to the intro with <@{other}>, without a date to ask again. I've let "
                 "<@{other}> know it isn't going ahead. Thank you for asking first.", person=no.user_id, other=other)
    return _("<@{person}> said no thanks to the intro with <@{other}>. I've let <@{other}> know it isn't going "
             "ahead. Thank you for asking first.", person=no.user_id, other=other)


def _told_other(no: PersonAnswer, introducer_id: str) -> str:
    """The other person hears honestly that it is off, with no vaguely open door ("not now") and no reason."""
    if no.answer is Answer.NOT_NOW:
        return _("<@{person}> can't take this on at the moment, so the intro <@{introducer}> suggested isn't going "
                 "ahead. Nothing for you to do.", person=no.user_id, introducer=introducer_id)
    return _("The intro to <@{person}> that <@{introducer}> suggested isn't going ahead. Nothing for you to do.",
             person=no.user_id, introducer=introducer_id)


def declined(view: OptInView) -> dict[str, tuple[str, list[Block]]]:
    """Once someone declined, who hears what: the introducer who said what (a date to ask again after, their
    note), privately; the other person only that it isn't going ahead."""
    no = next(a for a in view.answers if a.answer in (Answer.NOT_NOW, Answer.NO))
    other = view.other_than(no.user_id)
    told = _told_introducer(no, other)
    if no.note:
        told += "\n" + _("Their note for you:\n{note}", note=quote(no.note))
    neutral = _told_other(no, view.introducer_id)
    return {uid: (text, [section(text)])
            for uid, text in ((view.introducer_id, told), (other, neutral))}


def group_intro(view: OptInView) -> tuple[str, list[Block]]:
    first, second = view.people
    text = _("<@{first}>, meet <@{second}>! You both said yes when <@{introducer}> asked.", first=first,
             second=second, introducer=view.introducer_id)
    return text, [
        section(_(":wave: {text}\n*Why this intro:*\n{why}", text=text, why=_quoted(why_mrkdwn(view)))),
        actions([button(_("Step back"), Action.OPTIN_STEP_BACK, str(view.request_id))],
                block_id=f"optin:{view.request_id}"),
        context(_("<@{introducer}>: once you've said hello, *Step back* leaves the two of them to it.",
                  introducer=view.introducer_id)),
    ]


def optin_modal(*, first: str | None = None, second: str | None = None, why: str | None = None,
                promise_id: int | None = None, ask_id: int | None = None,
                response_url: str | None = None) -> Block:
    """`/intro` without arguments, or a redirect kept by asking first: the two people, the kind, and why."""
    kinds = [option(_(label), kind.value) for kind, label in KIND_LABELS.items()]
    reason = plain_text_input(multiline=True, max_length=MAX_WHY_CHARS, initial_value=why,
                              placeholder=_("What each of them gains. A vague reason draws a no."))
    return modal(OPTIN_MODAL, _("Introduce two people"), [
        section(_("I'll ask each of them privately first, and connect them only if both say yes.")),
        input_block(OptInField.FIRST, _("Introduce"), users_select(initial_user=first)),
        input_block(OptInField.SECOND, _("to"), users_select(initial_user=second)),
        input_block(OptInField.KIND, _("Kind of intro"), static_select(kinds, initial=kinds[0])),
        input_block(OptInField.WHY, _("Why would this help both of them?"), reason),
    ], submit=_("Ask them both"), close=_("Cancel"),
        private_metadata=OptInMeta(promise_id=promise_id, ask_id=ask_id, response_url=response_url).dump())


def no_thanks_modal(view: OptInView) -> Block:
    return modal(OPTIN_NO_MODAL, _("No thanks"), [
        section(_("I'll let <@{introducer}> know privately. The other person only hears that it isn't going ahead.",
                  introducer=view.introducer_id)),
        input_block(OptInField.NOTE, _("A note for the introducer (optional)"),
                    plain_text_input(multiline=True, max_length=MAX_NOTE_CHARS), optional=True),
    ], submit=_("Send"), close=_("Cancel"), private_metadata=NoThanksMeta(request_id=view.request_id).dump())


def not_now_modal(view: OptInView, user_id: str, *, ask_again_after: date | None) -> Block:
    """ "Not now" names when to ask again (optional), so the door it leaves open has a date on it."""
    return modal(OPTIN_NOT_NOW_MODAL, _("Not now"), [
        section(_("I'll let <@{introducer}> know privately, with the date below so they know when to ask again. "
                  "<@{other}> only hears that you can't take this on at the moment.",
                  introducer=view.introducer_id, other=view.other_than(user_id))),
        input_block(OptInField.ASK_AGAIN_AFTER, _("Ask me again after"), datepicker(initial_date=ask_again_after),
                    optional=True, hint=_("Optional. Only the introducer sees it: a date instead of a vague "
                                          "\"later\".")),
    ], submit=_("Send"), close=_("Cancel"), private_metadata=NoThanksMeta(request_id=view.request_id).dump())


def kind_of(value: str | None) -> IntroKind:
    try:
        return IntroKind(value) if value else IntroKind.CONNECTION
    except ValueError:
        return IntroKind.CONNECTION
