"""Block Kit, pure: the DM nudges and the offer to post a slipped date anew (a redirect's double opt-in
messages are in bot/blocks/redirect.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.blocks.form_meta import _Json, _object, _url
from bot.blocks.ids import NEW_DATE_MODAL, Action, NewDateField, row_id
from bot.blocks.kit import (
    Block,
    actions,
    button,
    context,
    datepicker,
    input_block,
    modal,
    option,
    section,
    static_select,
)
from bot.blocks.mrkdwn import escape
from bot.blocks.prompt import build_prompt, close_buttons, mentions
from bot.domain.closes import draft_need_time_again
from bot.domain.drafts import DraftVoice
from bot.domain.i18n import _, _n
from bot.domain.nudging import MAX_NUDGES, SNOOZE_LABELS
from bot.domain.states import PromiseKind
from bot.services.intros import IntroView
from bot.services.nudges import PromiseView


def target_mention(promise: PromiseView) -> str:
    """The better-placed person: a mention for a member, the typed name (escaped) for someone outside."""
    if promise.target_user_id:
        return f"<@{promise.target_user_id}>"
    name = escape(promise.target_name or _("the person you named"))
    return f"{name} ({escape(promise.target_contact)})" if promise.target_contact else name


def _where(intro: IntroView, permalink: str | None) -> str:
    if permalink:
        return _("<{permalink}|in <#{channel}>>", permalink=permalink, channel=intro.channel_id)
    return _("in <#{channel}>", channel=intro.channel_id)


def promise_nudge(
    promise: PromiseView, intro: IntroView, *, number: int, day: str, permalink: str | None
) -> tuple[str, list[Block]]:
    """The reminder about a promise: the `number`-th of at most MAX_NUDGES; `day` is when it was due."""
    value = str(promise.promise_id)
    others, where = mentions(intro.other_ids), _where(intro, permalink)
    if promise.kind is PromiseKind.MAKE_REDIRECT:
        text = _(":alarm_clock: You offered to connect {others} with {target} by {day} ({where}). Have you made the "
                 "intro?", others=others, target=target_mention(promise), day=day, where=where)
        buttons = [
            button(_("Make the intro now"), Action.MAKE_INTRO, value, style="primary"),
            button(_("I can't, close it directly"), Action.CLOSE_INSTEAD, value),
            button(_("Already done"), Action.DONE, value),
        ]
    elif promise.kind is PromiseKind.GET_BACK:
        text = _(":alarm_clock: You told {others} you'd get back to them by {day} ({where}). A short, clear answer "
                 "now keeps your word:", others=others, day=day, where=where)
        buttons = close_buttons(intro.party_id)
    else:
        text = _(":alarm_clock: <@{person}> asked you to pass their answer on to {others} about your intro {where}. "
                 "Have you passed it on?", person=intro.user_id, others=others, where=where)
        buttons = [button(_("I've passed it on"), Action.RELAYED, str(intro.party_id), style="primary")]
    last = number >= MAX_NUDGES
    if not last:
        buttons.append(snooze_menu(promise.promise_id))
    note = (_("This is my last reminder about it.") if last
            else _("Reminder {number} of {total}. Keeping it, or closing it directly, stops the reminders.",
                   number=number, total=MAX_NUDGES))
    return text, [section(text), actions(buttons, block_id=f"nudge:{value}"), context(note)]


def snooze_menu(promise_id: int) -> Block:
    return static_select([option(_(label), f"{promise_id}:{snooze.value}") for snooze, label in SNOOZE_LABELS.items()],
                         action_id=Action.SNOOZE, placeholder=_("Snooze"))


def open_intro_nudge(intro: IntroView, permalink: str | None, *, when: str) -> tuple[str, list[Block]]:
    """Two days on with no answer: the prompt again, by DM, once. `when`: when the intro was made, as the person
    would say it ("on Tuesday")."""
    text = _("A gentle reminder: <@{introducer}> introduced you to {others} {when}.", introducer=intro.introducer_id,
             others=mentions(intro.other_ids), when=when)
    blocks = build_prompt(party_id=intro.party_id, introducer_id=intro.introducer_id, other_ids=intro.other_ids,
                          channel_id=intro.channel_id, permalink=permalink, by_dm=True,
                          lead=_(":hourglass_flowing_sand: A gentle reminder about an intro made {when}:", when=when))
    return text, blocks


# ---- a "get back to you by" date that slips -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewDateMeta(_Json):
    """Which "get back to you by" promise the new date is for, and the nudge to update (its response_url)."""

    promise_id: int
    response_url: str | None = None

    @classmethod
    def load(cls, raw: Any) -> NewDateMeta:
        data = _object(raw)
        return cls(promise_id=row_id(data.get("promise_id")), response_url=_url(data.get("response_url")))


def new_date_text(day: date, voice: DraftVoice) -> str:
    """What is posted in the intro's thread, in the person's name, when their date slips: their own words, so in
    the intro's voice (bot/domain/draft_voice.py), its date included, whatever language the bot speaks to them."""
    return draft_need_time_again(get_back_by=day, voice=voice)


def new_date_modal(*, meta: NewDateMeta, other_ids: list[str] | tuple[str, ...], day: date,
                   voice: DraftVoice) -> Block:
    """Snoozing a "get back to you by" reminder first offers to tell the people waiting, with the new date; closing
    it just snoozes. The modal speaks the person's language; the post it quotes is in `voice`."""
    return modal(NEW_DATE_MODAL, _("Need a little longer?"), [
        section(_n("{others} is waiting for the answer you promised. So they aren't left guessing, post in the "
                   "thread:\n>{text}", "{others} are waiting for the answer you promised. So they aren't left "
                   "guessing, post in the thread:\n>{text}", len(other_ids), others=mentions(other_ids),
                   text=new_date_text(day, voice))),
        input_block(NewDateField.BY, _("I'll get back to you by"), datepicker(initial_date=day),
                    hint=_("The message names the date you pick, and your reminder moves to that morning.")),
    ], submit=_("Post in thread"), close=_("Just snooze"), private_metadata=meta.dump())
