"""A redirect asks before it names (double opt-in), end to end through the signed HTTP endpoint.

The public redirect names no one until the better-placed person agreed; asking them from the close modal runs
the double opt-in with whoever is waiting, and two yeses keep the promise; someone outside Slack has their
contact details passed privately, never into a channel; a no turns the reminder into a direct close.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from bot.blocks.ids import CLOSE_MODAL, Action
from bot.db.models import OptInAnswer, OptInRequest, Promise
from bot.domain.optin import RequestState
from bot.domain.states import PromiseState
from tests.e2e.conftest import ANA, BEN, CARLA, CHANNEL, DIEGO, STRANGER, Bot
from tests.e2e.modal import block, initial, state_of
from tests.e2e.steps import INTRO_TS, all_text, buttons, dm, introduce, open_modal, say_not_now, submit

MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10:00 in New York, where everyone lives
REDIRECT_DUE = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # the default date, a week on, 09:00 in New York
EVA, EVA_CONTACT = "Eva Klein", "eva@example.com"


@pytest.fixture
def clock() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(MONDAY) as frozen:
        yield cast(FrozenDateTimeFactory, frozen)


def to_channels(bot: Bot) -> list[Any]:
    """Every message the bot posted to a channel (not a DM, not a group DM)."""
    return [c for c in bot.fake.calls_to("chat.postMessage") if c.params["channel"].startswith("C")]


def pick_diego(bot: Bot, view: dict[str, Any], **values: Any) -> dict[str, Any]:
    """Ana picks Diego (and any other choice in `values`); returns the modal as shown again."""
    bot.fake.reset_calls()
    state = state_of(view, who=DIEGO, **values)
    bot.click(user=ANA, action_id="who", action_type="users_select", selected_user=DIEGO,
              view={**view, "id": "V1", "hash": "h1", "state": {"values": state}})
    [update] = bot.fake.calls_to("views.update")
    return {**update.params["view"], "hash": update.answered["view"]["hash"]}  # as Slack now holds it


def tick_agreed(bot: Bot, view: dict[str, Any]) -> dict[str, Any]:
    bot.fake.reset_calls()
    state = state_of(view, who=DIEGO, redirect_options=["agreed"])
    ticked = next(v for v in state.values() if "redirect_options" in v)["redirect_options"]["selected_options"]
    bot.click(user=ANA, action_id="redirect_options", action_type="checkboxes", selected_options=ticked,
              view={**view, "id": "V1", "state": {"values": state}})
    [update] = bot.fake.calls_to("views.update")
    return dict(update.params["view"])


def reminders_to_ana(dms: list[Any]) -> list[str]:
    """What Ana was reminded of (not her weekly digest)."""
    return [c.params["text"] for c in dms if c.params["channel"] == dm(ANA) and "Your week in intros" not in
            c.params["text"]]


def answer(bot: Bot, user: str, action: Action) -> None:
    [request] = bot.rows(OptInRequest)
    bot.fake.reset_calls()
    bot.click(user=user, action_id=action, value=str(request.id), channel=dm(user),
              response_url=bot.fake.response_url("ask"))


def ana_asks_diego_from_the_modal(bot: Bot) -> dict[str, Any]:
    """Ana redirects Carla's intro to Diego, asking him (and Ben) now, as the modal offers by default;
    returns what Ana's prompt was replaced with."""
    view = pick_diego(bot, open_modal(bot, introduce(bot), Action.REDIRECT))
    assert initial(view, "redirect_options") == ["ask_now"]
    submit(bot, view, who=DIEGO)
    [told] = bot.fake.calls_to("response_url:prompt")
    return dict(told.params)


