"""Block Kit, pure: the weekly digest of a person's open intros, promises and intro requests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.blocks.asks import ask_buttons, mine_line, to_answer_line
from bot.blocks.ids import DIGEST_BLOCK_PREFIX, Action
from bot.blocks.kit import Block, actions, button, context, header, section
from bot.blocks.nudges import target_mention
from bot.blocks.prompt import close_buttons, mentions
from bot.domain.i18n import _, _n
from bot.domain.states import PromiseKind
from bot.services.ask_view import OpenAsks
from bot.services.digest import Digest
from bot.services.intros import IntroView
from bot.services.nudges import PromiseView

Day = Callable[[datetime], str]


def promise_item(promise: PromiseView, intro: IntroView, day: str) -> tuple[str, list[Block]]:
    where = f"<#{intro.channel_id}>"
    value = str(promise.promise_id)
    if promise.kind is PromiseKind.MAKE_REDIRECT:
        return (_("Connect {people} with {target} (due {day}, {where})", people=mentions(intro.other_ids),
                  target=target_mention(promise), day=day, where=where),
                [button(_("Make the intro now"), Action.MAKE_INTRO, value),
                 button(_("Already done"), Action.DONE, value)])
    if promise.kind is PromiseKind.GET_BACK:
        return (_("Get back to {people} (you said by {day}, {where})", people=mentions(intro.other_ids), day=day,
                  where=where), close_buttons(intro.party_id))
    return (_("Pass <@{author}>'s answer on to {people} ({where})", author=intro.user_id,
              people=mentions(intro.other_ids), where=where),
            [button(_("I've passed it on"), Action.RELAYED, str(intro.party_id))])


def item(text: str, buttons: list[Block], key: str, *, prefix: str = DIGEST_BLOCK_PREFIX) -> list[Block]:
    """One open item and its buttons; the block id says where the buttons are (see bot/flows/replies.py)."""
    return [section(f"• {text}"), actions(buttons, block_id=f"{prefix}{key}")]


def waiting_item(intro: IntroView) -> str:
    return _("<@{introducer}> introduced you to {people} in <#{channel}>", introducer=intro.introducer_id,
             people=mentions(intro.other_ids), channel=intro.channel_id)


def ask_blocks(asks: OpenAsks, day: Day, *, prefix: str = DIGEST_BLOCK_PREFIX) -> list[Block]:
    """Intro requests waiting for the person's answer, each with its three answers, then the ones they asked
    for that still wait (they hear either way, by the day shown), each list with how many more it left out.
    Shared by the digest, Home and `/intro list`."""
    blocks: list[Block] = []
    if asks.to_answer:
        blocks.append(section(_("*People asking you for an intro*")))
        for ask in asks.to_answer:
            asked_on = day(ask.created_at) if ask.created_at else ""
            blocks += item(to_answer_line(ask, asked_on), ask_buttons(ask.ask_id), f"ask:{ask.ask_id}",
                           prefix=prefix)
        if asks.more_to_answer:
            blocks.append(context(_n(
                "And {count} more intro request waiting for your answer; it'll show as you answer these.",
                "And {count} more intro requests waiting for your answer; they'll show as you answer these.",
                asks.more_to_answer)))
    if asks.mine:
        lines = [mine_line(ask, day(ask.expires_at) if ask.expires_at else "") for ask in asks.mine]
        blocks.append(section(_("*Intros you asked for*") + "\n" + "\n".join(lines)))
        if asks.more_mine:
            blocks.append(context(_n("And {count} more intro you asked for, still waiting for an answer.",
                                     "And {count} more intros you asked for, still waiting for an answer.",
                                     asks.more_mine)))
    return blocks


def build_digest(digest: Digest, day: Day) -> tuple[str, list[Block]]:
    """The digest message; `day` formats a due date in the person's own time zone."""
    count = len(digest.waiting) + len(digest.promises) + digest.more + digest.asks.count
    text = _n("Your week in intros: {count} open item. A short close beats silence.",
              "Your week in intros: {count} open items. A short close beats silence.", count)
    blocks: list[Block] = [header(_("Your open intros this week"))]
    for promise, intro in digest.promises:
        line, buttons = promise_item(promise, intro, day(promise.due_at))
        blocks += item(line, buttons, f"promise:{promise.promise_id}")
    for intro in digest.waiting:
        blocks += item(waiting_item(intro), close_buttons(intro.party_id), f"party:{intro.party_id}")
    blocks += ask_blocks(digest.asks, day)
    if digest.more:
        footer = _n("And {count} more; they'll show as you close these. Turn the digest off from my Home tab or "
                    "with `/intro digest off`.",
                    "And {count} more; they'll show as you close these. Turn the digest off from my Home tab or "
                    "with `/intro digest off`.", digest.more)
    else:
        footer = _("Turn the digest off from my Home tab or with `/intro digest off`.")
    blocks.append(context(footer))
    return text, blocks
