"""Flows: which language the bot speaks to a person: their choice in `/intro prefs`, else the language they use
Slack in (users.info's locale, cached with the rest of who they are), else English.

Inside a delivery attempt (a prompt, a nudge, a decline handed to the introducer), a language Slack or the database
cannot tell fails the attempt like any other lookup, and the retry writes in the right language. Where a message is
built once, outside such an attempt, or to answer someone, `language_or_english` writes in English rather than fail
a step that needs nothing else from Slack.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.domain.i18n import ENGLISH, language_of
from bot.flows.deps import Deps
from bot.flows.slack_errors import describe
from bot.services.prefs import language_choice

log = logging.getLogger(__name__)


def language_for(d: Deps, client: WebClient, team_id: str, user_id: str, *, look_up: bool = True) -> str:
    """One of bot.domain.languages.LANGS: what to speak when writing to `user_id`. Without `look_up`, Slack is not
    asked: their Slack language only if it is known already (for a step whose first call to Slack must be another)."""
    with d.sessions.begin() as session:
        chosen = language_choice(session, team_id=team_id, user_id=user_id)
    if chosen is not None:
        return chosen
    person = d.people.get(client, team_id, user_id) if look_up else d.people.cached(team_id, user_id)
    return language_of(person.locale if person else None)  # an unsupported locale reads as English


def language_or_english(d: Deps, client: WebClient, team_id: str, user_id: str, *, look_up: bool = True) -> str:
    """As `language_for`, but English when Slack or the database cannot say (logged by the error's kind)."""
    try:
        return language_for(d, client, team_id, user_id, look_up=look_up)
    except Exception as error:  # noqa: BLE001 - a message in English beats none
        log.warning("could not tell which language to write in (%s); English", describe(error))
        return ENGLISH
