"""Home, `/intro list` and the weekly digest list the five oldest open intro requests of each kind; the rest are
counted and said ("And 2 more..."), never dropped silently, for the introducer and for the requester alike."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from bot.services.ask_view import OPEN_ASKS
from tests.e2e.conftest import ANA, BEN, CARLA, Bot
from tests.e2e.steps import ASK_WHY, all_text, buttons, dm, open_home

MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
NEXT_MONDAY_9AM = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # digest time in New York
PEOPLE = [f"U0ASKER{n:02d}" for n in range(OPEN_ASKS + 2)]  # seven colleagues who ask the same introducer


@pytest.fixture
def clock() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(MONDAY) as frozen:
        yield cast(FrozenDateTimeFactory, frozen)


def asks(bot: Bot, *, user: str, introducer: str, target: str = BEN) -> None:
    bot.fake.reset_calls()
    bot.command(f"ask <@{introducer}> <@{target}> {ASK_WHY}", user=user,
                response_url=bot.fake.response_url("command"))
    [reply] = bot.fake.calls_to("response_url:command")
    assert reply.params["text"].startswith(f":white_check_mark: I've asked <@{introducer}>"), reply.params["text"]


@pytest.fixture
def seven_ask_carla(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    for n, person in enumerate(PEOPLE):
        bot.fake.add_user(person, name=f"asker{n}", real_name=f"Asker {n}", display_name=f"Asker{n}")
        asks(bot, user=person, introducer=CARLA)


def listed(bot: Bot, user: str) -> list[dict[str, Any]]:
    bot.fake.reset_calls()
    bot.command("list", user=user, response_url=bot.fake.response_url("list"))
    [reply] = bot.fake.calls_to("response_url:list")
    return list(reply.params["blocks"])


@pytest.mark.usefixtures("seven_ask_carla")
def test_home_and_intro_list_say_how_many_more_ask_the_introducer(bot: Bot) -> None:
    for blocks in (open_home(bot, CARLA)["blocks"], listed(bot, CARLA)):
        text = all_text(blocks)
        assert sum(f"<@{person}> would like you to introduce them" in text for person in PEOPLE) == OPEN_ASKS
        assert buttons(blocks).count("Ask them") == OPEN_ASKS
        assert "And 2 more intro requests waiting for your answer; they'll show as you answer these." in text


@pytest.mark.usefixtures("seven_ask_carla")
def test_the_digest_says_how_many_more_and_counts_them(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    sent = bot.tick(clock, NEXT_MONDAY_9AM)
    [digest] = [c for c in sent if c.params["channel"] == dm(CARLA) and c.params["text"].startswith("Your week")]
    assert "And 2 more intro requests waiting for your answer" in all_text(digest.params["blocks"])
    assert digest.params["text"].startswith(f"Your week in intros: {len(PEOPLE)} open items.")


def test_the_requester_hears_how_many_more_of_theirs_wait(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    for n, person in enumerate(PEOPLE[:OPEN_ASKS + 1]):  # Ana asks six introducers
        bot.fake.add_user(person, name=f"intro{n}", real_name=f"Introducer {n}", display_name=f"Intro{n}")
        asks(bot, user=ANA, introducer=person)

    text = all_text(open_home(bot, ANA)["blocks"])
    assert text.count("You asked <@") == OPEN_ASKS
    assert "And 1 more intro you asked for, still waiting for an answer." in text


def test_no_more_line_while_everything_is_listed(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    for n, person in enumerate(PEOPLE[:OPEN_ASKS]):
        bot.fake.add_user(person, name=f"asker{n}", real_name=f"Asker {n}", display_name=f"Asker{n}")
        asks(bot, user=person, introducer=CARLA)
    assert " more " not in all_text(open_home(bot, CARLA)["blocks"])
