"""Block Kit, pure: the messages of a redirect kept double opt-in: the contact details of someone outside Slack,
passed privately to whoever is waiting, and the reminder once the better-placed person did not take it up."""

from __future__ import annotations

from bot.blocks.ids import Action
from bot.blocks.kit import Block, Message, actions, button, context, section
from bot.blocks.mrkdwn import escape
from bot.blocks.nudges import snooze_menu
from bot.blocks.prompt import mentions
from bot.domain.i18n import _
from bot.domain.nudging import MAX_NUDGES
from bot.services.intros import IntroView
from bot.services.nudges import PromiseView


def contact_passed_on(owner_id: str, promise: PromiseView, intro: IntroView) -> Message:
    """To one person waiting, by DM: who is better placed and how to reach them (never posted in a channel)."""
    name = escape(promise.target_name or _("the person they had in mind"))
    if promise.target_contact:
        text = _(":handshake: As promised about the intro in <#{channel}>, <@{owner}> is connecting you with "
                 "{name}, who is better placed to help. You can reach them at {contact}. I've sent these details to "
                 "you privately; they weren't posted anywhere.", channel=intro.channel_id, owner=owner_id, name=name,
                 contact=escape(promise.target_contact))
    else:
        text = _(":handshake: As promised about the intro in <#{channel}>, <@{owner}> is connecting you with "
                 "{name}, who is better placed to help. Ask <@{owner}> how best to reach them.",
                 channel=intro.channel_id, owner=owner_id, name=name)
    return text, [section(text)]


def not_going_ahead_nudge(promise: PromiseView, intro: IntroView, *, number: int) -> Message:
    """The redirect's reminder once the double opt-in did not go ahead (a no, or no answer within a week): rather
    than leave the others waiting, close directly (the "instead of the redirect" close)."""
    value = str(promise.promise_id)
    text = _(":alarm_clock: The intro you offered {others} isn't going ahead: not everyone said yes in time. "
             "Rather than leave {others} waiting, a short direct close in <#{channel}> keeps your word.",
             others=mentions(intro.other_ids), channel=intro.channel_id)
    buttons: list[Block] = [button(_("Close it directly"), Action.CLOSE_INSTEAD, value, style="primary"),
                            button(_("Already done"), Action.DONE, value)]
    last = number >= MAX_NUDGES
    if not last:
        buttons.append(snooze_menu(promise.promise_id))
    note = (_("This is my last reminder about it.") if last
            else _("Reminder {number} of {total}. Closing it directly stops the reminders.", number=number,
                   total=MAX_NUDGES))
    return text, [section(text), actions(buttons, block_id=f"nudge:{value}"), context(note)]
