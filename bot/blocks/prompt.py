"""Block Kit, pure: the private prompt an introduced person gets, and what replaces it."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.ids import PROMPT_MENU_OFF, Action
from bot.blocks.kit import Block, actions, button, context, option, overflow, section
from bot.domain.closes import join_names


def mentions(user_ids: Sequence[str]) -> str:
    """"<@A>", "<@A> and <@B>", "<@A>, <@B> and <@C>"."""
    return join_names([f"<@{uid}>" for uid in user_ids])


def close_buttons(party_id: int) -> list[Block]:
    """The three ways to close an intro: on a prompt, a reminder, the digest and the Home tab."""
    value = str(party_id)
    return [button("Direct", Action.DIRECT, value), button("Redirect", Action.REDIRECT, value),
            button("Decline", Action.DECLINE, value)]


def answer_buttons(party_id: int, *, by_policy: bool = False, not_an_intro: bool = True) -> list[Block]:
    """Every answer to an intro: the closes, a decline citing the person's policy if they have one, need time,
    connect, and (where the bot noticed the intro itself) "Not an intro"."""
    value = str(party_id)
    return [
        *close_buttons(party_id),
        *([button("Decline: my intro policy", Action.DECLINE_BY_POLICY, value)] if by_policy else []),
        button("Need time", Action.NEED_TIME, value),
        button("Happy to connect", Action.CONNECT, value, style="primary"),
        *([button("Not an intro", Action.DISMISS, value)] if not_an_intro else []),
    ]


def prompt_text(*, introducer_id: str, other_ids: Sequence[str], channel_id: str, by_dm: bool) -> str:
    where = f" in <#{channel_id}>" if by_dm else ""
    return f"<@{introducer_id}> introduced you to {mentions(other_ids)}{where}."


def build_prompt(
    *, party_id: int, introducer_id: str, other_ids: Sequence[str], channel_id: str, permalink: str | None,
    by_dm: bool = False, lead: str = ":wave:", policy: str | None = None,
) -> list[Block]:
    link = f" <{permalink}|View the intro>" if permalink else ""
    intro_line = prompt_text(introducer_id=introducer_id, other_ids=other_ids, channel_id=channel_id, by_dm=by_dm)
    menu = overflow(Action.PROMPT_MENU, [option("Turn off intro prompts for me", PROMPT_MENU_OFF)])
    return [
        section(f"{lead} {intro_line}{link}\nA short, kind close beats silence. How would you like to answer?",
                accessory=menu),
        actions(answer_buttons(party_id, by_policy=bool(policy)), block_id=f"prompt:{party_id}"),
        context("*Direct*: a clear, kind answer in the thread. *Redirect*: point to someone better placed. "
                "*Decline*: a private note to the introducer only. *Need time*: say by when you'll answer. "
                "Only you can see this."),
    ]


def confirmation(text: str) -> list[Block]:
    """What replaces a prompt once it is answered, so no stale buttons remain."""
    return [section(text)]
