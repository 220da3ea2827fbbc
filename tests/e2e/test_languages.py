"""The language the bot speaks reaches what a person sees, end to end: their Slack locale (users.info with
include_locale), or the language they chose in `/intro prefs`, else English.

Dates show it without any translated catalog (Babel's CLDR data names the weekdays), so these tests hold whatever the
translators have done; tests/i18n/ checks the translated words themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from bot.blocks.ids import PREFS_MODAL, Action, Field
from bot.db.models import Intro, UserPrefs
from bot.domain.draft_voice import identify_language
from tests.e2e.conftest import ANA, BEN, CHANNEL, Bot
from tests.e2e.modal import state_of
from tests.e2e.steps import (
    INTRO_TS,
    all_text,
    dm,
    open_home,
    open_modal,
    prefs_values,
    redirect_to_diego,
    submit,
)

MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10:00 in New York
REDIRECT_DUE = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # Ana's redirect is due a week on: Monday, 30 November

# The day the redirect is due, as each language writes it: its weekday, and the day of the month
# (Japanese: "11月30日(月)", or "月曜日" before the catalogs are compiled).
MONDAY_IN = {"en": "Monday, 30", "de": "Montag, 30", "ja": "月", "es": "lunes, 30"}


@pytest.fixture
def clock() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(MONDAY) as frozen:
        yield cast(FrozenDateTimeFactory, frozen)  # freezegun types every factory alike; without tick it is this one


def weekdays_in(text: str) -> set[str]:
    return {lang for lang, word in MONDAY_IN.items() if word in text}


def choose_language(bot: Bot, value: str, *, user: str = ANA) -> dict[str, Any]:
    """Save the settings form with `value` in its language menu; returns the Home tab it publishes again."""
    values = {**prefs_values("open"),
              "prefs_language": {"prefs_language": {"type": "static_select", "selected_option": {"value": value}}}}
    bot.fake.reset_calls()
    assert bot.submit(user=user, callback_id=PREFS_MODAL, values=values).status == 200
    [published] = bot.fake.calls_to("views.publish")
    return dict(published.params["view"])


@pytest.mark.usefixtures("clock")
@pytest.mark.parametrize(("locale", "lang"), [("de-DE", "de"), ("ja-JP", "ja"), ("es-419", "es"), ("ko-KR", "en"),
                                              ("en-GB", "en")])
def test_home_speaks_the_persons_slack_language_and_english_for_any_other(bot: Bot, locale: str, lang: str) -> None:
    bot.fake.set_locale(ANA, locale)
    redirect_to_diego(bot)

    home = all_text(open_home(bot, ANA)["blocks"])

    assert "Your promises" in home or lang != "en"
    assert weekdays_in(home) == {lang}  # "(due Montag, 30. November…" for a German-locale person


def test_a_german_locale_person_is_nudged_with_german_dates(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    bot.fake.set_locale(ANA, "de-DE")
    redirect_to_diego(bot)

    nudges = [c for c in bot.tick(clock, REDIRECT_DUE) if c.params["channel"] == dm(ANA)]

    assert nudges and all(weekdays_in(all_text(c.params["blocks"])) == {"de"} for c in nudges)


@pytest.mark.usefixtures("clock")
def test_the_language_chosen_in_intro_prefs_wins_over_slacks_until_set_back_to_automatic(bot: Bot) -> None:
    bot.fake.set_locale(ANA, "ja-JP")
    redirect_to_diego(bot)
    assert weekdays_in(all_text(open_home(bot, ANA)["blocks"])) == {"ja"}

    after_saving = choose_language(bot, "de")  # the Home tab the form's answer publishes is German already

    assert weekdays_in(all_text(after_saving["blocks"])) == {"de"}
    assert weekdays_in(all_text(open_home(bot, ANA)["blocks"])) == {"de"}
    bot.fake.reset_calls()
    bot.command("prefs", user=ANA, trigger_id="trig-prefs")
    [opened] = bot.fake.calls_to("views.open")
    [menu] = [b for b in opened.params["view"]["blocks"] if b.get("block_id") == "prefs_language"]
    assert menu["element"]["initial_option"]["value"] == "de"
    assert [o["text"]["text"] for o in menu["element"]["options"]][1:] == [
        "English", "Español", "Français", "Deutsch", "Português", "Italiano", "Nederlands", "日本語"]

    choose_language(bot, "auto")

    assert weekdays_in(all_text(open_home(bot, ANA)["blocks"])) == {"ja"}


@pytest.mark.usefixtures("clock")
def test_a_command_answers_in_the_language_of_whoever_typed_it(bot: Bot) -> None:
    """`/intro list` is answered by a listener on Bolt's thread pool: the language is set in that thread."""
    bot.fake.set_locale(ANA, "de-DE")
    redirect_to_diego(bot)
    bot.fake.reset_calls()

    bot.command("list", user=ANA, response_url=bot.fake.response_url("list"))

    [reply] = bot.fake.calls_to("response_url:list")
    assert weekdays_in(all_text(reply.params["blocks"])) == {"de"}


