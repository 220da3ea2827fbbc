"""Block Kit, pure: the Home tab (and `/intro list`): what is open for the person, how their intros went,
and their settings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from bot.blocks.digest import ask_blocks, item, promise_item, waiting_item
from bot.blocks.ids import Action
from bot.blocks.kit import Block, button, context, divider, header, home_tab, section
from bot.blocks.mrkdwn import escape
from bot.blocks.nudges import snooze_menu
from bot.blocks.optin import request_buttons, why_mrkdwn
from bot.blocks.prompt import close_buttons
from bot.domain.i18n import _, _n
from bot.domain.optin import GENERATED_WHY, Answer
from bot.domain.states import PromiseKind
from bot.services.overview import Overview
from bot.services.prefs import Prefs

HOME_BLOCK_PREFIX = "home:"
WHY_PREVIEW = 150


def _toggle(on: bool, on_text: str, off_text: str, *, turn_on: Action, turn_off: Action) -> Block:
    switch = button(_("Turn off"), turn_off) if on else button(_("Turn on"), turn_on, style="primary")
    return section(on_text if on else off_text, accessory=switch)


def open_blocks(ov: Overview, day: Callable[[datetime], str], *, prefix: str) -> list[Block]:
    """What is open for the person, each with its one-click answer. Shared by Home and `/intro list`."""
    if ov.empty:
        return [section(_(":sparkles: Nothing open: no intros waiting for you, no promises due."))]
    blocks: list[Block] = []
    if ov.open.waiting:
        blocks.append(section(_("*Waiting for your close*")))
        for intro in ov.open.waiting:
            blocks += item(waiting_item(intro), close_buttons(intro.party_id), f"party:{intro.party_id}", prefix=prefix)
    if ov.open.promises:
        blocks.append(section(_("*Your promises*")))
        for promise, intro in ov.open.promises:
            line, buttons = promise_item(promise, intro, day(promise.due_at))
            if promise.kind is not PromiseKind.GET_BACK:
                buttons = [*buttons, snooze_menu(promise.promise_id)]
            blocks += item(line, buttons, f"promise:{promise.promise_id}", prefix=prefix)
    if ov.open.more:
        blocks.append(context(_n("And {count} more.", "And {count} more.", ov.open.more)))
    blocks += ask_blocks(ov.open.asks, day, prefix=prefix)
    if ov.to_answer:
        blocks.append(section(_("*Intro requests waiting on you*")))
        for request in ov.to_answer:
            me = next(a.user_id for a in request.answers if a.answer is Answer.PENDING)
            why = (why_mrkdwn(request, me) if request.why == GENERATED_WHY  # a redirect's own: short, written for them
                   else escape(request.why[:WHY_PREVIEW]) + ("…" if len(request.why) > WHY_PREVIEW else ""))
            line = _("<@{introducer}> would like to introduce you to <@{other}>: {why}",
                     introducer=request.introducer_id, other=request.other_than(me), why=why)
            blocks += item(line, request_buttons(request.request_id), f"optin:{request.request_id}", prefix=prefix)
    if ov.waiting_on_others:
        lines = []
        for request in ov.waiting_on_others:
            said = ", ".join(_("<@{person}> said yes", person=a.user_id) if a.answer is Answer.YES
                             else _("<@{person}> has not answered", person=a.user_id) for a in request.answers)
            lines.append(_("• <@{first}> and <@{second}>: {said}", first=request.people[0],
                           second=request.people[1], said=said))
        blocks.append(section(_("*Requests you're waiting on*") + "\n" + "\n".join(lines)))
    return blocks


def made_blocks(ov: Overview) -> list[Block]:
    if not ov.made.outcomes:
        return []
    # The labels are marked for the catalog where they are defined (bot/services/overview.py).
    counts = ", ".join(_("{count} {outcome}", count=n, outcome=_(label))
                       for label, n in sorted(ov.made.outcomes.items(), key=lambda kv: -kv[1]))
    blocks = [section(_("*Intros you made*\n{counts}", counts=counts))]
    for person in ov.made.passing:
        blocks.append(context(_(
            ":bulb: <@{person}> passed on your last few intros. They may be heads-down, or open only to a certain "
            "kind of intro right now: ask them what they'd welcome.", person=person)))
    return blocks


def build_home(prefs: Prefs, ov: Overview, day: Callable[[datetime], str], today: date) -> Block:
    policy = prefs.policy.summary(today) or _("open to intros")
    return home_tab([
        header(_("Intro Etiquette")),
        context(_("I notice intros in the channels I'm in and offer kind ways to close them, remind you of the "
                  "promises you make, and `/intro @a @b why` asks both people before introducing them. "
                  "`/intro ask @introducer @person why` asks someone to introduce you; you'll hear back either "
                  "way.")),
        divider(),
        *open_blocks(ov, day, prefix=HOME_BLOCK_PREFIX),
        *made_blocks(ov),
        divider(),
        section(_("*Your intro policy:* {policy}", policy=escape(policy)),
                accessory=button(_("Edit"), Action.EDIT_PREFS)),
        _toggle(prefs.prompts_enabled,
                _("*Intro prompts are on.* When someone introduces you in a channel I'm in, I'll privately offer "
                  "you a kind way to close it."),
                _("*Intro prompts are off.* I won't prompt you when someone introduces you."),
                turn_on=Action.PROMPTS_ON, turn_off=Action.PROMPTS_OFF),
        _toggle(prefs.digest_enabled,
                _("*Weekly digest is on.* On Monday mornings I DM you your open intros, promises and intro "
                  "requests, if any."),
                _("*Weekly digest is off.*"),
                turn_on=Action.DIGEST_ON, turn_off=Action.DIGEST_OFF),
        context(_("Or type `/intro prompts on|off`, `/intro digest on|off`, and `/intro list` for this list "
                  "anywhere.")),
    ])
