"""Block Kit, pure: the private prompt an introduced person gets, and what replaces it."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.ids import PROMPT_MENU_OFF, Action
from bot.blocks.kit import Block, actions, button, context, option, overflow, section
from bot.domain.i18n import _, join_names


def mentions(user_ids: Sequence[str]) -> str:
    """"<@A>", "<@A> and <@B>", "<@A>, <@B> and <@C>"."""
    return join_names([f"<@{uid}>" for uid in user_ids])


def close_buttons(party_id: int) -> list[Block]:
    """The three ways to close an intro: on a prompt, a reminder, the digest and the Home tab."""
    value = str(party_id)
    return [button(_("Direct"), Action.DIRECT, value), button(_("Redirect"), Action.REDIRECT, value),
            button(_("Decline"), Action.DECLINE, value)]


def answer_buttons(party_id: int, *, by_policy: bool = False, not_an_intro: bool = True) -> list[Block]:
    """Every answer to an intro: the closes, a decline citing the person's policy if they have one, need time,
    connect (with a yes to post, if they like), and (where the bot noticed the intro itself) "Not an intro"."""
    value = str(party_id)
    return [
        *close_buttons(party_id),
        *([button(_("Decline: my intro policy"), Action.DECLINE_BY_POLICY, value)] if by_policy else []),
        button(_("Need time"), Action.NEED_TIME, value),
        button(_("Happy to connect"), Action.CONNECT, value, style="primary"),
        *([button(_("Not an intro"), Action.DISMISS, value)] if not_an_intro else []),
    ]


def prompt_text(*, introducer_id: str, other_ids: Sequence[str], channel_id: str, by_dm: bool) -> str:
    if by_dm:
        return _("<@{introducer}> introduced you to {others} in <#{channel}>.", introducer=introducer_id,
                 others=mentions(other_ids), channel=channel_id)
    return _("<@{introducer}> introduced you to {others}.", introducer=introducer_id, others=mentions(other_ids))


def build_prompt(
    *, party_id: int, introducer_id: str, other_ids: Sequence[str], channel_id: str, permalink: str | None,
    by_dm: bool = False, lead: str = ":wave:", policy: str | None = None,
) -> list[Block]:
    link = " " + _("<{permalink}|View the intro>", permalink=permalink) if permalink else ""
    intro_line = prompt_text(introducer_id=introducer_id, other_ids=other_ids, channel_id=channel_id, by_dm=by_dm)
    menu = overflow(Action.PROMPT_MENU, [option(_("Turn off intro prompts for me"), PROMPT_MENU_OFF)])
    ask = _("A short, kind close beats silence. How would you like to answer?")
    return [
        section(f"{lead} {intro_line}{link}\n{ask}", accessory=menu),
        actions(answer_buttons(party_id, by_policy=bool(policy)), block_id=f"prompt:{party_id}"),
        context(_("*Direct*: a clear, kind answer in the thread. *Redirect*: point to someone better placed. "
                  "*Decline*: a private note to the introducer only. *Need time*: say by when you'll answer. "
                  "*Happy to connect*: a short yes in the thread. Only you can see this.")),
    ]


def confirmation(text: str) -> list[Block]:
    """What replaces a prompt once it is answered, so no stale buttons remain."""
    return [section(text)]
