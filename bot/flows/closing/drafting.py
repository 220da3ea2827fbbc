"""Flows: gathering names from Slack to write a draft, and opening or refreshing the close modal."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from bot.blocks.close_form import CloseForm, ModalMeta, follow_agreed, with_new_draft, write_draft
from bot.blocks.close_modal import build_close_modal
from bot.domain.closes import (
    CloseWay,
    People,
    draft_check_first_line,
    draft_decline_by_policy,
    draft_instead_of_redirect,
)
from bot.domain.i18n import _, current_language
from bot.domain.timing import beyond_the_practice, default_connect_by, default_get_back_by, local_today
from bot.flows.deps import Deps
from bot.services.intros import IntroView
from bot.services.nudges import PromiseView

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
                now: datetime, instead_of: PromiseView | None = None, policy: str | None = None,
                via_shortcut: bool = False) -> dict[str, Any]:
    """The close modal as it opens; `instead_of`: a redirect promise that is being closed directly instead;
    `policy`: a decline that cites the person's intro policy."""
    people = people_of(d, client, intro)
    me = d.people.get(client, intro.team_id, intro.user_id)
    # The intro's language and register; the person's own language (spoken here) when the intro's is unsure.
    voice = intro.voice.for_closer(current_language())
    # A redirect asks the better-placed person first, unless the person says they already agreed.
    form = CloseForm(by=DEFAULT_DATES[way](now, me.tz) if way in DEFAULT_DATES else None,
                     ask_now=way is CloseWay.REDIRECT)
    if way is CloseWay.DECLINE:
        form = replace(form, check_first=draft_check_first_line(people, voice=voice))
    draft = write_draft(way, people, form, voice=voice)
    if instead_of is not None:
        draft = draft_instead_of_redirect(people, better_person=promised_name(d, client, intro, instead_of),
                                          voice=voice)
    elif policy is not None:
        draft = draft_decline_by_policy(people, policy=policy, voice=voice)
    meta = ModalMeta(party_id=intro.party_id, way=way, response_url=response_url,
                     instead_of_promise=instead_of.promise_id if instead_of else None, via_shortcut=via_shortcut,
                     lang=voice.lang, register=voice.register.value)
    meta, form = with_new_draft(meta, form, draft)
    return build_close_modal(meta=meta, form=form, introducer_id=intro.introducer_id,
                             today=local_today(now, me.tz))


def promised_name(d: Deps, client: WebClient, intro: IntroView, promise: PromiseView) -> str:
    """Who the redirect promised, as the public close-instead may say it: the redirect named no one unless they
    had agreed, and someone who did not take the intro up is not named in public now either."""
    return _("the person I had in mind")


def refreshed_modal(d: Deps, client: WebClient, intro: IntroView, meta: ModalMeta, form: CloseForm, *,
                    now: datetime) -> dict[str, Any] | None:
    """The modal with a draft rewritten for the new choices, or None when nothing in it changes (the person
    edited the draft, and no date beyond a week needs its word on the practice)."""
    meta, form = follow_agreed(meta, form)
    name = better_name(d, client, intro, form)
    draft = write_draft(meta.way, people_of(d, client, intro), form, voice=form.voice(meta), better_name=name)
    new_meta, new_form = with_new_draft(meta, form, draft)
    today = local_today(now, d.people.get(client, intro.team_id, intro.user_id).tz)
    # A redirect's checkboxes name whoever is picked, so its modal is always shown again.
    if new_meta == meta and not beyond_the_practice(form.by, today) and meta.way is not CloseWay.REDIRECT:
        return None
    return build_close_modal(meta=new_meta, form=new_form, introducer_id=intro.introducer_id, today=today,
                             better_name=name)
