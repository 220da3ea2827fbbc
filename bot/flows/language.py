"""Flows: which language the bot speaks to a person: their choice in `/intro prefs`, else the language they use
Slack in (users.info's locale, cached with the rest of who they are), else English.

Inside a delivery attempt (a prompt, a nudge, a decline handed to the introducer), a language Slack or the database
cannot tell fails the attempt like any other lookup, and the retry writes in the right language. Where a message is
built once, outside such an attempt, or to answer someone, `language_or_english` writes in English rather than fail
a step that needs nothing else from Slack.

Answering someone who acted has a clock: Slack wants its acknowledgement, and a trigger its views.open, within 3
seconds. So how far the lookup may go is the caller's `Lookup`: before those, Slack is asked once and briefly, or
not at all.
"""

from __future__ import annotations

import logging
from enum import Enum

from slack_sdk import WebClient

from bot.domain.i18n import ENGLISH, language_of
from bot.flows.deps import Deps
from bot.flows.slack_client import LogFailedAttempts
from bot.flows.slack_errors import describe
from bot.services.prefs import language_choice

log = logging.getLogger(__name__)

# Seconds a brief users.info may take (a connection and each read of it): well inside the 3 seconds Slack gives an
# acknowledgement and a trigger, with room left for the stored choice's read and the reply itself.
BRIEF_LOOKUP = 1.0


class Lookup(Enum):
    """How far to go for the Slack language of someone who has not chosen one, when the bot does not know it yet."""

    PATIENT = "patient"  # the client as given (its retries, rate limits waited out): nothing waits on the answer
    BRIEF = "brief"  # users.info tried once within BRIEF_LOOKUP, no retry, no waiting: before an acknowledgement
    KNOWN_ONLY = "known_only"  # Slack is not asked: before a trigger's views.open, which must be the first call


def language_for(d: Deps, client: WebClient, team_id: str, user_id: str, *, look_up: bool = True) -> str:
    """One of bot.domain.languages.LANGS: what to speak when writing to `user_id`. Without `look_up`, Slack is not
    asked: their Slack language only if it is known already (for a step whose first call to Slack must be another)."""
    with d.sessions.begin() as session:
        chosen = language_choice(session, team_id=team_id, user_id=user_id)
    if chosen is not None:
        return chosen
    person = d.people.get(client, team_id, user_id) if look_up else d.people.cached(team_id, user_id)
    return language_of(person.locale if person else None)  # an unsupported locale reads as English


def language_or_english(d: Deps, client: WebClient, team_id: str, user_id: str, *,
                        lookup: Lookup = Lookup.PATIENT) -> str:
    """As `language_for`, but English when Slack or the database cannot say (logged by the error's kind), and
    asking Slack only as far as `lookup` allows. What a brief lookup learns is cached like any other, so the
    person's next click needs no call at all."""
    try:
        asked = brief_client(client) if lookup is Lookup.BRIEF else client
        return language_for(d, asked, team_id, user_id, look_up=lookup is not Lookup.KNOWN_ONLY)
    except Exception as error:  # noqa: BLE001 - a message in English beats none
        log.warning("could not tell which language to write in (%s); English", describe(error))
        return ENGLISH


def brief_client(client: WebClient) -> WebClient:
    """`client` for one quick try: BRIEF_LOOKUP's timeout, and no retry handler but the one that logs (so a 429
    or a 5xx is an answer at once, not a wait)."""
    # slack_sdk types `timeout` as int; urllib takes float seconds.
    return WebClient(token=client.token, base_url=client.base_url, headers=client.headers, logger=client.logger,
                     proxy=client.proxy, ssl=client.ssl, timeout=BRIEF_LOOKUP,  # type: ignore[arg-type]
                     retry_handlers=[LogFailedAttempts()])
