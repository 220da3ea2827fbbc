"""Block Kit, pure: "Happy to connect" offers a short yes to post in the intro's thread (optional: closing the
modal leaves the intro marked as happy to connect), and what the modal carries in `private_metadata`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.blocks.form_meta import _Json, _object, _text, _url
from bot.blocks.ids import YES_MODAL, Field, row_id
from bot.blocks.kit import Block, input_block, modal, plain_text_input, section
from bot.blocks.wording_warnings import warning_blocks
from bot.domain.closes import MAX_CLOSE_CHARS
from bot.domain.i18n import N_, _
from bot.domain.wording import WordingIssue

POST = N_("Post in thread")


@dataclass(frozen=True, slots=True)
class YesMeta(_Json):
    """Which intro the yes answers, where the person hears how it went, and the text already warned about."""

    party_id: int
    response_url: str | None = None  # the prompt's (its confirmation gives way to the outcome), or the shortcut's
    via_shortcut: bool = False  # opened from "Close this intro": no prompt to replace; told privately instead
    warned: str | None = None

    @classmethod
    def load(cls, raw: Any) -> YesMeta:
        data = _object(raw)
        return cls(party_id=row_id(data.get("party_id")), response_url=_url(data.get("response_url")),
                   via_shortcut=data.get("via_shortcut") is True, warned=_text(data.get("warned")))

    def warned_about(self, text_hash: str) -> YesMeta:
        return replace(self, warned=text_hash)


def yes_modal(*, meta: YesMeta, draft: str, introducer_id: str, issues: Sequence[WordingIssue] = ()) -> Block:
    """The draft (thanks, the yes, a next step) to edit and post, or to leave: the intro stays happy to connect."""
    blocks: list[Block] = [
        *warning_blocks(issues, _(POST), edit=_("Edit the draft")),
        section(_("A yes closes the loop too: posted in the intro's thread with your name and picture, it lets "
                  "<@{introducer}> know the intro worked. Edit it so it sounds like you, or close this if you've "
                  "already said so.", introducer=introducer_id)),
        input_block(Field.DRAFT, _("Your yes"), plain_text_input(multiline=True, max_length=MAX_CLOSE_CHARS,
                                                                 initial_value=draft)),
    ]
    return modal(YES_MODAL, _("Happy to connect"), blocks, submit=_(POST), close=_("Close"),
                 private_metadata=meta.dump())
