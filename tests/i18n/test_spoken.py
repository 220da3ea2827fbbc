"""The translated words reach people, end to end (these need the catalogs filled: tests/e2e/test_languages.py shows
the language reaching them by its dates alone)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from bot.domain.draft_voice import identify_language
from bot.domain.i18n import _, speaking
from tests.e2e.conftest import ANA, BEN, Bot
from tests.e2e.steps import INTRO_TS, PROMPT_BUTTONS, all_text, buttons, dm, introduce, open_home, redirect_to_diego

MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10:00 in New York
REDIRECT_DUE = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # Ana's redirect is due a week on


def in_language(lang: str, labels: list[str]) -> list[str]:
    with speaking(lang):
        return [_(label) for label in labels]


def test_a_spanish_intro_prompts_a_spanish_locale_person_in_spanish_and_the_other_in_english(bot: Bot) -> None:
    bot.fake.set_locale(ANA, "es-ES")
    bot.say(f"<@{ANA}> te presento a <@{BEN}>, los dos trabajáis en precios", ts=INTRO_TS)

    prompts = {c.params["user"]: c.params["blocks"] for c in bot.fake.calls_to("chat.postEphemeral")}

    assert buttons(prompts[ANA]) == in_language("es", PROMPT_BUTTONS) != PROMPT_BUTTONS
    assert buttons(prompts[BEN]) == PROMPT_BUTTONS


def test_a_japanese_locale_person_sees_japanese_on_home_and_an_unsupported_locale_english(bot: Bot) -> None:
    bot.fake.set_locale(ANA, "ja-JP")
    bot.fake.set_locale(BEN, "ko-KR")
    introduce(bot)

    ana_home, ben_home = all_text(open_home(bot, ANA)["blocks"]), all_text(open_home(bot, BEN)["blocks"])

    assert identify_language(ana_home) == "ja"
    assert identify_language(ben_home) == "en"


def test_a_german_locale_person_is_nudged_in_german_words(bot: Bot) -> None:
    bot.fake.set_locale(ANA, "de-DE")
    with freeze_time(MONDAY) as clock:
        redirect_to_diego(bot)
        sent = bot.tick(cast(FrozenDateTimeFactory, clock), REDIRECT_DUE)
        nudges = [c for c in sent if c.params["channel"] == dm(ANA)]

    assert nudges
    assert all(identify_language(c.params["text"] + "\n" + all_text(c.params["blocks"])) == "de" for c in nudges)
