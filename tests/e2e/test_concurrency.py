"""Trust under duplication and concurrency: redelivered events, a restart, and ten identical clicks or
submissions at once each have exactly one effect, on SQLite and on PostgreSQL.

Requests are posted from many threads at once (held at a barrier so they really overlap) straight to the
real HTTP endpoint; the listeners' work is awaited once at the end. Counts of calls to the fake Slack are
exact, so a double effect (two prompts, two posts, two group DMs) fails the test.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from threading import Barrier
from typing import Any, TypeVar

import pytest

from bot.blocks.ids import ASK_DECLINE_MODAL, CLOSE_MODAL, Action
from bot.db.engine import make_engine, make_session_factory
from bot.db.models import Close, Intro, IntroAsk, OptInRequest, Party, Promise
from bot.domain.optin import AskState, RequestState
from bot.domain.states import CloseStatus, PartyState, PromiseState
from bot.slack.executor import TrackedExecutor
from tests.e2e.conftest import ANA, BEN, CARLA, CHANNEL, TEAM, Bot, serving
from tests.e2e.modal import state_of
from tests.e2e.steps import (
    INTRO_TS,
    ana_asks,
    ask_carla_intro,
    dm,
    dms_to,
    introduce,
    open_modal,
    press_on_ask,
    redirect_to_diego,
    request_id,
)
from tests.support import slack_requests as req
from tests.support.fake_slack import Call
from tests.support.slack_requests import Response, SignedPoster

TIMES = 10
INTRO_TEXT = f"<@{ANA}> meet <@{BEN}>, you both work on pricing"
T = TypeVar("T")


@pytest.fixture(autouse=True)
def no_errors_logged(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """A listener that fails after its ack (e.g. "database is locked") still answered 200: the log tells."""
    yield
    records = caplog.get_records("setup") + caplog.get_records("call")  # `caplog.records` is teardown's by now
    assert [f"{r.name}: {r.getMessage()}" for r in records if r.levelno >= logging.ERROR] == []


def concurrently(work: Callable[[int], T], times: int = TIMES) -> list[T]:
    """Run `work(i)` in `times` threads released together; their results, in order."""
    barrier = Barrier(times)

    def run(i: int) -> T:
        barrier.wait(timeout=10)
        return work(i)

    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(run, range(times)))


def ten_submits_one_wins(bot: Bot, payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The same form submitted TIMES at once: all answered, exactly one closes it; the others' answers."""
    responses = concurrently(lambda _: bot.poster.post_interaction(payload))
    bot.settle()
    assert_all_ok(responses)
    assert sum(r.body == "" for r in responses) == 1
    return [r.json() for r in responses if r.body]


def assert_all_ok(responses: list[Response]) -> None:
    assert [r.status for r in responses] == [200] * len(responses)


def replies(bot: Bot, names: list[str]) -> list[str]:
    """The one reply each response_url got (a second reply to the same click would fail here)."""
    texts: list[str] = []
    for name in names:
        [reply] = bot.fake.calls_to(f"response_url:{name}")
        texts.append(reply.params["text"])
    return texts


def prompts_by_person(bot: Bot) -> list[str]:
    return sorted(c.params["user"] for c in bot.fake.calls_to("chat.postEphemeral"))


def intro_event(event_id: str) -> dict[str, Any]:
    return req.message_event(text=INTRO_TEXT, user=CARLA, channel=CHANNEL, ts=INTRO_TS, team_id=TEAM,
                             event_id=event_id)


@contextmanager
def restarted(bot: Bot) -> Iterator[tuple[SignedPoster, TrackedExecutor]]:
    """A second app process on the same database and Slack: fresh engine, pool, caches and endpoint."""
    engine = make_engine(bot.settings.database_url)
    try:
        with serving(bot.settings, make_session_factory(engine)) as (base, executor, _):
            yield SignedPoster(f"{base}/slack/events", bot.settings.slack_signing_secret.get_secret_value()), executor
    finally:
        engine.dispose()


