"""A redirect's promise kept or released: when it ends another way while its double opt-in is still out, nobody
is connected afterwards, and the questions say so. End to end through the signed HTTP endpoint.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from bot.blocks.ids import CLOSE_MODAL, Action
from bot.db.models import OptInRequest, Promise
from bot.domain.optin import RequestState
from bot.domain.states import PromiseState
from tests.e2e.conftest import ANA, BEN, DIEGO, GONE, ROBOT, STRANGER, Bot
from tests.e2e.modal import state_of
from tests.e2e.steps import dm, introduce, open_modal, submit

MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10:00 in New York, where everyone lives
REDIRECT_DUE = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # the redirect's default date, a week on


@pytest.fixture
def clock() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(MONDAY) as frozen:
        yield cast(FrozenDateTimeFactory, frozen)


def ana_redirects_asking_diego(bot: Bot) -> int:
    """Ana redirects Carla's intro to Diego and asks him and Ben now (the form's default); returns the promise."""
    submit(bot, open_modal(bot, introduce(bot), Action.REDIRECT), who=DIEGO)
    [request] = bot.rows(OptInRequest)
    assert request.state is RequestState.ASKING
    [promise] = bot.rows(Promise)
    return int(promise.id)


def both_say_yes(bot: Bot) -> None:
    [request] = bot.rows(OptInRequest)
    bot.fake.reset_calls()
    for user in (BEN, DIEGO):
        bot.click(user=user, action_id=Action.OPTIN_YES, value=str(request.id), channel=dm(user),
                  response_url=bot.fake.response_url(f"ask-{user}"))


def group_dms(bot: Bot) -> list[Any]:
    return [c for c in bot.fake.calls_to("conversations.open") if "," in c.params["users"]]


def assert_withdrawn_and_nobody_connected(bot: Bot, retired: list[Any]) -> None:
    [request] = bot.rows(OptInRequest)
    assert request.state is RequestState.WITHDRAWN
    for user in (BEN, DIEGO):  # each question's buttons give way to a note
        [note] = [c for c in retired if c.params["channel"] == dm(user)]
        assert "withdrew this intro request" in note.params["text"]
        assert all(b["type"] != "actions" for b in note.params["blocks"])
    both_say_yes(bot)
    assert group_dms(bot) == []
    assert [c for c in bot.fake.calls_to("chat.postMessage") if c.params["channel"].startswith("G")] == []
    told = bot.fake.calls_to(f"response_url:ask-{BEN}")
    assert told and "withdrawn" in str(told[-1].params)


def test_closing_directly_while_they_are_asked_withdraws_the_questions(
        bot: Bot, clock: FrozenDateTimeFactory) -> None:
    promise_id = ana_redirects_asking_diego(bot)
    bot.fake.reset_calls()
    bot.click(user=ANA, action_id=Action.CLOSE_INSTEAD, value=str(promise_id),
              response_url=bot.fake.response_url("nudge"))
    [opened] = bot.fake.calls_to("views.open")
    view = opened.params["view"]
    bot.fake.reset_calls()
    bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"], values=state_of(view))

    assert bot.rows(Promise)[0].state is PromiseState.CANCELLED
    assert_withdrawn_and_nobody_connected(bot, bot.fake.calls_to("chat.update"))


def test_already_done_while_they_are_asked_withdraws_the_questions(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    promise_id = ana_redirects_asking_diego(bot)
    bot.fake.reset_calls()
    bot.click(user=ANA, action_id=Action.DONE, value=str(promise_id), response_url=bot.fake.response_url("nudge"))

    assert bot.rows(Promise)[0].state is PromiseState.KEPT
    assert_withdrawn_and_nobody_connected(bot, bot.fake.calls_to("chat.update"))


def test_a_redirect_of_someone_who_left_withdraws_the_questions(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    ana_redirects_asking_diego(bot)
    bot.fake.add_user(ANA, name="ana", real_name="Ana Silva", deleted=True)

    bot.tick(clock, REDIRECT_DUE)

    assert bot.rows(Promise)[0].state is PromiseState.CANCELLED
    assert_withdrawn_and_nobody_connected(bot, bot.fake.calls_to("chat.update"))


@pytest.mark.parametrize("better", [ROBOT, GONE])
def test_make_the_intro_now_asks_no_bot_nor_anyone_who_left(bot: Bot, clock: FrozenDateTimeFactory,
                                                             better: str) -> None:
    view = open_modal(bot, introduce(bot), Action.REDIRECT)
    bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"],
               values=state_of(view, who=better, redirect_options=[]))
    [promise] = bot.rows(Promise)
    bot.fake.reset_calls()

    bot.click(user=ANA, action_id=Action.MAKE_INTRO, value=str(promise.id),
              response_url=bot.fake.response_url("nudge"))

    assert bot.fake.calls_to("views.open") == []  # no opt-in form naming someone who can't answer
    assert bot.rows(OptInRequest) == []
    [reply] = bot.fake.calls_to("response_url:nudge")
    assert f"<@{better}> can't be asked" in reply.params["text"] and "close it directly" in reply.params["text"]
    assert bot.rows(Promise)[0].state is PromiseState.OPEN


EVA, EVA_CONTACT = "Eva Klein", "eva@example.com"


def ana_redirects_ben_and_sam_to_eva(bot: Bot) -> int:
    """Carla introduces Ana to Ben and Sam; Ana redirects them to Eva, outside Slack. Returns the promise."""
    bot.say(f"<@{ANA}> meet <@{BEN}> and <@{STRANGER}>, you all work on pricing")
    [prompt] = [c for c in bot.fake.calls_to("chat.postEphemeral") if c.params["user"] == ANA]
    view = open_modal(bot, int(prompt.params["blocks"][1]["elements"][0]["value"]), Action.REDIRECT)
    bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"],
               values=state_of(view, who_name=EVA, who_contact=EVA_CONTACT))
    [promise] = bot.rows(Promise)
    return int(promise.id)


def make_the_intro_now(bot: Bot, promise_id: int) -> str:
    bot.fake.reset_calls()
    bot.click(user=ANA, action_id=Action.MAKE_INTRO, value=str(promise_id),
              response_url=bot.fake.response_url("nudge"))
    [reply] = bot.fake.calls_to("response_url:nudge")
    return str(reply.params["text"])


def contact_dms(bot: Bot, calls: list[Any], user: str) -> list[Any]:
    return [c for c in calls if c.params["channel"] == dm(user) and EVA_CONTACT in c.params["text"]]


def test_make_the_intro_now_sends_each_contact_once_though_one_dm_fails(
        bot: Bot, clock: FrozenDateTimeFactory) -> None:
    promise_id = ana_redirects_ben_and_sam_to_eva(bot)
    bot.fake.add_user(STRANGER, name="sam", real_name="Sam Stranger", deleted=True)  # Sam's DM will fail for good

    first = make_the_intro_now(bot, promise_id)
    sent = bot.fake.calls_to("chat.postMessage")
    again = make_the_intro_now(bot, promise_id)  # pressed again, as after an error
    sent += bot.fake.calls_to("chat.postMessage")

    assert len(contact_dms(bot, sent, BEN)) == 1  # Ben hears once
    assert "Promise kept" in first and f"I couldn't reach <@{STRANGER}>" in first
    assert "already kept" in again
    assert bot.rows(Promise)[0].state is PromiseState.KEPT


def test_a_contact_slack_did_not_take_is_sent_by_the_due_work_loop(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    promise_id = ana_redirects_ben_and_sam_to_eva(bot)
    bot.fake.fail_next("chat.postMessage", error="internal_error")  # Ben's, the first

    told = make_the_intro_now(bot, promise_id)
    sent = bot.fake.calls_to("chat.postMessage")
    assert contact_dms(bot, sent, BEN) == [] and len(contact_dms(bot, sent, STRANGER)) == 1
    assert f"I couldn't reach <@{BEN}> just now; I'll keep trying" in told
    assert bot.rows(Promise)[0].state is PromiseState.KEPT

    later = bot.tick(clock, MONDAY.replace(hour=16))
    assert len(contact_dms(bot, later, BEN)) == 1 and contact_dms(bot, later, STRANGER) == []
    assert contact_dms(bot, bot.tick(clock, MONDAY.replace(hour=18)), BEN) == []  # once
