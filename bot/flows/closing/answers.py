"""Flows: a person's answers to an intro they were prompted about: opening the close form, answering without a
close (connected already, not an intro), storing a close, and the introducer's "I've passed it on"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from bot.blocks.close_form import CloseForm, ModalMeta
from bot.blocks.prompt import mentions
from bot.domain.closes import CloseWay
from bot.domain.i18n import _
from bot.domain.states import PartyState
from bot.domain.timing import due_on
from bot.flows.closing.drafting import better_name, first_modal, refreshed_modal
from bot.flows.deps import Deps
from bot.flows.optin import redirect_whys
from bot.services.closes import CloseToSend, RedirectTarget, start_close
from bot.services.errors import AlreadyHandled
from bot.services.feedback import count_dismissed
from bot.services.intros import IntroView, claim_party, load_party
from bot.services.optin_view import OptInView
from bot.services.promises import ask_for_redirect, mark_relayed, withdraw_requests


def party_for(d: Deps, *, team_id: str, party_id: int, user_id: str) -> IntroView:
    """The intro as the person it was prompted to sees it (NotFound or NotYours otherwise)."""
    with d.sessions.begin() as session:
        return load_party(session, team_id=team_id, party_id=party_id, user_id=user_id)


def open_party(d: Deps, *, team_id: str, party_id: int, user_id: str) -> IntroView:
    """As `party_for`, and still waiting for an answer (AlreadyHandled otherwise)."""
    intro = party_for(d, team_id=team_id, party_id=party_id, user_id=user_id)
    if intro.state is not PartyState.OPEN:
        raise AlreadyHandled(intro.state)
    return intro


def redraft(d: Deps, client: WebClient, *, team_id: str, user_id: str, meta: ModalMeta,
            form: CloseForm, now: datetime) -> dict[str, Any] | None:
    """The close modal with its draft written again for the choices now in it; None when nothing changes."""
    intro = party_for(d, team_id=team_id, party_id=meta.party_id, user_id=user_id)
    return refreshed_modal(d, client, intro, meta, form, now=now)


def close_form(d: Deps, client: WebClient, intro: IntroView, way: CloseWay, *, response_url: str | None,
               now: datetime, by_policy: bool = False, via_shortcut: bool = False) -> dict[str, Any]:
    """The close modal as it opens; `by_policy`: a decline citing the person's intro policy, when they have one."""
    return first_modal(d, client, intro, way, response_url=response_url, now=now, by_policy=by_policy,
                       via_shortcut=via_shortcut)


def settle_without_close(d: Deps, *, team_id: str, party_id: int, user_id: str, dismissed: bool,
                         now: datetime) -> tuple[IntroView, str]:
    """Connected already, or (`dismissed`) not an intro at all: recorded once (a second click is AlreadyHandled);
    returns the intro and the reply."""
    state = PartyState.DISMISSED if dismissed else PartyState.CONNECTED
    with d.sessions.begin() as session:
        intro = claim_party(session, team_id=team_id, party_id=party_id, user_id=user_id, state=state, now=now)
        if state is PartyState.DISMISSED:  # feedback on detection for the workspace: a count, nothing else
            count_dismissed(session, intro_id=intro.intro_id, now=now)
    if state is PartyState.CONNECTED:
        others = mentions(intro.other_ids)
        return intro, _(":white_check_mark: Great, enjoy the conversation with {others}. No close needed.",
                        others=others)
    return intro, _("Got it: not an intro. I'll leave this one alone.")


@dataclass(frozen=True, slots=True)
class StoredClose:
    """A close as stored, and the double opt-in requests a redirect made with it (asked once it is posted)."""

    close: CloseToSend
    asks: tuple[OptInView, ...] = ()
    better_id: str | None = None  # the member a redirect asks now
    withdrawn: tuple[OptInView, ...] = ()  # a redirect closed directly instead: the requests it had out


def store_close(d: Deps, client: WebClient, intro: IntroView, meta: ModalMeta, form: CloseForm, *, team_id: str,
                user_id: str, text: str, note: str | None, tz: str | None, now: datetime) -> StoredClose:
    """Store the close the person wrote (exactly one submit wins); from then on it is posted, now or by a retry.
    A redirect that asks now stores its requests in the same transaction: a process that dies before asking
    leaves them to the due-work loop (their reminders ask), never a redirect that silently asks nobody."""
    target, whys = None, {}
    if meta.way is CloseWay.REDIRECT:
        target = RedirectTarget(user_id=form.who, name=better_name(d, client, intro, form), contact=form.who_contact)
        # A bot or someone who left has no one to ask: the redirect stands, and its reminder comes on the date.
        if form.asks_now and form.who is not None and d.people.askable(client, team_id, form.who):
            waiting = [uid for uid in intro.other_ids if uid != form.who]
            whys = redirect_whys(waiting)
    with d.sessions.begin() as session:
        close = start_close(
            session, team_id=team_id, party_id=meta.party_id, user_id=user_id, way=meta.way, text=text,
            note=note, now=now, redirect_to=target, promise_due=due_on(form.by, tz) if form.by else None,
            instead_of_promise=meta.instead_of_promise,
        )
        withdrawn: list[OptInView] = []
        if meta.instead_of_promise is not None:  # cancelled with the close: nobody is connected after it
            withdrawn = withdraw_requests(session, promise_id=meta.instead_of_promise, now=now)
        asks: list[OptInView] = []
        if whys and close.promise_id is not None and form.who is not None:
            asks = ask_for_redirect(session, team_id=team_id, owner_id=user_id, promise_id=close.promise_id,
                                    better_id=form.who, whys=whys, now=now)
    return StoredClose(close, tuple(asks), form.who if asks else None, tuple(withdrawn))


def pass_on(d: Deps, *, team_id: str, party_id: int, introducer_id: str, now: datetime) -> None:
    """The introducer passed a handed-back decline on (marked now, or already by an earlier click)."""
    with d.sessions.begin() as session:
        mark_relayed(session, team_id=team_id, party_id=party_id, introducer_id=introducer_id, now=now)
