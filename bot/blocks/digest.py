"""Block Kit, pure: the weekly digest of a person's open intros and promises."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.blocks.ids import DIGEST_BLOCK_PREFIX, Action
from bot.blocks.kit import Block, actions, button, context, header, section
from bot.blocks.nudges import target_mention
from bot.blocks.prompt import close_buttons, mentions
from bot.domain.states import PromiseKind
from bot.services.digest import Digest
from bot.services.intros import IntroView
from bot.services.nudges import PromiseView


def promise_item(promise: PromiseView, intro: IntroView, day: str) -> tuple[str, list[Block]]:
    where = f"<#{intro.channel_id}>"
    value = str(promise.promise_id)
    if promise.kind is PromiseKind.MAKE_REDIRECT:
        return (f"Connect {mentions(intro.other_ids)} with {target_mention(promise)} (due {day}, {where})",
                [button("Make the intro now", Action.MAKE_INTRO, value), button("Already done", Action.DONE, value)])
    if promise.kind is PromiseKind.GET_BACK:
        return f"Get back to {mentions(intro.other_ids)} (you said by {day}, {where})", close_buttons(intro.party_id)
    return (f"Pass <@{intro.user_id}>'s answer on to {mentions(intro.other_ids)} ({where})",
            [button("I've passed it on", Action.RELAYED, str(intro.party_id))])


def item(text: str, buttons: list[Block], key: str, *, prefix: str = DIGEST_BLOCK_PREFIX) -> list[Block]:
    """One open item and its buttons; the block id says where the buttons are (see bot/flows/replies.py)."""
    return [section(f"• {text}"), actions(buttons, block_id=f"{prefix}{key}")]


def waiting_item(intro: IntroView) -> str:
    return f"<@{intro.introducer_id}> introduced you to {mentions(intro.other_ids)} in <#{intro.channel_id}>"


def build_digest(digest: Digest, day: Callable[[datetime], str]) -> tuple[str, list[Block]]:
    """The digest message; `day` formats a due date in the person's own time zone."""
    count = len(digest.waiting) + len(digest.promises) + digest.more
    text = f"Your week in intros: {count} open {'item' if count == 1 else 'items'}. A short close beats silence."
    blocks: list[Block] = [header("Your open intros this week")]
    for promise, intro in digest.promises:
        line, buttons = promise_item(promise, intro, day(promise.due_at))
        blocks += item(line, buttons, f"promise:{promise.promise_id}")
    for intro in digest.waiting:
        blocks += item(waiting_item(intro), close_buttons(intro.party_id), f"party:{intro.party_id}")
    footer = "Turn the digest off from my Home tab or with `/intro digest off`."
    if digest.more:
        footer = f"And {digest.more} more; they'll show as you close these. {footer}"
    blocks.append(context(footer))
    return text, blocks
