"""Block Kit, pure: a form's wording warnings (over-apologizing, a vague "maybe later"), shown once before its text
is sent; sent again unchanged, the text goes as it is (the check gives hints, not rules)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks.kit import Block, divider, section
from bot.blocks.mrkdwn import escape
from bot.domain.i18n import N_, _
from bot.domain.wording import WordingIssue

WARNINGS_BLOCK = "warnings"
EDIT_THE_DRAFT = N_("Edit the draft")  # the close modal's `edit` (bot/blocks/close_modal.py)
# What a view sent back to Slack may carry (a submitted view also holds its id, state, hash and more).
_VIEW_KEYS = ("type", "callback_id", "title", "submit", "close", "blocks", "private_metadata", "clear_on_close",
              "notify_on_close", "external_id", "submit_disabled")


def warning_blocks(issues: Sequence[WordingIssue], submit: str, *, edit: str | None = None) -> list[Block]:
    """`submit`: the form's send button, as shown; `edit`: how to say "change it" (default "Edit it")."""
    if not issues:
        return []
    # The suggestions are msgids (bot/domain/wording.py, wording_rules.py): translated here, where they are shown.
    # Translators: one line per phrase found; {phrase} is quoted from the person's own text, {advice} a suggestion.
    lines = "\n".join(_("• “{phrase}”: {advice}", phrase=escape(i.phrase), advice=escape(_(i.suggestion)))
                      for i in issues)
    if edit is None:
        text = _(":bulb: *Before you send*\n{lines}\nEdit it, or press *{submit}* again to send it as it is.",
                 lines=lines, submit=submit)
    else:  # translated here too, so a caller may pass it marked with N_ (EDIT_THE_DRAFT) or already translated
        # Translators: {edit} is a short instruction such as "Edit the draft".
        text = _(":bulb: *Before you send*\n{lines}\n{edit}, or press *{submit}* again to send it as it is.",
                 lines=lines, edit=_(edit), submit=submit)
    return [section(text, block_id=WARNINGS_BLOCK), divider()]


def warned_view(view: dict[str, Any], *, issues: Sequence[WordingIssue], texts: dict[str, str],
                metadata: str) -> Block:
    """The submitted form again, with its warnings on top, what was typed kept (`texts`: action id -> text) and
    `metadata` (which records the text warned about)."""
    kept = {key: view[key] for key in _VIEW_KEYS if key in view}
    submit = ((view.get("submit") or {}).get("text")) or _("Send")
    blocks = [b for b in view.get("blocks") or [] if b.get("block_id") != WARNINGS_BLOCK and b.get("type") != "divider"]
    for block in blocks:
        element = block.get("element") or {}
        if block.get("type") == "input" and element.get("action_id") in texts:
            block["element"] = {**element, "initial_value": texts[element["action_id"]]}
    return {**kept, "blocks": [*warning_blocks(issues, submit), *blocks], "private_metadata": metadata}