def test_the_public_redirect_names_no_one_and_asking_from_the_modal_connects_them_on_two_yeses(
        bot: Bot, clock: FrozenDateTimeFactory) -> None:
    told = ana_asks_diego_from_the_modal(bot)

    # The thread hears that Ana knows someone, by when: not who.
    [redirect] = to_channels(bot)
    assert (redirect.params["channel"], redirect.params["thread_ts"]) == (CHANNEL, INTRO_TS)
    assert "I know someone who may be" in redirect.params["text"]
    assert "Diego" not in str(redirect.params) and DIEGO not in str(redirect.params)
    # Ben and Diego are each asked privately, in Ana's name, why included, as each of them stands.
    whys = {BEN: f"You came to me for help that <@{DIEGO}> is better placed to give",
            DIEGO: f"<@{BEN}> came to me for help that you're better placed to give"}
    for user, other in ((BEN, DIEGO), (DIEGO, BEN)):
        [question] = [c for c in bot.fake.calls_to("chat.postMessage") if c.params["channel"] == dm(user)]
        assert f"<@{ANA}> would like to introduce you to <@{other}>" in question.params["text"]
        assert whys[user] in all_text(question.params["blocks"])
    assert "Your redirect is posted in the thread" in told["text"]
    assert f"I've asked <@{BEN}> and <@{DIEGO}> privately" in told["text"]
    [promise] = bot.rows(Promise)
    assert (promise.state, promise.target_user_id) == (PromiseState.OPEN, DIEGO)  # asked is not kept

    answer(bot, BEN, Action.OPTIN_YES)
    assert bot.rows(Promise)[0].state is PromiseState.OPEN
    answer(bot, DIEGO, Action.OPTIN_YES)

    [group_open] = [c for c in bot.fake.calls_to("conversations.open") if "," in c.params["users"]]
    assert sorted(group_open.params["users"].split(",")) == sorted([ANA, BEN, DIEGO])
    [intro] = [c for c in bot.fake.calls_to("chat.postMessage") if c.params["channel"].startswith("G")]
    assert f"<@{BEN}>, meet <@{DIEGO}>" in intro.params["text"]
    assert to_channels(bot) == []  # connected where both can see it, not in the channel
    [promise] = bot.rows(Promise)
    assert promise.state is PromiseState.KEPT
    assert reminders_to_ana(bot.tick(clock, REDIRECT_DUE)) == []  # a kept promise is not reminded about


def test_already_agreed_names_them_in_the_post_and_asks_no_one(bot: Bot) -> None:
    view = pick_diego(bot, open_modal(bot, introduce(bot), Action.REDIRECT))
    labels = [o["text"]["text"] for o in block(view, "redirect_options")["element"]["options"]]
    assert labels[0] == "Diego already agreed to be introduced"
    assert "Diego" not in initial(view, "draft")

    view = tick_agreed(bot, view)

    assert "but Diego is; I'll connect you by" in initial(view, "draft")
    assert initial(view, "redirect_options") == ["agreed"]  # asking first is off: he agreed
    submit(bot, view, who=DIEGO)
    [redirect] = to_channels(bot)
    assert "but Diego is" in redirect.params["text"] and f"<@{DIEGO}>" not in redirect.params["text"]
    assert [c for c in bot.fake.calls_to("chat.postMessage") if c.params["channel"] in (dm(BEN), dm(DIEGO))] == []
    assert bot.rows(OptInRequest) == []


def test_an_outside_contact_goes_privately_to_who_is_waiting_and_never_to_a_channel(
        bot: Bot, clock: FrozenDateTimeFactory) -> None:
    view = open_modal(bot, introduce(bot), Action.REDIRECT)
    assert [o["value"] for o in block(view, "redirect_options")["element"]["options"]] == ["agreed", "ask_now"]
    channel_posts = []

    submit(bot, view, who_name=EVA, who_contact=EVA_CONTACT)
    channel_posts += to_channels(bot)
    assert bot.rows(OptInRequest) == []  # someone outside Slack: Ana asks her herself
    bot.tick(clock, REDIRECT_DUE)
    [promise] = bot.rows(Promise)
    bot.fake.reset_calls()
    bot.click(user=ANA, action_id=Action.MAKE_INTRO, value=str(promise.id),
              response_url=bot.fake.response_url("nudge"))
    channel_posts += to_channels(bot)

    [passed] = [c for c in bot.fake.calls_to("chat.postMessage") if c.params["channel"] == dm(BEN)]
    assert EVA in passed.params["text"] and EVA_CONTACT in passed.params["text"]
    assert len(channel_posts) == 1  # the redirect itself
    assert all(EVA_CONTACT not in str(c.params) and "Eva" not in str(c.params) for c in channel_posts)
    assert [c for c in bot.fake.calls_to("chat.postMessage") if c.params["channel"] == dm(CARLA)] == []
    [replaced] = bot.fake.calls_to("response_url:nudge")
    assert "Promise kept" in replaced.params["text"]
    assert bot.rows(Promise)[0].state is PromiseState.KEPT


