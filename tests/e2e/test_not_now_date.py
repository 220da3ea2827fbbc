"""A "Not now" to a double opt-in request carries a date (issue 11): the introducer hears when to ask again, and the
other person is told honestly that it isn't going ahead, with no vaguely open door. Signed requests, fake Slack."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from freezegun import freeze_time

from bot.blocks.ids import OPTIN_NOT_NOW_MODAL, Action
from bot.db.models import OptInAnswer, OptInRequest
from bot.domain.optin import Answer, RequestState
from tests.e2e.conftest import ANA, BEN, CARLA, Bot
from tests.e2e.modal import initial
from tests.e2e.steps import ask_carla_intro, dm, dms_to, request_id, say_not_now

MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10:00 in New York


@pytest.fixture(autouse=True)
def monday() -> Iterator[None]:
    with freeze_time(MONDAY):
        yield


def bens_answer(bot: Bot) -> OptInAnswer:
    [answer] = [a for a in bot.rows(OptInAnswer) if a.user_id == BEN]
    return answer


def test_not_now_offers_a_date_about_four_weeks_on(bot: Bot) -> None:
    ask_carla_intro(bot)
    bot.fake.reset_calls()
    bot.click(user=BEN, action_id=Action.OPTIN_NOT_NOW, value=str(request_id(bot)), channel=dm(BEN))

    [opened] = bot.fake.calls_to("views.open")
    form = opened.params["view"]
    assert form["callback_id"] == OPTIN_NOT_NOW_MODAL
    assert initial(form, "optin_ask_again_after") == "2026-12-21"  # twenty working days on: a Monday
    assert f"<@{CARLA}> know privately" in str(form["blocks"])
    assert bens_answer(bot).answer is Answer.PENDING  # nothing is answered until the form is sent


def test_the_introducer_sees_the_date_and_the_other_person_hears_no_vague_not_now(bot: Bot) -> None:
    ask_carla_intro(bot)

    sent = say_not_now(bot, BEN, after="2027-01-08")

    assert sent.status == 200 and not sent.body
    [to_carla] = dms_to(bot, CARLA)
    assert (f"<@{BEN}> said not now to the intro with <@{ANA}>; ask again after Friday, 8 January."
            in to_carla.params["text"])
    [to_ana] = dms_to(bot, ANA)
    assert f"<@{BEN}> can't take this on at the moment, so the intro" in to_ana.params["text"]
    assert "isn't going ahead" in to_ana.params["text"]
    assert "not now" not in to_ana.params["text"].lower() and "8 January" not in to_ana.params["text"]
    [own] = [c for c in bot.fake.calls_to("chat.update") if c.params["channel"] == dm(BEN)]
    assert "ask again after Friday, 8 January" in own.params["text"]
    assert (bens_answer(bot).answer, bens_answer(bot).ask_again_after) == (Answer.NOT_NOW, date(2027, 1, 8))
    assert bot.rows(OptInRequest)[0].state is RequestState.DECLINED


def test_a_date_in_the_past_is_refused_in_the_form(bot: Bot) -> None:
    ask_carla_intro(bot)

    refused = say_not_now(bot, BEN, after="2026-11-20").json()

    assert refused["response_action"] == "errors" and "future" in refused["errors"]["optin_ask_again_after"]
    assert bens_answer(bot).answer is Answer.PENDING and dms_to(bot, CARLA) == []


def test_only_the_people_asked_can_say_not_now(bot: Bot) -> None:
    ask_carla_intro(bot)
    bot.fake.reset_calls()
    bot.click(user=CARLA, action_id=Action.OPTIN_NOT_NOW, value=str(request_id(bot)),
              response_url=bot.fake.response_url("carla"))

    assert bot.fake.calls_to("views.open") == []
    [refused] = bot.fake.calls_to("response_url:carla")
    assert "meant for someone else" in refused.params["text"]