def test_a_redelivered_event_and_a_restart_prompt_once(bot: Bot) -> None:
    event_id = "Ev0REDELIV1"
    responses = [bot.say(INTRO_TEXT, ts=INTRO_TS, event_id=event_id, retry_num=n) for n in (None, 1, 2, 3)]
    assert_all_ok(responses)
    assert prompts_by_person(bot) == [ANA, BEN]

    looked_up = len(bot.fake.calls_to("users.info"))
    with restarted(bot) as (poster, executor):
        after_restart = poster.post_event(intro_event(event_id), retry_num=3, retry_reason="http_timeout")
        assert executor.wait_idle(timeout=20), "listeners did not finish"

    assert after_restart.status == 200
    # The new process really handled the event (its own people cache looked them up) and prompted no one.
    assert len(bot.fake.calls_to("users.info")) > looked_up
    assert prompts_by_person(bot) == [ANA, BEN]
    assert len(bot.rows(Intro)) == 1
    assert sorted(p.user_id for p in bot.rows(Party)) == [ANA, BEN]


def test_ten_concurrent_deliveries_of_a_new_intro_prompt_once(bot: Bot) -> None:
    envelope = intro_event("Ev0CONCUR01")

    responses = concurrently(lambda _: bot.poster.post_event(envelope))
    bot.settle()

    assert_all_ok(responses)
    assert prompts_by_person(bot) == [ANA, BEN]
    assert len(bot.rows(Intro)) == 1
    assert sorted(p.user_id for p in bot.rows(Party)) == [ANA, BEN]


def test_ten_concurrent_submits_of_a_direct_close_post_it_once(bot: Bot) -> None:
    party_id = introduce(bot)
    view = open_modal(bot, party_id, Action.DIRECT)
    payload = req.view_submission(user=ANA, team_id=TEAM, callback_id=CLOSE_MODAL,
                                  private_metadata=view["private_metadata"], values=state_of(view))
    bot.fake.reset_calls()

    # One submit wins and the modal closes; the others stay open with a kind word instead of posting again.
    for loser in ten_submits_one_wins(bot, payload):
        assert loser["response_action"] == "errors"
        [message] = loser["errors"].values()
        assert message == "You've already answered this intro: you closed it directly. Nothing more to do."
    [close] = bot.fake.calls_to("chat.postMessage")
    assert (close.params["channel"], close.params["thread_ts"]) == (CHANNEL, INTRO_TS)
    [stored] = bot.rows(Close)
    assert (stored.way, stored.status, stored.posted_ts) == ("direct", CloseStatus.POSTED, close.answered["ts"])
    assert [p.state for p in bot.rows(Party) if p.user_id == ANA] == [PartyState.CLOSED_DIRECT]
    [confirmed] = bot.fake.calls_to("response_url:prompt")  # the prompt is replaced once
    assert "Your close is posted in the thread" in confirmed.params["text"]


def click_all(bot: Bot, names: list[str], users: list[str], action: Action, value: int, *,
              in_dm: bool = False) -> list[Response]:
    """Everyone clicks at once, each click with its own response_url so each reply can be read."""
    return concurrently(lambda i: bot.poster.post_interaction(req.block_action(
        team_id=TEAM, user=users[i], action_id=action, value=str(value), channel=dm(users[i]) if in_dm else None,
        response_url=bot.fake.response_url(names[i]))), len(names))


def test_ten_concurrent_happy_to_connect_clicks_change_the_party_once(bot: Bot) -> None:
    party_id = introduce(bot)
    bot.fake.reset_calls()
    names = [f"click{i}" for i in range(TIMES)]

    responses = click_all(bot, names, [ANA] * TIMES, Action.CONNECT, party_id)
    bot.settle()

    assert_all_ok(responses)
    said = replies(bot, names)
    # One click marks it; while no yes is stored, every other click offers the yes form again (only one yes can
    # be stored: a second submit is refused), so each prompt says the same.
    assert len(said) == TIMES and all("enjoy the conversation" in text for text in said)
    # Every click, winner or not, replaces the prompt, so no stale buttons are left behind.
    assert all(c.params["replace_original"] is True for n in names for c in bot.fake.calls_to(f"response_url:{n}"))
    assert [p.state for p in bot.rows(Party) if p.user_id == ANA] == [PartyState.CONNECTED]
    assert bot.fake.calls_to("chat.postMessage") == []


