"""Block Kit, pure: a person's own data (`/intro export`), and the offer to delete it (`/intro delete`)."""

from __future__ import annotations

import json
from typing import Any

from bot.blocks.ids import Action
from bot.blocks.kit import (
    MAX_MESSAGE_BLOCKS,
    MAX_SECTION_TEXT,
    Block,
    actions,
    button,
    confirm_dialog,
    context,
    section,
)
from bot.blocks.mrkdwn import chunks, code
from bot.domain.i18n import _

MAX_EXPORT_BLOCKS = MAX_MESSAGE_BLOCKS - 10  # room to spare under the message's limit, and for the note
EXPORT_PIECE_CHARS = MAX_SECTION_TEXT - 100  # room for the code fences around each piece


def export_blocks(data: dict[str, Any]) -> list[Block]:
    """The export as JSON in code blocks; what one message cannot hold is left out, and the note says so."""
    pieces = chunks(code(json.dumps(data, indent=1, ensure_ascii=False)), limit=EXPORT_PIECE_CHARS)
    blocks = [section(f"```{piece}```") for piece in pieces[:MAX_EXPORT_BLOCKS]]
    if len(pieces) > MAX_EXPORT_BLOCKS:
        blocks.append(context(_(
            "That's the first part; there is more than one message can hold. Ask your workspace admin for the rest.")))
    return blocks


def delete_offer() -> list[Block]:
    """What `/intro delete` answers: what deleting means, and a button that asks once more."""
    sure = confirm_dialog(_("Delete your data?"), _("Everything I store about you will be deleted."),
                          confirm=_("Delete"), deny=_("Keep it"), style="danger")
    return [
        section(_("This deletes everything I store about you: your settings, your prompts and closes, your promises "
                  "and reminders, and intro requests you made or answered. Intros that involve other people stay for "
                  "them, without your name or words. It can't be undone.")),
        actions([button(_("Delete my data"), Action.DELETE_MY_DATA, style="danger", confirm=sure)]),
    ]
