"""The translated words reach people, end to end (these need the catalogs filled: tests/e2e/test_languages.py shows
the language reaching them by its dates alone)."""

from __future__ import annotations

from bot.domain.i18n import _, speaking
from tests.e2e.conftest import ANA, BEN, Bot
from tests.e2e.steps import INTRO_TS, PROMPT_BUTTONS, buttons


def in_language(lang: str, labels: list[str]) -> list[str]:
    with speaking(lang):
        return [_(label) for label in labels]


def test_a_spanish_intro_prompts_a_spanish_locale_person_in_spanish_and_the_other_in_english(bot: Bot) -> None:
    bot.fake.set_locale(ANA, "es-ES")
    bot.say(f"<@{ANA}> te presento a <@{BEN}>, los dos trabajáis en precios", ts=INTRO_TS)

    prompts = {c.params["user"]: c.params["blocks"] for c in bot.fake.calls_to("chat.postEphemeral")}

    assert buttons(prompts[ANA]) == in_language("es", PROMPT_BUTTONS) != PROMPT_BUTTONS
    assert buttons(prompts[BEN]) == PROMPT_BUTTONS
