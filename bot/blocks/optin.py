"""Block Kit, pure: double opt-in messages and modals."""

from __future__ import annotations

from typing import Any

from bot.domain.optin import KIND_LABELS, MAX_WHY_CHARS, Answer, IntroKind
from bot.services.optin_view import OptInView
from bot.blocks.form_meta import NoThanksMeta, OptInMeta
from bot.blocks.kit import plain
from bot.blocks.prompt import button
from bot.blocks.ids import OPTIN_MODAL, OPTIN_NO_MODAL, Action, OptInField
from bot.blocks.mrkdwn import quote

Block = dict[str, Any]



def ask(view: OptInView, user_id: str, *, reminder: bool = False) -> tuple[str, list[Block]]:
    """The private question each person gets: who wants to introduce them to whom, and why."""
    other = view.other_than(user_id)
    lead = "A gentle reminder: " if reminder else ""
    text = f"{lead}<@{view.introducer_id}> would like to introduce you to <@{other}>. Would you like that?"
    value = str(view.request_id)
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f":handshake: {text}\n*Why:*\n{quote(view.why)}"}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": f"Kind of intro: {KIND_LABELS[view.kind]}"}]},
        {"type": "actions", "block_id": f"optin:{value}", "elements": [
            button("Yes, introduce us", Action.OPTIN_YES, value, style="primary"),
            button("Not now", Action.OPTIN_NOT_NOW, value),
            button("No thanks", Action.OPTIN_NO, value),
        ]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text":
            f"Only <@{view.introducer_id}> hears your answer, privately. Nothing happens unless you both say yes."}]},
    ]
    return text, blocks


ANSWER_LABELS = {Answer.NOT_NOW: "not now", Answer.NO: "no thanks"}


def declined(view: OptInView) -> dict[str, tuple[str, list[Block]]]:
    """Once someone declined, who hears what: the introducer who said what (and their note), privately;
    the other person only that it isn't going ahead."""
    no = next(a for a in view.answers if a.answer in ANSWER_LABELS)
    other = view.other_than(no.user_id)
    told = (f"<@{no.user_id}> said {ANSWER_LABELS[no.answer]} to the intro with <@{other}>. I've let <@{other}> "
            "know it isn't going ahead now, without saying why. Thank you for asking first.")
    if no.note:
        told += f"\nTheir note for you:\n{quote(no.note)}"
    neutral = (f"The intro to <@{no.user_id}> that <@{view.introducer_id}> suggested isn't going ahead now. "
               "Nothing for you to do.")
    return {uid: (text, [{"type": "section", "text": {"type": "mrkdwn", "text": text}}])
            for uid, text in ((view.introducer_id, told), (other, neutral))}


def group_intro(view: OptInView) -> tuple[str, list[Block]]:
    first, second = view.people
    text = f"<@{first}>, meet <@{second}>! You both said yes when <@{view.introducer_id}> asked."
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f":wave: {text}\n*Why this intro:*\n{quote(view.why)}"}},
        {"type": "actions", "block_id": f"optin:{view.request_id}", "elements": [
            button("Step back", Action.OPTIN_STEP_BACK, str(view.request_id))]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text":
            f"<@{view.introducer_id}>: once you've said hello, *Step back* leaves the two of them to it."}]},
    ]
    return text, blocks


def optin_modal(*, first: str | None = None, second: str | None = None, why: str | None = None,
                promise_id: int | None = None, ask_id: int | None = None,
                response_url: str | None = None) -> dict[str, Any]:
    """`/intro` without arguments, or a redirect kept by asking first: the two people, the kind, and why."""
    def person(field: OptInField, label: str, initial: str | None) -> Block:
        element: dict[str, Any] = {"type": "users_select", "action_id": field}
        if initial:
            element["initial_user"] = initial
        return {"type": "input", "block_id": field, "label": plain(label), "element": element}

    why_element: dict[str, Any] = {"type": "plain_text_input", "action_id": OptInField.WHY, "multiline": True,
                                   "max_length": MAX_WHY_CHARS,
                                   "placeholder": plain("What each of them gains. A vague reason draws a no.")}
    if why:
        why_element["initial_value"] = why
    kinds = [{"text": plain(label), "value": kind.value} for kind, label in KIND_LABELS.items()]
    return {
        "type": "modal",
        "callback_id": OPTIN_MODAL,
        "private_metadata": OptInMeta(promise_id=promise_id, ask_id=ask_id, response_url=response_url).dump(),
        "title": plain("Introduce two people"),
        "submit": plain("Ask them both"),
        "close": plain("Cancel"),
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text":
                "I'll ask each of them privately first, and connect them only if both say yes."}},
            person(OptInField.FIRST, "Introduce", first),
            person(OptInField.SECOND, "to", second),
            {"type": "input", "block_id": OptInField.KIND, "label": plain("Kind of intro"),
             "element": {"type": "static_select", "action_id": OptInField.KIND, "options": kinds,
                         "initial_option": kinds[0]}},
            {"type": "input", "block_id": OptInField.WHY, "label": plain("Why would this help both of them?"),
             "element": why_element},
        ],
    }


def no_thanks_modal(view: OptInView) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": OPTIN_NO_MODAL,
        "private_metadata": NoThanksMeta(request_id=view.request_id).dump(),
        "title": plain("No thanks"),
        "submit": plain("Send"),
        "close": plain("Cancel"),
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text":
                f"I'll let <@{view.introducer_id}> know privately. The other person only hears that it isn't "
                "going ahead now."}},
            {"type": "input", "block_id": OptInField.NOTE, "optional": True,
             "label": plain("A note for the introducer (optional)"),
             "element": {"type": "plain_text_input", "action_id": OptInField.NOTE, "multiline": True,
                         "max_length": 500}},
        ],
    }


def kind_of(value: str | None) -> IntroKind:
    try:
        return IntroKind(value) if value else IntroKind.CONNECTION
    except ValueError:
        return IntroKind.CONNECTION