def test_a_no_turns_the_reminder_into_a_direct_close_that_names_no_one(
        bot: Bot, clock: FrozenDateTimeFactory) -> None:
    ana_asks_diego_from_the_modal(bot)

    say_not_now(bot, DIEGO)
    [request] = bot.rows(OptInRequest)
    assert request.state is RequestState.DECLINED

    dms = bot.tick(clock, MONDAY.replace(minute=5))  # the reminder falls due at once, not on the promised day
    [nudge] = [c for c in dms if c.params["channel"] == dm(ANA) and "isn't going ahead" in c.params["text"]]
    assert buttons(nudge.params["blocks"]) == ["Close it directly", "Already done"]
    [promise] = bot.rows(Promise)

    bot.fake.reset_calls()
    bot.click(user=ANA, action_id=Action.CLOSE_INSTEAD, value=str(promise.id),
              response_url=bot.fake.response_url("nudge"))
    [opened] = bot.fake.calls_to("views.open")
    view = opened.params["view"]
    assert "the person I had in mind" in initial(view, "draft")
    bot.fake.reset_calls()
    bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"], values=state_of(view))

    [close] = to_channels(bot)
    assert close.params["thread_ts"] == INTRO_TS and "can't make that happen" in close.params["text"]
    assert "Diego" not in str(close.params)
    assert bot.rows(Promise)[0].state is PromiseState.CANCELLED


def test_no_answer_in_a_week_also_offers_the_direct_close(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    ana_asks_diego_from_the_modal(bot)

    assert reminders_to_ana(bot.tick(clock, REDIRECT_DUE)) == []  # still asking: no reminder
    [promise] = bot.rows(Promise)
    bot.click(user=ANA, action_id=Action.MAKE_INTRO, value=str(promise.id),  # from the digest, say
              response_url=bot.fake.response_url("digest"))
    [reply] = bot.fake.calls_to("response_url:digest")
    assert "already asked them" in reply.params["text"] and bot.fake.calls_to("views.open") == []
    expired = bot.tick(clock, datetime(2026, 11, 30, 15, 1, tzinfo=UTC))  # a week after asking
    later = bot.tick(clock, datetime(2026, 11, 30, 15, 7, tzinfo=UTC))

    to_ana = reminders_to_ana(expired + later)
    assert any("has expired" in t for t in to_ana)
    assert len([t for t in to_ana if "isn't going ahead" in t]) == 1
    assert bot.rows(Promise)[0].state is PromiseState.OPEN


def test_with_several_waiting_each_is_asked_with_the_member_and_one_connection_keeps_the_promise(
        bot: Bot) -> None:
    bot.say(f"<@{ANA}> meet <@{BEN}> and <@{STRANGER}>, you all work on pricing")
    [prompt] = [c for c in bot.fake.calls_to("chat.postEphemeral") if c.params["user"] == ANA]
    party_id = int(prompt.params["blocks"][1]["elements"][0]["value"])
    view = pick_diego(bot, open_modal(bot, party_id, Action.REDIRECT))
    submit(bot, view, who=DIEGO)

    asked: dict[int, set[str]] = {}
    for row in bot.rows(OptInAnswer):
        asked.setdefault(row.request_id, set()).add(row.user_id)
    assert sorted(sorted(people) for people in asked.values()) == sorted([sorted((BEN, DIEGO)),
                                                                          sorted((STRANGER, DIEGO))])
    assert {r.introducer_id for r in bot.rows(OptInRequest)} == {ANA}
    assert len([c for c in bot.fake.calls_to("chat.postMessage") if c.params["channel"] == dm(DIEGO)]) == 2
    assert all("Diego" not in str(c.params) for c in to_channels(bot))

    ben_and_diego = next(request_id for request_id, people in asked.items() if BEN in people)
    for user in (BEN, DIEGO):
        bot.click(user=user, action_id=Action.OPTIN_YES, value=str(ben_and_diego), channel=dm(user),
                  response_url=bot.fake.response_url("ask"))
    assert bot.rows(Promise)[0].state is PromiseState.KEPT