def test_when_slack_cannot_say_which_language_the_step_goes_on_in_english(bot: Bot) -> None:
    """A setting needs nothing from Slack: a language lookup that fails must not make it fail."""
    bot.fake.set_locale(ANA, "de-DE")
    bot.fake.fail_next("users.info", error="fatal_error")  # Ana's language, looked up first

    bot.command("prompts off", user=ANA, response_url=bot.fake.response_url("command"))

    [reply] = bot.fake.calls_to("response_url:command")
    assert reply.params["text"].startswith("Intro prompts are off")
    assert bot.rows(UserPrefs)[0].prompts_enabled is False
    assert bot.fake.pending_failures("users.info") == 0


def party_of(bot: Bot, user: str) -> int:
    [prompt] = [c for c in bot.fake.calls_to("chat.postEphemeral") if c.params["user"] == user]
    return int(prompt.params["blocks"][1]["elements"][0]["value"])


def draft_of(view: dict[str, Any]) -> str:
    [field] = [b for b in view["blocks"] if b.get("block_id", "").startswith(f"{Field.DRAFT}_v")]
    return str(field["element"]["initial_value"])


def language_menu(view: dict[str, Any]) -> str:
    [menu] = [b for b in view["blocks"] if b.get("block_id") == Field.LANGUAGE]
    return str(menu["element"]["initial_option"]["value"])


def test_a_spanish_intro_gets_a_spanish_draft_in_its_own_register_posted_in_the_thread(bot: Bot) -> None:
    bot.fake.set_locale(ANA, "es-ES")
    bot.say(f"<@{ANA}> te presento a <@{BEN}>: los dos trabajáis en precios y creo que os vendría bien hablar",
            ts=INTRO_TS)
    assert [(i.lang, i.register) for i in bot.rows(Intro)] == [("es", "informal")]  # kept instead of the words

    view = open_modal(bot, party_of(bot, ANA), Action.DIRECT)
    assert language_menu(view) == "es"
    draft = draft_of(view)
    assert identify_language(draft) == "es" and "Hola" in draft and "usted" not in draft

    assert submit(bot, view).status == 200
    [close] = bot.fake.calls_to("chat.postMessage")
    assert (close.params["channel"], close.params["thread_ts"]) == (CHANNEL, INTRO_TS)
    assert identify_language(close.params["text"]) == "es"


def test_an_english_intro_gets_an_english_draft_whatever_the_persons_language_and_the_menu_switches_it(
        bot: Bot) -> None:
    bot.fake.set_locale(ANA, "de-DE")
    bot.say(f"<@{ANA}> meet <@{BEN}>, you both work on pricing and should compare notes", ts=INTRO_TS)

    view = open_modal(bot, party_of(bot, ANA), Action.DIRECT)
    assert language_menu(view) == "en" and draft_of(view).startswith("Hi Ben")

    bot.fake.reset_calls()
    state = state_of(view, **{Field.LANGUAGE: "de"})
    bot.click(user=ANA, action_id=Field.LANGUAGE, action_type="static_select", selected_option_value="de",
              view={**view, "id": "V1", "hash": "h1", "state": {"values": state}})
    [updated] = bot.fake.calls_to("views.update")
    assert identify_language(draft_of(updated.params["view"])) == "de"


def test_a_short_intro_in_no_clear_language_gets_a_draft_in_the_persons_own(bot: Bot) -> None:
    bot.fake.set_locale(ANA, "fr-FR")
    bot.say(f"<@{ANA}> <> <@{BEN}>", ts=INTRO_TS)

    view = open_modal(bot, party_of(bot, ANA), Action.DIRECT)

    assert language_menu(view) == "fr" and identify_language(draft_of(view)) == "fr"
