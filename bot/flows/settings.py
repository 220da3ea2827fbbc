"""Flows: a person's own settings (intro prompts, weekly digest, intro policy, language), changed and shown on
Home."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from slack_sdk import WebClient

from bot.blocks.prefs import prefs_modal
from bot.domain.i18n import N_, _, speaking
from bot.domain.timing import local_today
from bot.flows.deps import Deps
from bot.flows.home import refresh_home
from bot.flows.language import language_or_english
from bot.services.prefs import Prefs, Setting, prefs_of, save_prefs, set_pref

REPLIES = {
    (Setting.PROMPTS, False): N_("Intro prompts are off: I won't prompt you about new intros. Intros you were "
                                 "already asked about stay as they are. Turn prompts back on from my Home tab or "
                                 "with `/intro prompts on`."),
    (Setting.PROMPTS, True): N_("Intro prompts are on: I'll privately offer you a kind way to close each new intro."),
    (Setting.DIGEST, False): N_("The weekly digest is off. Turn it back on from my Home tab or with "
                                "`/intro digest on`."),
    (Setting.DIGEST, True): N_("The weekly digest is on: on Monday mornings I'll DM you your open intros and "
                               "promises, when there are any."),
}


def change_setting(d: Deps, client: WebClient, *, team_id: str, user_id: str, setting: Setting, enabled: bool,
                   now: datetime) -> str:
    """Turn one setting on or off, show it on Home, and say what it means."""
    with d.sessions.begin() as session:
        set_pref(session, team_id=team_id, user_id=user_id, setting=setting, enabled=enabled, now=now)
    refresh_home(d, client, team_id=team_id, user_id=user_id, now=now)
    return _(REPLIES[setting, enabled])


def prefs_form(d: Deps, *, team_id: str, user_id: str) -> dict[str, Any]:
    """The settings form, filled in with what is stored."""
    with d.sessions.begin() as session:
        prefs = prefs_of(session, team_id=team_id, user_id=user_id)
    return prefs_modal(prefs)


def today_for(d: Deps, client: WebClient, *, team_id: str, user_id: str, now: datetime) -> date:
    """The person's own today, which the settings form's dates are checked against."""
    return local_today(now, d.people.get(client, team_id, user_id).tz)


def save_settings(d: Deps, client: WebClient, *, team_id: str, user_id: str, prefs: Prefs, now: datetime) -> None:
    with d.sessions.begin() as session:
        save_prefs(session, team_id=team_id, user_id=user_id, prefs=prefs, now=now)
    with speaking(language_or_english(d, client, team_id, user_id)):  # the language just chosen shows at once
        refresh_home(d, client, team_id=team_id, user_id=user_id, now=now)
