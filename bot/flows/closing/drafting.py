"""Flows: gathering names from Slack to write a draft, and opening or refreshing the close modal.

A draft is the person's own words, so all of it is in the draft's voice (language and register): a phrase the
bot adds to it, such as their intro policy, is rendered in that language too, never in the person's UI language."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from bot.blocks.close_form import CloseForm, DraftKind, ModalMeta, follow_agreed, with_new_draft, write_draft
from bot.blocks.close_modal import build_close_modal
from bot.domain.closes import (
    CloseWay,
    People,
    draft_check_first_line,
    draft_decline_by_policy,
    draft_instead_of_redirect,
)
from bot.domain.drafts import DraftVoice
from bot.domain.i18n import current_language, speaking
from bot.domain.timing import beyond_the_practice, default_connect_by, default_get_back_by, local_today
from bot.flows.deps import Deps
from bot.services.intros import IntroView
from bot.services.nudges import PromiseView
from bot.services.prefs import policy_of

DEFAULT_DATES = {CloseWay.REDIRECT: default_connect_by, CloseWay.NEED_TIME: default_get_back_by}


def people_of(d: Deps, client: WebClient, intro: IntroView) -> People:
    get = lambda uid: d.people.get(client, intro.team_id, uid)  # noqa: E731
    return People(
        me=get(intro.user_id).first_name,
        introducer=get(intro.introducer_id).first_name,
        others=tuple(get(uid).first_name for uid in intro.other_ids),
    )


def better_name(d: Deps, client: WebClient, intro: IntroView, form: CloseForm) -> str | None:
    if form.who:
        return d.people.get(client, intro.team_id, form.who).first_name
    return form.who_name


def first_modal(d: Deps, client: WebClient, intro: IntroView, way: CloseWay, *, response_url: str | None,
                now: datetime, instead_of: PromiseView | None = None, by_policy: bool = False,
                via_shortcut: bool = False) -> dict[str, Any]:
    """The close modal as it opens; `instead_of`: a redirect promise that is being closed directly instead;
    `by_policy`: a decline that cites the person's intro policy, when they have one that declines."""
    me = d.people.get(client, intro.team_id, intro.user_id)
    # The intro's language and register; the person's own language (spoken here) when the intro's is unsure.
    voice = intro.voice.for_closer(current_language())
    # A redirect asks the better-placed person first, unless the person says they already agreed.
    form = CloseForm(by=DEFAULT_DATES[way](now, me.tz) if way in DEFAULT_DATES else None,
                     ask_now=way is CloseWay.REDIRECT)
    if way is CloseWay.DECLINE:
        form = replace(form, check_first=draft_check_first_line(people_of(d, client, intro), voice=voice))
    kind = DraftKind.INSTEAD_OF if instead_of is not None else DraftKind.POLICY if by_policy else None
    meta = ModalMeta(party_id=intro.party_id, way=way, response_url=response_url,
                     instead_of_promise=instead_of.promise_id if instead_of else None, via_shortcut=via_shortcut,
                     lang=voice.lang, register=voice.register.value, kind=kind)
    meta, form = with_new_draft(meta, form, draft_for(d, client, intro, meta, form, voice=voice, tz=me.tz, now=now))
    return build_close_modal(meta=meta, form=form, introducer_id=intro.introducer_id,
                             today=local_today(now, me.tz))


def draft_for(d: Deps, client: WebClient, intro: IntroView, meta: ModalMeta, form: CloseForm, *,
              voice: DraftVoice, tz: str | None, now: datetime, better: str | None = None) -> str:
    """The draft for the modal's kind and the form's choices, all of it in `voice`."""
    people = people_of(d, client, intro)
    if meta.kind is DraftKind.INSTEAD_OF:
        # The redirect named no one unless they had agreed, and someone who did not take the intro up is not
        # named in public now either: "the person I had in mind", in the draft's own words.
        return draft_instead_of_redirect(people, voice=voice)
    if meta.kind is DraftKind.POLICY:
        policy = policy_phrase(d, intro, voice=voice, tz=tz, now=now)
        if policy is not None:  # (a policy since opened to intros leaves the decline's usual draft)
            return draft_decline_by_policy(people, policy=policy, voice=voice)
    return write_draft(meta.way, people, form, voice=voice, better_name=better)


def policy_phrase(d: Deps, intro: IntroView, *, voice: DraftVoice, tz: str | None, now: datetime) -> str | None:
    """The person's intro policy as a reason to decline ("not taking intros until <day>"), in the draft's
    language and dated by the person's own calendar; None when their policy declines nothing."""
    with d.sessions.begin() as session:
        policy = policy_of(session, team_id=intro.team_id, user_id=intro.user_id)
    with speaking(voice.lang):
        return policy.declines(local_today(now, tz))


def refreshed_modal(d: Deps, client: WebClient, intro: IntroView, meta: ModalMeta, form: CloseForm, *,
                    now: datetime) -> dict[str, Any] | None:
    """The modal with a draft rewritten for the new choices, or None when nothing in it changes (the person
    edited the draft, and no date beyond a week needs its word on the practice)."""
    meta, form = follow_agreed(meta, form)
    name = better_name(d, client, intro, form)
    tz = d.people.get(client, intro.team_id, intro.user_id).tz
    draft = draft_for(d, client, intro, meta, form, voice=form.voice(meta), tz=tz, now=now, better=name)
    new_meta, new_form = with_new_draft(meta, form, draft)
    today = local_today(now, tz)
    # A redirect's checkboxes name whoever is picked, so its modal is always shown again.
    if new_meta == meta and not beyond_the_practice(form.by, today) and meta.way is not CloseWay.REDIRECT:
        return None
    return build_close_modal(meta=new_meta, form=new_form, introducer_id=intro.introducer_id, today=today,
                             better_name=name)