def group_opens(calls: list[Call]) -> list[Call]:
    return [c for c in calls if "," in c.params["users"]]


def test_ten_concurrent_yeses_from_both_people_connect_them_once(bot: Bot) -> None:
    ask_carla_intro(bot)
    rid = request_id(bot)
    bot.fake.reset_calls()
    users = [ANA, BEN] * (TIMES // 2)
    names = [f"{u.lower()}{i}" for i, u in enumerate(users)]

    responses = click_all(bot, names, users, Action.OPTIN_YES, rid, in_dm=True)
    bot.settle()

    assert_all_ok(responses)
    [group] = group_opens(bot.fake.calls_to("conversations.open"))
    assert sorted(group.params["users"].split(",")) == sorted([ANA, BEN, CARLA])
    [intro] = [c for c in bot.fake.calls_to("chat.postMessage") if c.params["channel"].startswith("G")]
    assert f"<@{ANA}>, meet <@{BEN}>" in intro.params["text"]
    said = replies(bot, names)
    assert sum("You both said yes" in text for text in said) == 1  # the second person's first yes
    assert sum("as soon as" in text and "says yes too" in text for text in said) == 1  # the first person's
    assert sum("already" in text for text in said) == TIMES - 2  # repeated yeses, and yeses after connecting
    assert len(bot.fake.calls_to("chat.update")) == 1  # the first person's question, replaced once
    [request] = bot.rows(OptInRequest)
    assert (request.state, request.group_channel_id) == (RequestState.CONNECTED, intro.params["channel"])
    assert request.resolved_at is not None


def test_ten_concurrent_already_done_clicks_keep_a_promise_once(bot: Bot) -> None:
    promise_id = redirect_to_diego(bot)
    bot.fake.reset_calls()
    names = [f"done{i}" for i in range(TIMES)]

    responses = click_all(bot, names, [ANA] * TIMES, Action.DONE, promise_id, in_dm=True)
    bot.settle()

    assert_all_ok(responses)
    said = replies(bot, names)
    assert sum("Marked as done" in text for text in said) == 1  # one UPDATE moved it; the rest found it kept
    assert sum(text == "That one is already kept. Nothing more to do, thank you!" for text in said) == TIMES - 1
    [promise] = bot.rows(Promise)
    assert promise.state is PromiseState.KEPT and promise.resolved_at is not None
    assert bot.fake.calls_to("chat.postMessage") == []


def test_ten_concurrent_kind_declines_of_an_intro_request_send_one_dm(bot: Bot) -> None:
    ana_asks(bot)
    form = press_on_ask(bot, Action.ASK_DECLINE)
    assert form is not None
    payload = req.view_submission(user=CARLA, team_id=TEAM, callback_id=ASK_DECLINE_MODAL,
                                  private_metadata=form["private_metadata"],
                                  values=state_of(form, ask_text="Hi Ana, I barely know Ben, so I'll pass."))
    bot.fake.reset_calls()

    # The answer is stored before the form is acknowledged: one submit closes it, the others say why not.
    for loser in ten_submits_one_wins(bot, payload):
        assert loser == {"response_action": "errors",
                         "errors": {"ask_text": "You've already answered this intro request. Nothing more to do."}}
    [answer] = dms_to(bot, ANA)
    assert "I barely know Ben" in answer.params["text"]
    assert dms_to(bot, BEN) == [] and len(bot.fake.calls_to("chat.postMessage")) == 1
    [done] = bot.fake.calls_to("response_url:ask")
    assert "Your answer went to them privately" in done.params["text"]
    [ask] = bot.rows(IntroAsk)
    assert ask.state is AskState.DECLINED
