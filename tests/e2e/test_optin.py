"""/intro: double opt-in introductions end to end: ask both, connect on two yeses, relay a no, remind, expire."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from bot.blocks.ids import OPTIN_MODAL, OPTIN_NO_MODAL, Action
from bot.db.models import OptInAnswer, OptInRequest
from bot.domain.optin import Answer, RequestState
from tests.e2e.conftest import ANA, BEN, CARLA, DIEGO, GONE, ROBOT, Bot
from tests.e2e.modal import as_slack_sends, initial, state_of
from tests.e2e.steps import WHY, all_text, ask_carla_intro, buttons, dm, dms_to, request_id, say_not_now

MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10:00 in New York
ASK_BUTTONS = ["Yes, introduce us", "Not now", "No thanks"]


def press(bot: Bot, user: str, action: Action, name: str = "ask") -> list[Any]:
    bot.fake.reset_calls()
    bot.click(user=user, action_id=action, value=str(request_id(bot)), response_url=bot.fake.response_url(name),
              channel=dm(user))
    return bot.fake.calls_to(f"response_url:{name}")


def test_each_person_is_asked_privately_with_the_why(bot: Bot) -> None:
    told = ask_carla_intro(bot)

    assert f"I've asked <@{ANA}> and <@{BEN}> privately" in told
    for user, other in ((ANA, BEN), (BEN, ANA)):
        [question] = dms_to(bot, user)
        text = all_text(question.params["blocks"])
        assert f"<@{CARLA}> would like to introduce you to <@{other}>" in text
        assert WHY in text
        assert buttons(question.params["blocks"]) == ASK_BUTTONS
    assert bot.fake.calls_to("conversations.open") and not [
        c for c in bot.fake.calls_to("conversations.open") if "," in c.params["users"]]  # no group DM yet
    [request] = bot.rows(OptInRequest)
    assert (request.introducer_id, request.why, request.state) == (CARLA, WHY, RequestState.ASKING)
    assert {(a.user_id, a.answer) for a in bot.rows(OptInAnswer)} == {(ANA, Answer.PENDING), (BEN, Answer.PENDING)}


def test_both_yes_connects_them_in_a_group_dm_with_the_introducer(bot: Bot) -> None:
    ask_carla_intro(bot)

    [first] = press(bot, ANA, Action.OPTIN_YES)
    assert f"as soon as <@{BEN}> says yes too" in first.params["text"]
    assert not [c for c in bot.fake.calls_to("conversations.open") if "," in c.params["users"]]

    [second] = press(bot, BEN, Action.OPTIN_YES)

    [group_open] = [c for c in bot.fake.calls_to("conversations.open") if "," in c.params["users"]]
    assert sorted(group_open.params["users"].split(",")) == sorted([ANA, BEN, CARLA])
    [intro] = [c for c in bot.fake.calls_to("chat.postMessage") if c.params["channel"].startswith("G")]
    assert f"<@{ANA}>, meet <@{BEN}>" in intro.params["text"] and WHY in all_text(intro.params["blocks"])
    assert buttons(intro.params["blocks"]) == ["Step back"]
    assert "You both said yes" in second.params["text"]
    [request] = bot.rows(OptInRequest)
    assert (request.state, request.group_channel_id) == (RequestState.CONNECTED, intro.params["channel"])

    # Carla steps back, in her own name; only she can.
    bot.fake.reset_calls()
    group_message = {"ts": intro.answered["ts"], "text": intro.params["text"], "blocks": intro.params["blocks"]}
    bot.click(user=ANA, action_id=Action.OPTIN_STEP_BACK, value=str(request.id), channel=intro.params["channel"],
              message=group_message, response_url=bot.fake.response_url("group"))
    assert "meant for someone else" in bot.fake.calls_to("response_url:group")[0].params["text"]
    bot.click(user=CARLA, action_id=Action.OPTIN_STEP_BACK, value=str(request.id), channel=intro.params["channel"],
              message=group_message, response_url=bot.fake.response_url("group"))
    [goodbye] = bot.fake.calls_to("chat.postMessage")
    assert goodbye.params["username"] == "Carla" and "step back" in goodbye.params["text"]


def test_not_now_is_relayed_privately_and_the_other_hears_only_that_it_is_off(bot: Bot) -> None:
    ask_carla_intro(bot)
    press(bot, ANA, Action.OPTIN_YES)

    say_not_now(bot, BEN)  # with the form's default date (see tests/e2e/test_not_now_date.py)

    [own] = [c for c in bot.fake.calls_to("chat.update") if c.params["channel"] == dm(BEN)]
    assert "won't get any reminders" in own.params["text"]
    [to_carla] = dms_to(bot, CARLA)
    assert f"<@{BEN}> said not now to the intro with <@{ANA}>; ask again after" in to_carla.params["text"]
    [to_ana] = dms_to(bot, ANA)
    assert "isn't going ahead." in to_ana.params["text"] and "not now" not in to_ana.params["text"]
    assert not [c for c in bot.fake.calls_to("conversations.open") if "," in c.params["users"]]
    assert bot.rows(OptInRequest)[0].state is RequestState.DECLINED


def test_no_thanks_takes_an_optional_note_for_the_introducer_only(bot: Bot) -> None:
    ask_carla_intro(bot)
    bot.fake.reset_calls()
    bot.click(user=BEN, action_id=Action.OPTIN_NO, value=str(request_id(bot)))
    [opened] = bot.fake.calls_to("views.open")
    modal = opened.params["view"]

    bot.fake.reset_calls()
    bot.submit(user=BEN, callback_id=OPTIN_NO_MODAL, private_metadata=modal["private_metadata"],
               values=state_of(modal, optin_note="I'm heads-down on a launch until March."))

    [to_carla] = dms_to(bot, CARLA)
    assert "no thanks" in to_carla.params["text"] and "heads-down on a launch" in to_carla.params["text"]
    [to_ana] = dms_to(bot, ANA)
    assert "heads-down" not in to_ana.params["text"] and "isn't going ahead." in to_ana.params["text"]
    [answer] = [a for a in bot.rows(OptInAnswer) if a.user_id == BEN]
    assert (answer.answer, answer.note) == (Answer.NO, "I'm heads-down on a launch until March.")


def test_a_no_thanks_note_with_a_vague_maybe_later_is_warned_about_once_then_sent_as_written(bot: Bot) -> None:
    ask_carla_intro(bot)
    bot.click(user=BEN, action_id=Action.OPTIN_NO, value=str(request_id(bot)))
    modal = bot.fake.calls_to("views.open")[-1].params["view"]
    note = "Not right now, maybe later."

    bot.fake.reset_calls()
    warned = bot.submit(user=BEN, callback_id=OPTIN_NO_MODAL, private_metadata=modal["private_metadata"],
                        values=state_of(modal, optin_note=note), view_extra=as_slack_sends(modal)).json()
    assert warned["response_action"] == "update"
    assert "Before you send" in str(warned["view"]["blocks"]) and "maybe later" in str(warned["view"]["blocks"])
    assert initial(warned["view"], "optin_note") == note  # what Ben typed is kept
    assert dms_to(bot, CARLA) == [] and [a.answer for a in bot.rows(OptInAnswer) if a.user_id == BEN] == [
        Answer.PENDING]

    again = bot.submit(user=BEN, callback_id=OPTIN_NO_MODAL, private_metadata=warned["view"]["private_metadata"],
                       values=state_of(warned["view"], optin_note=note),
                       view_extra=as_slack_sends(warned["view"]))
    assert again.status == 200 and not again.body  # sent as written: a hint, not a rule
    [to_carla] = dms_to(bot, CARLA)
    assert "maybe later" in to_carla.params["text"]


def test_answers_are_only_for_the_people_asked_and_count_once(bot: Bot) -> None:
    ask_carla_intro(bot)
    [stranger] = press(bot, DIEGO, Action.OPTIN_YES)
    assert "meant for someone else" in stranger.params["text"]
    say_not_now(bot, ANA)
    [late] = press(bot, BEN, Action.OPTIN_YES)
    assert "already settled" in late.params["text"]
    assert not [c for c in bot.fake.calls_to("conversations.open") if "," in c.params["users"]]


@pytest.fixture
def clock() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(MONDAY) as frozen:
        yield cast(FrozenDateTimeFactory, frozen)  # freezegun types every factory alike; without tick it is this one


def tick(bot: Bot, clock: FrozenDateTimeFactory, when: datetime) -> list[Any]:
    """The DMs one due-work tick sends at `when`, without weekly digests."""
    return [c for c in bot.tick(clock, when) if not c.params["text"].startswith("Your week")]


def test_no_answer_gets_one_reminder_then_the_request_expires(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    ask_carla_intro(bot)
    press(bot, ANA, Action.OPTIN_YES)

    assert tick(bot, clock, MONDAY + timedelta(hours=71)) == []
    [reminder] = tick(bot, clock, MONDAY + timedelta(hours=72))
    assert reminder.params["channel"] == dm(BEN) and reminder.params["text"].startswith("A gentle reminder")
    assert buttons(reminder.params["blocks"]) == ASK_BUTTONS
    assert tick(bot, clock, MONDAY + timedelta(days=5)) == []  # one reminder only

    sent = tick(bot, clock, MONDAY + timedelta(days=7))
    [expired] = [c for c in sent if c.params["channel"] == dm(CARLA)]
    assert f"<@{BEN}> didn't answer within a week" in expired.params["text"]
    assert bot.rows(OptInRequest)[0].state is RequestState.EXPIRED
    # Ana said yes: she hears it did not go ahead, and her answered question no longer says it is waiting.
    [told_ana] = [c for c in sent if c.params["channel"] == dm(ANA)]
    assert "didn't go ahead" in told_ana.params["text"] and f"<@{BEN}> didn't answer" in told_ana.params["text"]
    [updated] = [c for c in bot.fake.calls_to("chat.update") if c.params["channel"] == dm(ANA)][-1:]
    assert "didn't go ahead" in updated.params["text"] and "as soon as" not in str(updated.params["blocks"])
    assert tick(bot, clock, MONDAY + timedelta(days=8)) == []  # told once
    [late] = press(bot, BEN, Action.OPTIN_YES)
    assert "it expired" in late.params["text"]


def test_the_form_asks_both_when_there_is_no_text(bot: Bot) -> None:
    bot.fake.reset_calls()
    bot.command("", user=CARLA)
    [opened] = bot.fake.calls_to("views.open")
    modal = opened.params["view"]
    assert modal["callback_id"] == OPTIN_MODAL

    vague = bot.submit(user=CARLA, callback_id=OPTIN_MODAL, private_metadata=modal["private_metadata"],
                       values=state_of(modal, optin_first=ANA, optin_second=BEN, optin_why="you should meet")).json()
    assert vague["response_action"] == "errors" and "vague reason" in vague["errors"]["optin_why"]
    same = bot.submit(user=CARLA, callback_id=OPTIN_MODAL, private_metadata=modal["private_metadata"],
                      values=state_of(modal, optin_first=ANA, optin_second=ANA, optin_why=WHY)).json()
    assert "two different people" in same["errors"]["optin_second"]
    robot = bot.submit(user=CARLA, callback_id=OPTIN_MODAL, private_metadata=modal["private_metadata"],
                       values=state_of(modal, optin_first=ANA, optin_second=ROBOT, optin_why=WHY)).json()
    assert robot["errors"]["optin_second"].startswith("Deploy Bot is a bot")  # names, not raw ids, in a form
    assert bot.rows(OptInRequest) == []

    bot.fake.reset_calls()
    bot.submit(user=CARLA, callback_id=OPTIN_MODAL, private_metadata=modal["private_metadata"],
               values=state_of(modal, optin_first=ANA, optin_second=BEN, optin_kind="referral", optin_why=WHY))
    [request] = bot.rows(OptInRequest)
    assert (request.kind, request.why) == ("referral", WHY)
    assert "I've asked" in dms_to(bot, CARLA)[0].params["text"]
    assert "Referral" in str(dms_to(bot, ANA)[0].params["blocks"])


@pytest.mark.parametrize(("text", "says"), [
    (f"<@{ANA}|ana> {WHY}", "I found 1"),
    (f"<@{ANA}> <@{BEN}> <@{DIEGO}> {WHY}", "I found 3"),
    (f"<@{CARLA}|carla> <@{BEN}> {WHY}", "You're the introducer"),
    (f"<@{ANA}> <@{ROBOT}> {WHY}", "is a bot"),
    (f"<@{ANA}> <!subteam^S0TEAM|@pricing> {WHY}", "user group"),
    (f"<!channel> <@{BEN}> {WHY}", "`@channel`"),
    (f"@channel <@{BEN}> {WHY}", "`@channel`"),
    (f"<@{ANA}> <@{ANA}> {WHY}", "same person twice"),
    (f"<@{ANA}> <@{GONE}> {WHY}", "no longer active"),
    (f"<@{ANA}> <@{BEN}> meet!", "vague reason"),
    (f"@ana @ben {WHY}", "@ menu"),
])
def test_malformed_intros_get_a_clear_private_reply_and_nothing_happens(bot: Bot, text: str, says: str) -> None:
    told = ask_carla_intro(bot, text)
    assert says in told and "The form is: `/intro @person @person why" in told
    assert bot.rows(OptInRequest) == []
    assert bot.fake.calls_to("chat.postMessage") == []


def test_plain_mentions_work_as_well_as_escaped_ones(bot: Bot) -> None:
    ask_carla_intro(bot, f"<@{ANA}> <@{BEN}> {WHY}")
    assert len(bot.rows(OptInRequest)) == 1


def test_unknown_subcommands_show_the_right_forms(bot: Bot) -> None:
    answer = bot.command("frobnicate", user=CARLA)
    assert "I don't know `/intro frobnicate`" in answer.body and "/intro @ana @ben" in answer.body

