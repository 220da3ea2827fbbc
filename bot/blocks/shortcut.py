"""Block Kit, pure: the modals of the "Close this intro" message shortcut, and a close posted through the
shortcut's response_url."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.ids import SHORTCUT_CHOOSER, SHORTCUT_NOTICE, SHORTCUT_WHO, SHORTCUT_WHO_MODAL
from bot.blocks.kit import Block, actions, context, input_block, modal, multi_users_select, section
from bot.blocks.prompt import answer_buttons, mentions
from bot.domain.detection import MAX_PARTIES
from bot.domain.i18n import N_, _
from bot.domain.shortcut import Role

TITLE = N_("Close this intro")  # the modals' title: the shortcut's name


def chooser_modal(*, party_id: int, introducer_id: str, other_ids: Sequence[str], metadata: str) -> Block:
    """The prompt's choices in a modal: it opens wherever the shortcut was used, also where the bot cannot post."""
    return modal(SHORTCUT_CHOOSER, _(TITLE), [
        section(_("{introducer} introduced you to {others}.\n"
                  "A short, kind close beats silence. How would you like to answer?",
                  introducer=f"<@{introducer_id}>", others=mentions(other_ids))),
        actions(answer_buttons(party_id, not_an_intro=False), block_id=f"shortcut:{party_id}"),
        context(_("*Direct*: a clear, kind answer where the intro was. *Redirect*: point to someone better placed. "
                  "*Decline*: a private note to the introducer only. *Need time*: say by when you'll answer.")),
    ], close=_("Not now"), private_metadata=metadata)


def who_modal(*, role: Role, suggested: Sequence[str], metadata: str, problem: str | None = None) -> Block:
    """Who was introduced, when the message does not say (prefilled with the people it mentions); `problem`: what
    was wrong with the last answer (people who can't be asked), shown above the question."""
    if role is Role.INTRODUCER:
        label = _("Who did you introduce?")
        hint = _("Pick the people you introduced (two or more), not people only cc'd.")
    else:
        label = _("Who were you introduced to?")
        hint = _("Pick the person or people the message introduces you to.")
    people = multi_users_select(max_selected_items=MAX_PARTIES, placeholder=_("Pick people"),
                                initial_users=list(suggested)[:MAX_PARTIES])
    return modal(SHORTCUT_WHO_MODAL, _(TITLE), [
        section(f":warning: {problem}" if problem else
                _("The message doesn't say clearly who was introduced. Tell me, and I'll take it from there.")),
        input_block(SHORTCUT_WHO, label, people, hint=hint),
    ], submit=_("Continue"), close=_("Cancel"), private_metadata=metadata)


def notice_modal(text: str) -> Block:
    return modal(SHORTCUT_NOTICE, _(TITLE), [section(text)], close=_("OK"))
