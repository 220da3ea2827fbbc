"""Follow-through, end to end: promises and open intros fall due, the DM nudges arrive, their buttons work.

Time travels with freezegun: the app's clock and the due-work loop's `now` move together.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from bot.blocks.ids import CLOSE_MODAL, Action
from bot.db.models import Nudge, OptInRequest, Party, Promise
from bot.domain.states import PartyState, PromiseState
from tests.e2e.conftest import ANA, BEN, CARLA, CHANNEL, DIEGO, Bot
from tests.e2e.modal import initial, state_of
from tests.e2e.steps import INTRO_TS, PROMPT_BUTTONS, all_text, buttons, dm, introduce, open_modal, redirect_to_diego

MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10:00 in New York, where everyone lives
REDIRECT_DUE = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # a week on, 09:00 in New York
NUDGE_BUTTONS = ["Make the intro now", "I can't, close it directly", "Already done"]


@pytest.fixture
def clock() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(MONDAY) as frozen:
        yield cast(FrozenDateTimeFactory, frozen)  # freezegun types every factory alike; without tick it is this one


def at(bot: Bot, clock: FrozenDateTimeFactory, when: datetime) -> list[Any]:
    return bot.tick(clock, when)


DIGEST = "Your week in intros"


def to(user_id: str, dms: list[Any]) -> list[Any]:
    """The nudges (not digests) among `dms` that went to `user_id`."""
    return [c for c in dms if c.params["channel"] == dm(user_id) and not c.params["text"].startswith(DIGEST)]


def digests(user_id: str, dms: list[Any]) -> list[Any]:
    return [c for c in dms if c.params["channel"] == dm(user_id) and c.params["text"].startswith(DIGEST)]


def click(bot: Bot, action: Action, value: str, *, user: str = ANA, **extra: Any) -> list[Any]:
    bot.fake.reset_calls()
    bot.click(user=user, action_id=action, value=value, response_url=bot.fake.response_url("nudge"), **extra)
    return bot.fake.calls_to("response_url:nudge")


def select_values(blocks: list[dict]) -> list[str]:
    return [o["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]
            if e["type"] == "static_select" for o in e["options"]]


def test_a_redirect_is_nudged_on_its_day_and_make_the_intro_now_keeps_it(
        bot: Bot, clock: FrozenDateTimeFactory) -> None:
    promise_id = redirect_to_diego(bot)

    assert to(ANA, at(bot, clock, REDIRECT_DUE.replace(hour=13, minute=59))) == []  # not yet
    [nudge] = to(ANA, at(bot, clock, REDIRECT_DUE))

    text = all_text(nudge.params["blocks"])
    assert f"connect <@{BEN}> with <@{DIEGO}> by Monday, 30 November" in text
    assert buttons(nudge.params["blocks"]) == NUDGE_BUTTONS
    assert select_values(nudge.params["blocks"]) == [f"{promise_id}:1d", f"{promise_id}:3d", f"{promise_id}:week"]
    assert "Reminder 1 of 3" in str(nudge.params["blocks"])

    # Diego is a member: making the intro asks Ben and Diego first (double opt-in), prefilled.
    click(bot, Action.MAKE_INTRO, str(promise_id))
    [opened] = bot.fake.calls_to("views.open")
    modal = opened.params["view"]
    assert (initial(modal, "optin_first"), initial(modal, "optin_second")) == (BEN, DIEGO)
    assert "Diego is better placed" in initial(modal, "optin_why")
    bot.fake.reset_calls()
    bot.submit(user=ANA, callback_id="optin_modal", private_metadata=modal["private_metadata"],
               values=state_of(modal, optin_why="Ben needs pricing advice and Diego ran pricing at two fintechs."))

    asks = bot.fake.calls_to("chat.postMessage")
    assert sorted(c.params["channel"] for c in asks) == [dm(BEN), dm(DIEGO)]
    assert all(f"<@{ANA}> would like to introduce you to" in c.params["text"] for c in asks)
    [replaced] = bot.fake.calls_to("response_url:nudge")
    assert "I've asked" in replaced.params["text"] and buttons(replaced.params["blocks"]) == []
    [promise] = bot.rows(Promise)
    assert promise.state is PromiseState.OPEN  # asked, not yet connected: no reminder while they are asked
    assert to(ANA, at(bot, clock, datetime(2026, 12, 2, 14, tzinfo=UTC))) == []

    # Two yeses connect them, with Ana, and that keeps her promise.
    [request] = bot.rows(OptInRequest)
    for user in (BEN, DIEGO):
        click(bot, Action.OPTIN_YES, str(request.id), user=user, channel=dm(user))
    [group] = [c for c in bot.fake.calls_to("chat.postMessage") if c.params["channel"].startswith("G")]
    assert f"<@{BEN}>, meet <@{DIEGO}>" in group.params["text"]
    [promise] = bot.rows(Promise)
    assert promise.state is PromiseState.KEPT
    assert to(ANA, at(bot, clock, datetime(2026, 12, 9, 14, tzinfo=UTC))) == []  # kept: no more reminders


def test_an_ignored_promise_is_nudged_three_times_then_never_again(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    redirect_to_diego(bot)
    days = [REDIRECT_DUE.replace(day=d) for d in (30,)] + [datetime(2026, 12, d, 14, tzinfo=UTC)
                                                           for d in (2, 4, 6, 8)]
    sent = [to(ANA, at(bot, clock, day)) for day in days]

    assert [len(s) for s in sent] == [1, 1, 1, 0, 0]
    last = sent[2][0].params["blocks"]
    assert "This is my last reminder" in str(last) and select_values(last) == []  # no snooze on the last one
    [nudge] = bot.rows(Nudge)[-1:]
    assert (nudge.sent, nudge.due_at) == (3, None)


def test_snoozing_moves_the_next_reminder(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    promise_id = redirect_to_diego(bot)
    at(bot, clock, REDIRECT_DUE)

    [replaced] = click(bot, Action.SNOOZE, None, action_type="static_select",  # type: ignore[arg-type]
                       selected_option_value=f"{promise_id}:1d")

    assert "I'll remind you on Tuesday, 1 December" in replaced.params["text"]
    assert to(ANA, at(bot, clock, datetime(2026, 12, 1, 13, 59, tzinfo=UTC))) == []
    [again] = to(ANA, at(bot, clock, datetime(2026, 12, 1, 14, tzinfo=UTC)))
    assert "Reminder 2 of 3" in str(again.params["blocks"])


def test_i_cant_closes_it_directly_in_the_thread_and_ends_the_promise(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    promise_id = redirect_to_diego(bot)
    at(bot, clock, REDIRECT_DUE)
    bot.fake.reset_calls()
    bot.click(user=ANA, action_id=Action.CLOSE_INSTEAD, value=str(promise_id),
              response_url=bot.fake.response_url("nudge"))
    [opened] = bot.fake.calls_to("views.open")
    view = opened.params["view"]
    assert view["title"]["text"] == "Close directly"
    draft = initial(view, "draft")  # public: it names no one who did not agree to be named
    assert "connect you with the person I had in mind" in draft and "can't make that happen" in draft

    bot.fake.reset_calls()
    bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"], values=state_of(view))

    [close] = bot.fake.calls_to("chat.postMessage")
    assert (close.params["channel"], close.params["thread_ts"]) == (CHANNEL, INTRO_TS)
    assert "can't make that happen" in close.params["text"]
    [replaced] = bot.fake.calls_to("response_url:nudge")
    assert "posted in the thread" in replaced.params["text"]
    [promise] = bot.rows(Promise)
    assert promise.state is PromiseState.CANCELLED
    assert [p.state for p in bot.rows(Party) if p.user_id == ANA] == [PartyState.CLOSED_DIRECT]
    assert to(ANA, at(bot, clock, datetime(2026, 12, 2, 14, tzinfo=UTC))) == []


def test_a_decline_to_pass_on_is_nudged_after_48_hours(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    view = open_modal(bot, introduce(bot), Action.DECLINE)
    bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"], values=state_of(view))
    [party] = [p for p in bot.rows(Party) if p.user_id == ANA]

    assert to(CARLA, at(bot, clock, datetime(2026, 11, 25, 14, 59, tzinfo=UTC))) == []
    [nudge] = to(CARLA, at(bot, clock, datetime(2026, 11, 25, 15, tzinfo=UTC)))
    assert f"<@{ANA}> asked you to pass their answer on to <@{BEN}>" in all_text(nudge.params["blocks"])
    assert buttons(nudge.params["blocks"]) == ["I've passed it on"]

    click(bot, Action.RELAYED, str(party.id), user=CARLA)
    [promise] = bot.rows(Promise)
    assert promise.state is PromiseState.KEPT
    assert to(CARLA, at(bot, clock, datetime(2026, 11, 27, 15, tzinfo=UTC))) == []


def test_an_open_intro_gets_one_nudge_unless_the_person_replied_in_the_thread(
    bot: Bot, clock: FrozenDateTimeFactory
) -> None:
    introduce(bot)
    clock.move_to(datetime(2026, 11, 23, 16, tzinfo=UTC))
    bot.say("Happy to chat, Ana!", user=BEN, thread_ts=INTRO_TS)  # Ben engaged in the thread

    dms = at(bot, clock, datetime(2026, 11, 25, 15, tzinfo=UTC))

    assert to(BEN, dms) == []
    [nudge] = to(ANA, dms)
    assert buttons(nudge.params["blocks"]) == PROMPT_BUTTONS
    assert "A gentle reminder" in all_text(nudge.params["blocks"])
    assert "introduced you to" in nudge.params["text"] and "on Monday" in nudge.params["text"]  # the real day
    assert to(ANA, at(bot, clock, datetime(2026, 12, 2, 15, tzinfo=UTC))) == []  # once only


def test_nudges_wait_for_working_hours_in_each_persons_time_zone(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    bot.fake.add_user(ANA, name="ana", real_name="Ana Silva", display_name="Ana", tz="Asia/Tokyo")
    introduce(bot)  # Monday 15:00 UTC; the open-intro nudges fall due Wednesday 15:00 UTC

    dms = at(bot, clock, datetime(2026, 11, 25, 15, tzinfo=UTC))  # Thursday 00:00 in Tokyo
    assert to(ANA, dms) == [] and len(to(BEN, dms)) == 1  # Ben is in New York: 10:00, fine

    assert to(ANA, at(bot, clock, datetime(2026, 11, 25, 23, 59, tzinfo=UTC))) == []
    assert len(to(ANA, at(bot, clock, datetime(2026, 11, 26, 0, 0, tzinfo=UTC)))) == 1  # 09:00 Tokyo


def test_nothing_lands_at_the_weekend(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    clock.move_to(datetime(2026, 11, 26, 15, tzinfo=UTC))  # Thursday
    introduce(bot)
    assert at(bot, clock, datetime(2026, 11, 28, 15, tzinfo=UTC)) == []  # Saturday
    monday = at(bot, clock, datetime(2026, 11, 30, 14, tzinfo=UTC))  # 09:00 Monday in New York
    assert len(to(ANA, monday)) == 1 and len(to(BEN, monday)) == 1


def test_after_downtime_what_fell_due_is_caught_up_once(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    redirect_to_diego(bot)
    back = datetime(2026, 12, 21, 15, tzinfo=UTC)  # three weeks without a tick
    dms = at(bot, clock, back)
    assert len(to(ANA, dms)) == 1 and len(to(BEN, dms)) == 1  # the promise and Ben's open intro, once each
    assert to(ANA, at(bot, clock, back)) == []
    assert len(to(ANA, at(bot, clock, datetime(2026, 12, 23, 15, tzinfo=UTC)))) == 1


def test_a_promise_of_someone_who_left_ends_with_a_note_to_who_was_waiting(
    bot: Bot, clock: FrozenDateTimeFactory
) -> None:
    redirect_to_diego(bot)
    bot.fake.add_user(ANA, name="ana", real_name="Ana Silva", deleted=True)

    dms = at(bot, clock, REDIRECT_DUE)

    assert to(ANA, dms) == []
    [note] = to(BEN, [c for c in dms if "no longer in this workspace" in c.params["text"]])
    assert f"<@{ANA}> had offered to connect you with <@{DIEGO}>" in note.params["text"]
    [promise] = bot.rows(Promise)
    assert promise.state is PromiseState.CANCELLED


def test_make_the_intro_now_passes_an_outside_contact_privately_to_who_is_waiting(
    bot: Bot, clock: FrozenDateTimeFactory
) -> None:
    view = open_modal(bot, introduce(bot), Action.REDIRECT)
    bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"],
               values=state_of(view, who_name="Eva Klein", who_contact="eva@example.com"))
    [promise] = bot.rows(Promise)
    at(bot, clock, REDIRECT_DUE)

    [replaced] = click(bot, Action.MAKE_INTRO, str(promise.id))

    [intro] = bot.fake.calls_to("chat.postMessage")
    assert intro.params["channel"] == dm(BEN) and "thread_ts" not in intro.params
    assert "Eva Klein" in intro.params["text"] and "eva@example.com" in intro.params["text"]
    assert "Promise kept" in replaced.params["text"] and "nothing was posted in the channel" in replaced.params["text"]
    [promise] = bot.rows(Promise)
    assert promise.state is PromiseState.KEPT


def test_buttons_act_on_the_current_state_days_later(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    promise_id = redirect_to_diego(bot)
    at(bot, clock, REDIRECT_DUE)
    click(bot, Action.DONE, str(promise_id))
    clock.move_to(datetime(2026, 12, 5, 15, tzinfo=UTC))

    [reply] = click(bot, Action.MAKE_INTRO, str(promise_id))

    assert "already kept" in reply.params["text"] and reply.params["replace_original"] is True
    assert bot.fake.calls_to("chat.postMessage") == []


def test_only_the_promiser_can_use_a_nudges_buttons(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    promise_id = redirect_to_diego(bot)
    at(bot, clock, REDIRECT_DUE)
    for action in (Action.MAKE_INTRO, Action.DONE, Action.CLOSE_INSTEAD):
        [reply] = click(bot, action, str(promise_id), user=BEN)
        assert "meant for someone else" in reply.params["text"]
    assert bot.fake.calls_to("chat.postMessage") == [] and bot.fake.calls_to("views.open") == []
    [promise] = bot.rows(Promise)
    assert promise.state is PromiseState.OPEN


def test_need_time_posts_a_holding_reply_and_nudges_to_close_on_the_date(
    bot: Bot, clock: FrozenDateTimeFactory
) -> None:
    view = open_modal(bot, introduce(bot), Action.NEED_TIME)
    assert view["title"]["text"] == "Need a few days"
    assert initial(view, "by") == "2026-11-26"  # three days on, by default
    assert "I'll get back to you by Thursday, 26 November" in initial(view, "draft")
    bot.fake.reset_calls()
    bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"], values=state_of(view))

    [holding] = bot.fake.calls_to("chat.postMessage")
    assert holding.params["thread_ts"] == INTRO_TS and "get back to you by" in holding.params["text"]
    [promise] = bot.rows(Promise)
    assert (promise.kind, promise.owner_id, promise.due_at) == (
        "get_back", ANA, datetime(2026, 11, 26, 14, tzinfo=UTC))
    assert [p.state for p in bot.rows(Party) if p.user_id == ANA] == [PartyState.OPEN]

    assert to(ANA, at(bot, clock, datetime(2026, 11, 25, 15, tzinfo=UTC))) == []  # answered: no 48h nudge
    [nudge] = to(ANA, at(bot, clock, datetime(2026, 11, 26, 14, tzinfo=UTC)))
    assert f"You told <@{BEN}> you'd get back to them by Thursday, 26 November" in all_text(nudge.params["blocks"])
    assert buttons(nudge.params["blocks"]) == ["Direct", "Redirect", "Decline"]

    party_id = nudge.params["blocks"][1]["elements"][0]["value"]
    view = open_modal(bot, int(party_id), Action.DIRECT)
    bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"], values=state_of(view))
    [promise] = bot.rows(Promise)
    assert promise.state is PromiseState.KEPT  # closing the intro keeps the "get back to you" promise
    assert to(ANA, at(bot, clock, datetime(2026, 11, 28, 14, tzinfo=UTC))) == []


def test_the_weekly_digest_lists_what_is_open_on_monday_morning(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    promise_id = redirect_to_diego(bot)  # Ana owes a redirect; Ben has an intro waiting for his close
    bot.fake.add_user(BEN, name="ben", real_name="Ben Okafor", display_name="Ben", tz="Europe/Berlin")

    assert digests(BEN, at(bot, clock, datetime(2026, 11, 30, 7, 59, tzinfo=UTC))) == []
    [ben] = digests(BEN, at(bot, clock, datetime(2026, 11, 30, 8, tzinfo=UTC)))  # 09:00 in Berlin
    assert f"<@{CARLA}> introduced you to <@{ANA}>" in all_text(ben.params["blocks"])
    assert buttons(ben.params["blocks"]) == ["Direct", "Redirect", "Decline"]

    [ana] = digests(ANA, at(bot, clock, datetime(2026, 11, 30, 14, tzinfo=UTC)))  # 09:00 in New York
    assert f"Connect <@{BEN}> with <@{DIEGO}>" in all_text(ana.params["blocks"])
    assert buttons(ana.params["blocks"]) == ["Make the intro now", "Already done"]

    # From the digest, "Already done" answers below it and leaves the digest as it is.
    [reply] = click(bot, Action.DONE, str(promise_id), block_id=f"digest:promise:{promise_id}")
    assert reply.params["replace_original"] is False
    assert "Marked as done" in reply.params["text"]

    # A week on, Ana has nothing open: no digest. Ben, who turned it off, gets none either.
    bot.command("digest off", user=BEN, response_url=bot.fake.response_url("command"))
    week_on = at(bot, clock, datetime(2026, 12, 7, 15, tzinfo=UTC))
    assert digests(ANA, week_on) == [] and digests(BEN, week_on) == []
