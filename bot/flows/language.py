"""Flows: which language the bot speaks to a person: their choice in `/intro prefs`, else the language they use
Slack in (users.info's locale, cached with the rest of who they are), else English.

Looked up like any other fact about a person: when Slack or the database cannot say, the step that needed it fails
as it would for a name or a time zone (and is answered kindly, or retried), rather than guessing a language.
"""

from __future__ import annotations

from slack_sdk import WebClient

from bot.domain.i18n import language_of
from bot.flows.deps import Deps
from bot.services.prefs import language_choice


def language_for(d: Deps, client: WebClient, team_id: str, user_id: str, *, look_up: bool = True) -> str:
    """One of bot.domain.languages.LANGS: what to speak when writing to `user_id`. Without `look_up`, Slack is not
    asked: their Slack language only if it is known already (for a step whose first call to Slack must be another)."""
    with d.sessions.begin() as session:
        chosen = language_choice(session, team_id=team_id, user_id=user_id)
    if chosen is not None:
        return chosen
    person = d.people.get(client, team_id, user_id) if look_up else d.people.cached(team_id, user_id)
    return language_of(person.locale if person else None)  # an unsupported locale reads as English
