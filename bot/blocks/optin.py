"""Block Kit, pure: double opt-in messages and modals."""

from __future__ import annotations

from bot.blocks.form_meta import NoThanksMeta, OptInMeta
from bot.blocks.ids import OPTIN_MODAL, OPTIN_NO_MODAL, Action, OptInField
from bot.blocks.kit import (
    Block,
    actions,
    button,
    context,
    input_block,
    modal,
    option,
    plain_text_input,
    section,
    static_select,
    users_select,
)
from bot.blocks.mrkdwn import quote
from bot.domain.optin import KIND_LABELS, MAX_WHY_CHARS, Answer, IntroKind
from bot.services.optin_view import OptInView

MAX_NOTE_CHARS = 500


def request_buttons(request_id: int) -> list[Block]:
    """A person's three answers to a double opt-in request: in the question itself and on the Home tab."""
    value = str(request_id)
    return [button("Yes, introduce us", Action.OPTIN_YES, value, style="primary"),
            button("Not now", Action.OPTIN_NOT_NOW, value),
            button("No thanks", Action.OPTIN_NO, value)]


def ask(view: OptInView, user_id: str, *, reminder: bool = False) -> tuple[str, list[Block]]:
    """The private question each person gets: who wants to introduce them to whom, and why."""
    other = view.other_than(user_id)
    lead = "A gentle reminder: " if reminder else ""
    text = f"{lead}<@{view.introducer_id}> would like to introduce you to <@{other}>. Would you like that?"
    return text, [
        section(f":handshake: {text}\n*Why:*\n{quote(view.why)}"),
        context(f"Kind of intro: {KIND_LABELS[view.kind]}"),
        actions(request_buttons(view.request_id), block_id=f"optin:{view.request_id}"),
        context(f"Only <@{view.introducer_id}> hears your answer, privately. Nothing happens unless you both say yes."),
    ]


ANSWER_LABELS = {Answer.NOT_NOW: "not now", Answer.NO: "no thanks"}


def declined(view: OptInView) -> dict[str, tuple[str, list[Block]]]:
    """Once someone declined, who hears what: the introducer who said what (and their note), privately;
    the other person only that it isn't going ahead."""
    no = next(a for a in view.answers if a.answer in ANSWER_LABELS)
    other = view.other_than(no.user_id)
    told = (f"<@{no.user_id}> said {ANSWER_LABELS[no.answer]} to the intro with <@{other}>. I've let <@{other}> "
            "know it isn't going ahead, without saying why. Thank you for asking first.")
    if no.note:
        told += f"\nTheir note for you:\n{quote(no.note)}"
    neutral = (f"The intro to <@{no.user_id}> that <@{view.introducer_id}> suggested isn't going ahead. "
               "Nothing for you to do.")
    return {uid: (text, [section(text)])
            for uid, text in ((view.introducer_id, told), (other, neutral))}


def group_intro(view: OptInView) -> tuple[str, list[Block]]:
    first, second = view.people
    text = f"<@{first}>, meet <@{second}>! You both said yes when <@{view.introducer_id}> asked."
    return text, [
        section(f":wave: {text}\n*Why this intro:*\n{quote(view.why)}"),
        actions([button("Step back", Action.OPTIN_STEP_BACK, str(view.request_id))],
                block_id=f"optin:{view.request_id}"),
        context(f"<@{view.introducer_id}>: once you've said hello, *Step back* leaves the two of them to it."),
    ]


def optin_modal(*, first: str | None = None, second: str | None = None, why: str | None = None,
                promise_id: int | None = None, ask_id: int | None = None,
                response_url: str | None = None) -> Block:
    """`/intro` without arguments, or a redirect kept by asking first: the two people, the kind, and why."""
    kinds = [option(label, kind.value) for kind, label in KIND_LABELS.items()]
    reason = plain_text_input(multiline=True, max_length=MAX_WHY_CHARS, initial_value=why,
                              placeholder="What each of them gains. A vague reason draws a no.")
    return modal(OPTIN_MODAL, "Introduce two people", [
        section("I'll ask each of them privately first, and connect them only if both say yes."),
        input_block(OptInField.FIRST, "Introduce", users_select(initial_user=first)),
        input_block(OptInField.SECOND, "to", users_select(initial_user=second)),
        input_block(OptInField.KIND, "Kind of intro", static_select(kinds, initial=kinds[0])),
        input_block(OptInField.WHY, "Why would this help both of them?", reason),
    ], submit="Ask them both", close="Cancel",
        private_metadata=OptInMeta(promise_id=promise_id, ask_id=ask_id, response_url=response_url).dump())


def no_thanks_modal(view: OptInView) -> Block:
    return modal(OPTIN_NO_MODAL, "No thanks", [
        section(f"I'll let <@{view.introducer_id}> know privately. The other person only hears that it isn't "
                "going ahead."),
        input_block(OptInField.NOTE, "A note for the introducer (optional)",
                    plain_text_input(multiline=True, max_length=MAX_NOTE_CHARS), optional=True),
    ], submit="Send", close="Cancel", private_metadata=NoThanksMeta(request_id=view.request_id).dump())


def kind_of(value: str | None) -> IntroKind:
    try:
        return IntroKind(value) if value else IntroKind.CONNECTION
    except ValueError:
        return IntroKind.CONNECTION
