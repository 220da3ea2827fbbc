"""Flows: the buttons on a promise nudge. They act on the promise as it is now, days later too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from bot.blocks.mrkdwn import escape
from bot.blocks.optin import optin_modal
from bot.blocks.prompt import mentions
from bot.blocks.redirect import contact_passed_on
from bot.domain.closes import CloseWay
from bot.domain.i18n import _, speaking
from bot.domain.optin import RequestState, redirect_why
from bot.domain.states import PromiseState
from bot.domain.timing import local_day
from bot.flows.closing.drafting import first_modal
from bot.flows.delivery import send_held
from bot.flows.deps import Deps
from bot.flows.language import language_or_english
from bot.flows.optin import ask_people, redirect_whys, unreachable_note
from bot.flows.withdrawal import retire_questions
from bot.services.nudges import snooze_promise
from bot.services.promises import (
    ask_for_redirect,
    keep_by_passing_contact,
    load_promise,
    redirect_asking,
    settle_promise,
    withdraw_requests,
)


@dataclass(frozen=True, slots=True)
class RedirectStep:
    """Keeping a redirect: either both people are asked first (the opt-in form to open), or what was done."""

    optin_form: dict[str, Any] | None = None
    reply: str = ""


def keep_redirect(d: Deps, client: WebClient, *, team_id: str, promise_id: int, user_id: str,
                  response_url: str | None, now: datetime) -> RedirectStep:
    """Keep a redirect promise, double opt-in: a better-placed member and whoever is waiting are asked first (the
    form, prefilled, for one person waiting; else asked at once), and the promise is kept when they connect. For
    someone outside Slack, their contact details go privately to whoever is waiting, never into a channel."""
    with d.sessions.begin() as session:
        promise, intro = load_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id)
        asking = redirect_asking(session, promise_id=promise_id)
    others = mentions(intro.other_ids)
    if asking is not None and asking.state is RequestState.ASKING:
        return RedirectStep(reply=_(":hourglass_flowing_sand: You've already asked them privately, and I'm waiting "
                                    "for their answers. If both say yes, I'll connect them and your promise is kept."))
    if asking is not None:  # declined, or expired unanswered: asking again would be pressure
        return RedirectStep(reply=_("That intro isn't going ahead: not everyone said yes. Use *I can't, close it "
                                    "directly* to close it with {others} instead.", others=others))
    waiting = [uid for uid in intro.other_ids if uid != promise.target_user_id]
    better = promise.target_user_id
    if better and not d.people.askable(client, team_id, better):  # the same check as the redirect's form
        return RedirectStep(reply=_("<@{better}> can't be asked: they're a bot or no longer in this workspace. Use "
                                    "*I can't, close it directly* to close it with {others} instead.",
                                    better=better, others=others))
    if better and len(waiting) == 1:
        names = [d.people.get(client, team_id, uid).first_name for uid in (waiting[0], better)]
        return RedirectStep(optin_form=optin_modal(  # the promise is kept when the two are connected
            first=waiting[0], second=better, why=redirect_why(*names), promise_id=promise.promise_id,
            response_url=response_url))
    if better and waiting:  # several waiting: each is asked with the better-placed person, as pairs
        whys = redirect_whys(waiting)
        with d.sessions.begin() as session:
            views = ask_for_redirect(session, team_id=team_id, owner_id=user_id, promise_id=promise_id,
                                     better_id=better, whys=whys, now=now)
        unreachable = ask_people(d, client, views)
        return RedirectStep(reply=_(":white_check_mark: I've asked {others} and <@{better}> privately whether "
                                    "they'd like to be introduced. When both of a pair say yes, I'll connect them "
                                    "in a group DM with you and your promise is kept.", others=mentions(waiting),
                                    better=better) + unreachable_note(unreachable))
    return _pass_contact_on(d, client, team_id=team_id, promise_id=promise_id, user_id=user_id, waiting=waiting,
                            now=now)


def _pass_contact_on(d: Deps, client: WebClient, *, team_id: str, promise_id: int, user_id: str,
                     waiting: list[str], now: datetime) -> RedirectStep:
    """Someone outside Slack: who they are and how to reach them, by DM to each person waiting. The promise is
    kept and each DM stored first, then sent (bot/flows/delivery.py): one Slack does not take now is sent by the
    due-work loop, and pressing again sends nothing twice (the promise is kept)."""
    with d.sessions.begin() as session:
        promise, intro, held = keep_by_passing_contact(session, team_id=team_id, promise_id=promise_id,
                                                       user_id=user_id, waiting=waiting, now=now)
    unreachable = []
    for uid in waiting:
        with speaking(language_or_english(d, client, team_id, uid)):  # each reads it in their language
            message = contact_passed_on(promise.owner_id, promise, intro)
        if not send_held(d, client, held.get(uid), user_id=uid, message=message, now=now):
            unreachable.append(uid)
    name = escape(promise.target_name or _("the person you named"))
    return RedirectStep(reply=_(":white_check_mark: Done: I sent {name}'s details to {others} privately; nothing "
                                "was posted in the channel. Promise kept, thank you!", name=name,
                                others=mentions(waiting)) + unreachable_note(unreachable))


def mark_done(d: Deps, client: WebClient, *, team_id: str, promise_id: int, user_id: str, now: datetime) -> None:
    """Kept another way: a redirect's requests still out are withdrawn with it, so nobody is connected after."""
    with d.sessions.begin() as session:
        settle_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id, state=PromiseState.KEPT,
                       now=now)
        withdrawn = withdraw_requests(session, promise_id=promise_id, now=now)
    retire_questions(d, client, withdrawn)


def snooze(d: Deps, *, team_id: str, promise_id: int, user_id: str, until: datetime, tz: str | None) -> str:
    """Remind the person later, at `until` (bot/domain/nudging.py snoozed_until, on their calendar `tz`, worked
    out once by the caller, who also offers the new date from it); the reply says which day."""
    with d.sessions.begin() as session:
        snooze_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id, until=until)
    return _(":zzz: Snoozed. I'll remind you on {day}.", day=local_day(until, tz))


def close_instead_form(d: Deps, client: WebClient, *, team_id: str, promise_id: int, user_id: str,
                       response_url: str | None, now: datetime) -> dict[str, Any]:
    """A redirect that cannot be kept: a direct close, prefilled, to post where the redirect was."""
    with d.sessions.begin() as session:
        promise, intro = load_promise(session, team_id=team_id, promise_id=promise_id, user_id=user_id)
    return first_modal(d, client, intro, CloseWay.DIRECT, response_url=response_url, now=now, instead_of=promise)
