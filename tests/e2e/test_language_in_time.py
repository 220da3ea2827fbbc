"""Learning which language to answer in never costs Slack's 3 seconds: a click, a form or a command is acknowledged,
and a button's modal opened with its trigger, in time, whatever users.info does; the answer is then in English.

The language is learned before the listener acknowledges (a command's help, a form's errors are in the ack itself),
so Slack is asked briefly there: once, within a second, no retry and no waiting out a rate limit
(bot/flows/language.py `Lookup.BRIEF`). Timings are read off the clock, around a request and from the fake's
record of when each call arrived; nothing here sleeps.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from bot.blocks.ids import Action
from bot.flows.language import BRIEF_LOOKUP
from bot.flows.slack_client import TRIGGER_LIFE
from tests.e2e.conftest import ANA, TEAM, Bot
from tests.support import slack_requests as req

# Slack's own deadline for an acknowledgement, like a trigger's life: 3 seconds after the click.
ACK_DEADLINE = 3.0
# Well within those 3 seconds: the brief lookup's second, and as much again for everything else.
IN_TIME = 2 * BRIEF_LOOKUP
assert min(ACK_DEADLINE, TRIGGER_LIFE) > IN_TIME

SETTINGS_TITLE = {"en": "Your intro settings", "de": "Intro-Einstellungen"}
HELP_START = "*Intro Etiquette* helps introductions end kindly"


def open_settings(bot: Bot, trigger_id: str) -> tuple[float, float]:
    """Ana presses the settings button on her Home tab; returns when she pressed it and when Slack had its 200."""
    pressed = time.perf_counter()
    response = bot.poster.post_interaction(req.block_action(team_id=TEAM, user=ANA, action_id=Action.EDIT_PREFS,
                                                            trigger_id=trigger_id))
    acknowledged = time.perf_counter()
    bot.settle()
    assert response.status == 200
    return pressed, acknowledged


def title_of(view: dict[str, Any]) -> str:
    return str(view["title"]["text"])


def test_a_button_opens_its_modal_in_time_while_users_info_is_slow_and_the_modal_is_in_english(bot: Bot) -> None:
    bot.fake.set_locale(ANA, "de-DE")
    bot.fake.fail_next("users.info", hang="before")  # no answer at all: slower than any budget

    pressed, acknowledged = open_settings(bot, "trig-slow")

    [opened] = bot.fake.calls_to("views.open")
    assert [c.method for c in bot.fake.calls] == ["users.info", "views.open"]  # asked once: given up, not retried
    assert opened.params["trigger_id"] == "trig-slow" and opened.received - pressed < IN_TIME  # the trigger was fresh
    assert acknowledged - pressed < IN_TIME
    assert title_of(opened.params["view"]) == SETTINGS_TITLE["en"]  # Slack could not say in time


def test_a_persons_first_click_is_answered_in_their_slack_language_and_the_next_asks_slack_nothing(bot: Bot) -> None:
    """The common case: Slack answers at once, so the brief lookup learns the language, and caches it."""
    bot.fake.set_locale(ANA, "de-DE")

    open_settings(bot, "trig-first")
    open_settings(bot, "trig-second")

    assert [c.method for c in bot.fake.calls] == ["users.info", "views.open", "views.open"]
    assert [title_of(c.params["view"]) for c in bot.fake.calls_to("views.open")] == [SETTINGS_TITLE["de"]] * 2


@pytest.mark.parametrize("failure", [
    pytest.param({"status": 429, "retry_after": 4}, id="rate-limited"),  # the patient client would wait 4 seconds
    pytest.param({"status": 500}, id="server-error"),  # ... and try again
    pytest.param({"drop_connection": True}, id="dropped-connection"),
])
def test_with_users_info_failing_a_command_still_answers_in_time_in_english(bot: Bot, failure: dict[str, Any]) -> None:
    bot.fake.set_locale(ANA, "de-DE")
    bot.fake.fail_next("users.info", **failure)

    typed = time.perf_counter()
    response = bot.command("help", user=ANA)  # its answer is the acknowledgement itself (plain text)
    answered = time.perf_counter()

    assert response.status == 200 and response.body.startswith(HELP_START)
    assert answered - typed < IN_TIME
    assert len(bot.fake.calls_to("users.info", include_failed=True)) == 1  # tried once, not retried
