"""Block Kit, pure: the modals of the "Close this intro" message shortcut, and a close posted through the
shortcut's response_url."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.domain.detection import MAX_PARTIES
from bot.domain.shortcut import Role
from bot.blocks.kit import plain
from bot.blocks.prompt import button, mentions
from bot.blocks.ids import SHORTCUT_CHOOSER, SHORTCUT_NOTICE, SHORTCUT_WHO, SHORTCUT_WHO_MODAL, Action

Block = dict[str, Any]
TITLE = "Close this intro"


def chooser_modal(*, party_id: int, introducer_id: str, other_ids: Sequence[str], metadata: str) -> dict[str, Any]:
    """The prompt's choices in a modal: it opens wherever the shortcut was used, also where the bot cannot post."""
    value = str(party_id)
    return {
        "type": "modal",
        "callback_id": SHORTCUT_CHOOSER,
        "private_metadata": metadata,
        "title": plain(TITLE),
        "close": plain("Not now"),
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text":
                f"<@{introducer_id}> introduced you to {mentions(other_ids)}.\n"
                "A short, kind close beats silence. How would you like to answer?"}},
            {"type": "actions", "block_id": f"shortcut:{party_id}", "elements": [
                button("Direct", Action.DIRECT, value),
                button("Redirect", Action.REDIRECT, value),
                button("Decline", Action.DECLINE, value),
                button("Need time", Action.NEED_TIME, value),
                button("Happy to connect", Action.CONNECT, value, style="primary"),
            ]},
            {"type": "context", "elements": [{"type": "mrkdwn", "text":
                "*Direct*: a clear, kind answer where the intro was. *Redirect*: point to someone better placed. "
                "*Decline*: a private note to the introducer only. *Need time*: say by when you'll answer."}]},
        ],
    }


def who_modal(*, role: Role, suggested: Sequence[str], metadata: str, problem: str | None = None) -> dict[str, Any]:
    """Who was introduced, when the message does not say (prefilled with the people it mentions); `problem`: what
    was wrong with the last answer (people who can't be asked), shown above the question."""
    if role is Role.INTRODUCER:
        label, hint = "Who did you introduce?", "Pick the people you introduced (two or more), not people only cc'd."
    else:
        label, hint = "Who were you introduced to?", "Pick the person or people the message introduces you to."
    element: dict[str, Any] = {"type": "multi_users_select", "action_id": SHORTCUT_WHO, "max_selected_items": MAX_PARTIES,
                               "placeholder": plain("Pick people")}
    if suggested:
        element["initial_users"] = list(suggested)[:MAX_PARTIES]
    return {
        "type": "modal",
        "callback_id": SHORTCUT_WHO_MODAL,
        "private_metadata": metadata,
        "title": plain(TITLE),
        "submit": plain("Continue"),
        "close": plain("Cancel"),
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f":warning: {problem}" if problem else
                "The message doesn't say clearly who was introduced. Tell me, and I'll take it from there."}},
            {"type": "input", "block_id": SHORTCUT_WHO, "label": plain(label), "element": element, "hint": plain(hint)},
        ],
    }


def notice_modal(text: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": SHORTCUT_NOTICE,
        "title": plain(TITLE),
        "close": plain("OK"),
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }
