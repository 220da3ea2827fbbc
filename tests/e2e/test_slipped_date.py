"""A "get back to you by" date that slips (issue 11): snoozing its reminder first offers to post the new date in
the intro's thread, as the person, so the people waiting are not left guessing; posting it moves the reminder.
Signed requests to the real endpoint, the fake Slack, time moved with freezegun."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from bot.blocks.ids import CLOSE_MODAL, NEW_DATE_MODAL, Action
from bot.db.models import Nudge, Promise
from tests.e2e.conftest import ANA, BEN, Bot
from tests.e2e.modal import as_slack_sends, initial, state_of
from tests.e2e.steps import INTRO_TS, all_text, dm, introduce, open_modal, redirect_to_diego

MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10:00 in New York, where everyone lives
GET_BACK_DUE = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)  # Thursday 09:00 in New York: three working days on
NEXT_MONDAY = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
WEDNESDAY = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(MONDAY) as frozen:
        yield cast(FrozenDateTimeFactory, frozen)


def nudges_to_ana(bot: Bot, clock: FrozenDateTimeFactory, when: datetime) -> list[Any]:
    return [c for c in bot.tick(clock, when)
            if c.params["channel"] == dm(ANA) and not c.params["text"].startswith("Your week")]


def ana_needs_time_then_is_reminded(bot: Bot, clock: FrozenDateTimeFactory) -> int:
    """Ana says she'll get back to Ben by Thursday; on Thursday she is reminded. Returns her promise's id."""
    view = open_modal(bot, introduce(bot), Action.NEED_TIME)
    bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"], values=state_of(view))
    [nudge] = nudges_to_ana(bot, clock, GET_BACK_DUE)
    assert "get back to them by Thursday, 26 November" in all_text(nudge.params["blocks"])
    [promise] = bot.rows(Promise)
    return promise.id


def snooze(bot: Bot, promise_id: int, choice: str) -> list[Any]:
    bot.fake.reset_calls()
    bot.click(user=ANA, action_id=Action.SNOOZE, action_type="static_select", value=None,
              selected_option_value=f"{promise_id}:{choice}", response_url=bot.fake.response_url("nudge"))
    return bot.fake.calls_to("views.open")


def test_a_slipped_date_is_posted_in_the_thread_and_the_reminder_moves(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    promise_id = ana_needs_time_then_is_reminded(bot, clock)

    [opened] = snooze(bot, promise_id, "week")

    form = opened.params["view"]
    assert form["callback_id"] == NEW_DATE_MODAL
    assert "I need a little longer; I'll get back to you by Monday, 30 November." in all_text(form["blocks"])
    assert initial(form, "new_date_by") == "2026-11-30"  # the snoozed day, editable
    assert f"<@{BEN}> is waiting" in all_text(form["blocks"])
    bot.fake.reset_calls()
    done = bot.submit(user=ANA, callback_id=NEW_DATE_MODAL, private_metadata=form["private_metadata"],
                      values=state_of(form, new_date_by="2026-12-02"), view_extra=as_slack_sends(form))

    assert done.status == 200 and not done.body
    [posted] = bot.fake.calls_to("chat.postMessage")
    assert posted.params["thread_ts"] == INTRO_TS and posted.params["username"] == "Ana"
    assert posted.params["text"] == "I need a little longer; I'll get back to you by Wednesday, 2 December."
    [updated] = bot.fake.calls_to("response_url:nudge")
    assert "you'll get back to" in updated.params["text"] and "Wednesday, 2 December" in updated.params["text"]
    [promise] = bot.rows(Promise)
    assert promise.due_at == WEDNESDAY
    # The reminder moved to the new date, and counts from one again.
    assert nudges_to_ana(bot, clock, NEXT_MONDAY) == []
    [again] = nudges_to_ana(bot, clock, WEDNESDAY)
    assert "get back to them by Wednesday, 2 December" in all_text(again.params["blocks"])
    assert "Reminder 1 of 3" in str(again.params["blocks"])


def test_declining_the_offer_just_snoozes(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    promise_id = ana_needs_time_then_is_reminded(bot, clock)

    assert len(snooze(bot, promise_id, "week")) == 1  # offered; Ana closes the form

    [replaced] = bot.fake.calls_to("response_url:nudge")
    assert "I'll remind you on Monday, 30 November" in replaced.params["text"]
    assert bot.fake.calls_to("chat.postMessage") == []  # nothing said in the thread
    [promise] = bot.rows(Promise)
    assert promise.due_at == GET_BACK_DUE
    [again] = nudges_to_ana(bot, clock, NEXT_MONDAY)
    assert "Reminder 2 of 3" in str(again.params["blocks"])


def test_a_date_today_or_earlier_is_refused_in_the_form(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    promise_id = ana_needs_time_then_is_reminded(bot, clock)
    [opened] = snooze(bot, promise_id, "1d")
    form = opened.params["view"]

    refused = bot.submit(user=ANA, callback_id=NEW_DATE_MODAL, private_metadata=form["private_metadata"],
                         values=state_of(form, new_date_by="2026-11-26")).json()

    assert refused["response_action"] == "errors" and "after today" in refused["errors"]["new_date_by"]
    assert bot.fake.calls_to("chat.postMessage") == [] and bot.rows(Promise)[0].due_at == GET_BACK_DUE


def test_other_promises_snooze_without_an_offer(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    promise_id = redirect_to_diego(bot)
    nudges_to_ana(bot, clock, NEXT_MONDAY)

    assert snooze(bot, promise_id, "1d") == []
    [nudge] = [n for n in bot.rows(Nudge) if n.promise_id == promise_id]
    assert nudge.due_at == datetime(2026, 12, 1, 14, 0, tzinfo=UTC)


def test_a_new_date_slack_did_not_post_is_told_by_dm_and_moves_nothing(
        bot: Bot, clock: FrozenDateTimeFactory) -> None:
    promise_id = ana_needs_time_then_is_reminded(bot, clock)
    [opened] = snooze(bot, promise_id, "week")
    form = opened.params["view"]
    bot.fake.reset_calls()
    bot.fake.fail_next("chat.postMessage", error="is_archived")  # the post in the thread

    done = bot.submit(user=ANA, callback_id=NEW_DATE_MODAL, private_metadata=form["private_metadata"],
                      values=state_of(form, new_date_by="2026-12-02"), view_extra=as_slack_sends(form))

    assert done.status == 200 and not done.body  # the form had closed already; the news comes by DM
    [told] = [c for c in bot.fake.calls_to("chat.postMessage") if c.params["channel"] == dm(ANA)]
    assert "didn't take your new date" in told.params["text"]
    assert "I'll get back to you by Wednesday, 2 December." in told.params["text"]  # her words, to post herself
    assert bot.fake.calls_to("response_url:nudge") == []  # the reminder still says it is snoozed
    assert bot.rows(Promise)[0].due_at == GET_BACK_DUE
