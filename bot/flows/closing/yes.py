"""Flows: "Happy to connect". The party is marked as happy to connect at once (as before), and a short yes is
offered in a modal: thanks to the introducer, the yes and a next step. Posting it is optional; posted, it goes in
the intro's thread as the person, the way a Direct close does, so the introducer hears the intro worked."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from bot.blocks.close_form import CloseForm
from bot.blocks.prompt import mentions
from bot.blocks.yes_modal import YesMeta, yes_modal
from bot.domain.closes import draft_yes
from bot.domain.i18n import _, current_language
from bot.domain.states import CloseStatus, PartyState
from bot.flows.closing.answers import settle_without_close
from bot.flows.closing.drafting import people_of
from bot.flows.closing.sending import confirmation_text, deliver_close
from bot.flows.deps import Deps
from bot.flows.replies import replace_prompt
from bot.flows.response_urls import tell_privately
from bot.services.closes import CloseToSend
from bot.services.errors import AlreadyHandled
from bot.services.intros import IntroView
from bot.services.yes import start_yes, yes_still_to_offer


def happy_to_connect_text(intro: IntroView, *, offered: bool = True) -> str:
    """What replaces the prompt once the person said they're happy to connect (`offered`: the yes form opened)."""
    if offered:
        return _(":white_check_mark: Great, enjoy the conversation with {others}. If you haven't said yes in the "
                 "thread yet, the form I opened has a short one ready to post.", others=mentions(intro.other_ids))
    return _(":white_check_mark: Great, enjoy the conversation with {others}. A short yes in the thread lets "
             "<@{introducer}> know the intro worked.", others=mentions(intro.other_ids),
             introducer=intro.introducer_id)


def mark_happy_to_connect(d: Deps, *, team_id: str, party_id: int, user_id: str, now: datetime) -> IntroView:
    """Mark the person happy to connect (recorded once). Pressed again while no yes is stored, the intro as it is,
    so the yes form opens again; once a yes is stored (or they answered another way), AlreadyHandled."""
    try:
        intro, _reply = settle_without_close(d, team_id=team_id, party_id=party_id, user_id=user_id,
                                             dismissed=False, now=now)
        return intro
    except AlreadyHandled as handled:
        if handled.state != PartyState.CONNECTED:
            raise
        with d.sessions.begin() as session:
            again = yes_still_to_offer(session, team_id=team_id, party_id=party_id, user_id=user_id)
        if again is None:
            raise
        return again


def yes_form(d: Deps, client: WebClient, intro: IntroView, *, response_url: str | None,
             via_shortcut: bool = False) -> dict[str, Any]:
    # In the intro's language and register (else the person's own), as the other closes' drafts.
    draft = draft_yes(people_of(d, client, intro), voice=intro.voice.for_closer(current_language()))
    meta = YesMeta(party_id=intro.party_id, response_url=response_url, via_shortcut=via_shortcut)
    return yes_modal(meta=meta, draft=draft, introducer_id=intro.introducer_id)


def store_yes(d: Deps, *, team_id: str, user_id: str, meta: YesMeta, text: str,
              now: datetime) -> tuple[CloseToSend, IntroView]:
    """Store the yes (exactly one submit wins); from then on it is posted, now or by a retry."""
    with d.sessions.begin() as session:
        return start_yes(session, team_id=team_id, party_id=meta.party_id, user_id=user_id, text=text, now=now)


def send_yes(d: Deps, client: WebClient, close: CloseToSend, intro: IntroView, meta: YesMeta, *, user_id: str,
             now: datetime) -> None:
    """Post the stored yes in the thread as the person, and tell them how it went."""
    status = deliver_close(d, client, close, now=now, response_url=meta.response_url if meta.via_shortcut else None)
    if status is CloseStatus.POSTED:
        text = _(":white_check_mark: Your yes is posted in the thread, so <@{introducer}> knows the intro worked. "
                 "Enjoy the conversation with {others}!", introducer=intro.introducer_id,
                 others=mentions(intro.other_ids))
    else:
        text = confirmation_text(close, CloseForm(), status=status, via_shortcut=meta.via_shortcut)
    if meta.via_shortcut:
        tell_privately(client, meta.response_url, user_id=user_id, text=text)
        return
    replace_prompt(client, response_url=meta.response_url, prompt_channel_id=intro.prompt_channel_id,
                   prompt_ts=intro.prompt_ts, text=text)
