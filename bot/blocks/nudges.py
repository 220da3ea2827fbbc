"""Block Kit, pure: the DM nudges (a redirect's double opt-in messages are in bot/blocks/redirect.py)."""

from __future__ import annotations

from bot.blocks.ids import Action
from bot.blocks.kit import Block, actions, button, context, option, section, static_select
from bot.blocks.mrkdwn import escape
from bot.blocks.prompt import build_prompt, close_buttons, mentions
from bot.domain.nudging import MAX_NUDGES, SNOOZE_LABELS
from bot.domain.states import PromiseKind
from bot.services.intros import IntroView
from bot.services.nudges import PromiseView


def target_mention(promise: PromiseView) -> str:
    """The better-placed person: a mention for a member, the typed name (escaped) for someone outside."""
    if promise.target_user_id:
        return f"<@{promise.target_user_id}>"
    name = escape(promise.target_name or "the person you named")
    return f"{name} ({escape(promise.target_contact)})" if promise.target_contact else name


def _where(intro: IntroView, permalink: str | None) -> str:
    return f"<{permalink}|in <#{intro.channel_id}>>" if permalink else f"in <#{intro.channel_id}>"


def promise_nudge(
    promise: PromiseView, intro: IntroView, *, number: int, day: str, permalink: str | None
) -> tuple[str, list[Block]]:
    """The reminder about a promise: the `number`-th of at most MAX_NUDGES; `day` is when it was due."""
    value = str(promise.promise_id)
    others = mentions(intro.other_ids)
    if promise.kind is PromiseKind.MAKE_REDIRECT:
        text = (f":alarm_clock: You offered to connect {others} with {target_mention(promise)} by {day} "
                f"({_where(intro, permalink)}). Have you made the intro?")
        buttons = [
            button("Make the intro now", Action.MAKE_INTRO, value, style="primary"),
            button("I can't, close it directly", Action.CLOSE_INSTEAD, value),
            button("Already done", Action.DONE, value),
        ]
    elif promise.kind is PromiseKind.GET_BACK:
        text = (f":alarm_clock: You told {others} you'd get back to them by {day} ({_where(intro, permalink)}). "
                "A short, clear answer now keeps your word:")
        buttons = close_buttons(intro.party_id)
    else:
        text = (f":alarm_clock: <@{intro.user_id}> asked you to pass their answer on to {others} about your intro "
                f"{_where(intro, permalink)}. Have you passed it on?")
        buttons = [button("I've passed it on", Action.RELAYED, str(intro.party_id), style="primary")]
    last = number >= MAX_NUDGES
    if not last:
        buttons.append(snooze_menu(promise.promise_id))
    note = ("This is my last reminder about it." if last
            else f"Reminder {number} of {MAX_NUDGES}. Keeping it, or closing it directly, stops the reminders.")
    return text, [section(text), actions(buttons, block_id=f"nudge:{value}"), context(note)]


def snooze_menu(promise_id: int) -> Block:
    return static_select([option(label, f"{promise_id}:{snooze.value}") for snooze, label in SNOOZE_LABELS.items()],
                         action_id=Action.SNOOZE, placeholder="Snooze")


def open_intro_nudge(intro: IntroView, permalink: str | None, *, when: str) -> tuple[str, list[Block]]:
    """Two days on with no answer: the prompt again, by DM, once. `when`: when the intro was made, as the person
    would say it ("on Tuesday")."""
    text = f"A gentle reminder: <@{intro.introducer_id}> introduced you to {mentions(intro.other_ids)} {when}."
    blocks = build_prompt(party_id=intro.party_id, introducer_id=intro.introducer_id, other_ids=intro.other_ids,
                          channel_id=intro.channel_id, permalink=permalink, by_dm=True,
                          lead=f":hourglass_flowing_sand: A gentle reminder about an intro made {when}:")
    return text, blocks

