"""`/intro ask` says "you'll hear back either way", so it is kept: an unanswered request reminds its introducer
once at 72 hours and expires at a week, when the requester is told; open requests show in Home, `/intro list`
and the weekly digest, for both sides. Time travels with freezegun; the due state lives in the database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from bot.blocks.ids import ASK_DECLINE_MODAL, Action
from bot.db.models import IntroAsk, Nudge
from bot.domain.optin import AskState
from bot.domain.states import NudgeKind
from tests.e2e.conftest import ANA, BEN, CARLA, Bot
from tests.e2e.modal import state_of
from tests.e2e.steps import ASK_WHY, all_text, ana_asks, ask_id, buttons, dm, open_home, press_on_ask

MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10:00 in New York, where everyone lives
NEXT_MONDAY_9AM = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # digest time, an hour before the request expires
ASK_BUTTONS = ["Ask them", "Decline kindly", "Suggest someone else"]
DIGEST = "Your week in intros"


@pytest.fixture
def clock() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(MONDAY) as frozen:
        yield cast(FrozenDateTimeFactory, frozen)  # freezegun types every factory alike; without tick it is this one


def tick(bot: Bot, clock: FrozenDateTimeFactory, when: datetime) -> list[Any]:
    """The DMs one due-work tick sends at `when`, without weekly digests."""
    return [c for c in bot.tick(clock, when) if not c.params["text"].startswith(DIGEST)]


def to(user_id: str, dms: list[Any]) -> list[Any]:
    return [c for c in dms if c.params["channel"] == dm(user_id)]


def updates_to(bot: Bot, user_id: str) -> list[Any]:
    return [c for c in bot.fake.calls_to("chat.update") if c.params["channel"] == dm(user_id)]


def test_an_unanswered_ask_reminds_the_introducer_once_at_72_hours(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    ana_asks(bot)

    assert tick(bot, clock, MONDAY + timedelta(hours=71)) == []
    [reminder] = tick(bot, clock, MONDAY + timedelta(hours=72))
    assert reminder.params["channel"] == dm(CARLA) and reminder.params["text"].startswith("A gentle reminder")
    assert f"<@{ANA}> is still waiting" in reminder.params["text"] and "Monday, 30 November" in reminder.params["text"]
    assert ASK_WHY in all_text(reminder.params["blocks"]) and buttons(reminder.params["blocks"]) == ASK_BUTTONS
    assert tick(bot, clock, MONDAY + timedelta(days=5)) == []  # one reminder only
    assert bot.rows(IntroAsk)[0].state is AskState.WAITING


def test_an_unanswered_ask_expires_at_a_week_and_the_requester_is_told(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    ana_asks(bot)
    tick(bot, clock, MONDAY + timedelta(hours=72))

    assert tick(bot, clock, MONDAY + timedelta(days=7) - timedelta(minutes=1)) == []
    sent = tick(bot, clock, MONDAY + timedelta(days=7))
    [told] = to(ANA, sent)
    assert f"No answer came from <@{CARLA}> within a week" in told.params["text"]
    assert "isn't going ahead" in told.params["text"] and f"<@{BEN}>" in told.params["text"]
    assert to(CARLA, sent) == [] and to(BEN, sent) == []  # Ben never hears of it
    assert bot.rows(IntroAsk)[0].state is AskState.EXPIRED
    # Carla's request and its reminder lose their buttons: both now say it expired and Ana was told.
    retired = updates_to(bot, CARLA)
    assert len(retired) == 2 and len({c.params["ts"] for c in retired}) == 2
    assert all("expired" in c.params["text"] and buttons(c.params["blocks"]) == [] for c in retired)

    assert tick(bot, clock, MONDAY + timedelta(days=8)) == []  # told once
    assert press_on_ask(bot, Action.ASK_DECLINE) is None  # a stale button says so, and opens nothing
    assert "expired" in bot.fake.calls_to("response_url:ask")[0].params["text"]


def test_an_answered_ask_neither_reminds_nor_expires(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    ana_asks(bot)
    form = press_on_ask(bot, Action.ASK_DECLINE)
    assert form is not None
    bot.submit(user=CARLA, callback_id=ASK_DECLINE_MODAL, private_metadata=form["private_metadata"],
               values=state_of(form, ask_text="Hi Ana, I barely know Ben, so I'll pass. Let's stay in touch!"))

    assert tick(bot, clock, MONDAY + timedelta(hours=72)) == []
    assert tick(bot, clock, MONDAY + timedelta(days=7)) == []
    assert tick(bot, clock, MONDAY + timedelta(days=14)) == []
    assert bot.rows(IntroAsk)[0].state is AskState.DECLINED


def test_the_reminder_and_expiry_are_stored_with_the_request(bot: Bot) -> None:
    """Restart-safe: what is due lives in the database (each tick of the tests above starts from it alone)."""
    with freeze_time(MONDAY):
        ana_asks(bot)
    due = {n.kind: (n.user_id, n.due_at) for n in bot.rows(Nudge) if n.ask_id is not None}
    assert due[NudgeKind.ASK_REMINDER] == (CARLA, MONDAY + timedelta(hours=72))
    assert due[NudgeKind.ASK_EXPIRY] == (ANA, MONDAY + timedelta(days=7))
    with freeze_time(MONDAY + timedelta(hours=1)):  # asking again while it waits adds nothing
        ana_asks(bot)
    assert len([n for n in bot.rows(Nudge) if n.ask_id is not None]) == 3  # the request, its reminder, its expiry


def test_open_asks_show_on_home_for_both_and_can_be_answered_there(bot: Bot) -> None:
    ana_asks(bot)

    carla = open_home(bot, CARLA)
    assert "People asking you for an intro" in all_text(carla["blocks"])
    assert f"<@{ANA}> would like you to introduce them to <@{BEN}>" in all_text(carla["blocks"])
    assert ASK_WHY in all_text(carla["blocks"]) and buttons(carla["blocks"]) == ASK_BUTTONS
    ana = open_home(bot, ANA)
    assert "Intros you asked for" in all_text(ana["blocks"])
    assert f"You asked <@{CARLA}> to introduce you to <@{BEN}>" in all_text(ana["blocks"])

    bot.fake.reset_calls()
    bot.click(user=CARLA, action_id=Action.ASK_DECLINE, value=ask_id(bot), view={**carla, "id": "VHOME"},
              block_id=f"home:ask:{ask_id(bot)}", container={"type": "view", "view_id": "VHOME"})
    [opened] = bot.fake.calls_to("views.open")
    form = opened.params["view"]
    bot.fake.reset_calls()
    bot.submit(user=CARLA, callback_id=ASK_DECLINE_MODAL, private_metadata=form["private_metadata"],
               values=state_of(form, ask_text="Hi Ana, I barely know Ben, so I'll pass. Let's stay in touch!"))

    assert "I barely know Ben" in bot.fake.calls_to("chat.postMessage")[0].params["text"]
    [retired] = updates_to(bot, CARLA)  # the request's DM no longer offers answers
    assert buttons(retired.params["blocks"]) == [] and "went to them privately" in retired.params["text"]
    assert "People asking you for an intro" not in all_text(open_home(bot, CARLA)["blocks"])
    assert "Intros you asked for" not in all_text(open_home(bot, ANA)["blocks"])


def test_open_asks_show_in_intro_list(bot: Bot) -> None:
    ana_asks(bot)

    def listed(user: str) -> dict[str, Any]:
        bot.fake.reset_calls()
        bot.command("list", user=user, response_url=bot.fake.response_url("list"))
        [reply] = bot.fake.calls_to("response_url:list")
        return reply.params

    carla = listed(CARLA)
    assert f"<@{ANA}> would like you to introduce them to <@{BEN}>" in all_text(carla["blocks"])
    assert buttons(carla["blocks"]) == ASK_BUTTONS
    assert all(b["block_id"].startswith("digest:") for b in carla["blocks"] if b["type"] == "actions")
    assert f"You asked <@{CARLA}> to introduce you to <@{BEN}>" in all_text(listed(ANA)["blocks"])

    # Answered from the list, the list stays as it is (no response_url to replace it): the request's DM is updated.
    bot.fake.reset_calls()
    bot.click(user=CARLA, action_id=Action.ASK_DECLINE, value=ask_id(bot), block_id=f"digest:ask:{ask_id(bot)}",
              response_url=bot.fake.response_url("list"))
    [opened] = bot.fake.calls_to("views.open")
    bot.submit(user=CARLA, callback_id=ASK_DECLINE_MODAL, private_metadata=opened.params["view"]["private_metadata"],
               values=state_of(opened.params["view"], ask_text="Hi Ana, I'll pass on this one. Stay in touch!"))
    assert bot.fake.calls_to("response_url:list") == [] and len(updates_to(bot, CARLA)) == 1


def test_open_asks_show_in_the_weekly_digest(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    ana_asks(bot)

    sent = bot.tick(clock, NEXT_MONDAY_9AM)
    [carla] = [c for c in to(CARLA, sent) if c.params["text"].startswith(DIGEST)]
    assert f"<@{ANA}> would like you to introduce them to <@{BEN}>" in all_text(carla.params["blocks"])
    assert buttons(carla.params["blocks"]) == ASK_BUTTONS
    [ana] = [c for c in to(ANA, sent) if c.params["text"].startswith(DIGEST)]
    assert f"You asked <@{CARLA}> to introduce you to <@{BEN}>" in all_text(ana.params["blocks"])
    assert "Monday, 30 November" in all_text(ana.params["blocks"])  # when she hears at the latest
