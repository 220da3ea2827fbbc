"""The event-path benchmark's own parts: the fake Slack's latency, prompt matching and the goals' verdicts."""

from __future__ import annotations

import math
import time

from slack_sdk import WebClient

from bench.event_report import Row, verdicts
from bench.event_world import CHANNEL, SentIntro
from bench.prompt_timing import PromptTimes, prompt_of, time_prompts
from tests.support.fake_slack import Call, FakeSlack

ANA, BEN, CARLA = "U0ANA0001", "U0BEN0001", "U0CARLA01"


def test_the_fake_answers_after_its_latency_and_records_arrival() -> None:
    with FakeSlack(latency=0.05) as fake:
        client = WebClient(token="xoxb-test", base_url=fake.api_url)
        before = time.perf_counter()
        client.auth_test()
        answered = time.perf_counter()
        assert answered - before >= 0.05
        assert before <= fake.calls[0].received <= answered - 0.05


def test_the_fake_has_no_latency_by_default() -> None:
    with FakeSlack() as fake:
        assert fake.latency == 0.0


def _prompt(method: str, *, ts: str, user: str = "", dm: str = "", received: float = 0.0) -> Call:
    digits = ts.replace(".", "")
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text":
               f":wave: <@X> introduced you to <@Y>. <https://fake.slack.com/archives/{CHANNEL}/p{digits}|View>"}}]
    params = {"channel": CHANNEL if user else dm, "blocks": blocks, **({"user": user} if user else {})}
    return Call(method, params, "xoxb-test", failed=False, response={"ok": True, "channel": dm or CHANNEL},
                received=received)


def test_prompts_are_matched_to_intros_by_permalink_and_person() -> None:
    assert prompt_of(_prompt("chat.postEphemeral", ts="1763800000.000042", user=ANA)) == ("1763800000.000042", ANA)
    assert prompt_of(_prompt("chat.postMessage", ts="1763800000.000042", dm="D0BEN0001")) == (
        "1763800000.000042", "D0BEN0001")
    assert prompt_of(Call("chat.postMessage", {"channel": CHANNEL, "text": "a close"}, None, failed=False,
                          response={"ok": True, "channel": CHANNEL})) is None

    intros = [SentIntro(0, "1763800000.000001", (ANA, BEN)), SentIntro(1, "1763800000.000002", (ANA, CARLA)),
              SentIntro(2, "1763800000.000003", ())]
    calls = [_prompt("chat.postEphemeral", ts="1763800000.000001", user=ANA, received=10.2),
             _prompt("chat.postMessage", ts="1763800000.000001", dm="D0BEN0001", received=10.4),
             _prompt("chat.postEphemeral", ts="1763800000.000002", user=ANA, received=10.5),  # CARLA never
             _prompt("chat.postEphemeral", ts="1763800000.000099", user=ANA, received=10.6)]  # not an intro sent
    times = time_prompts(intros, [10.0, 10.01, 10.02], calls)
    assert [round(s, 3) for s in times.seconds] == [0.4]  # to the last of its people's prompts
    assert (times.intros, times.undetected, times.unprompted, times.other_prompts) == (2, 1, 1, 1)


def _row(server: str, target: str, mix: str, median_ms: float, prompts: PromptTimes | None = None) -> Row:
    return Row(rate=100, server=server, target=target, mix=mix, median_ms=median_ms, p99_ms=10.0, sustained=100.0,
               sent=1000, failed=0, late=0, backlog_s=0.0, lag_p99_ms=1.0, prompts=prompts)


def test_verdicts_judge_chatter_against_bolt_and_count_unprompted_intros_as_never() -> None:
    prompts = PromptTimes([0.2] * 18, intros=20, undetected=0, unprompted=2, other_prompts=0)
    rows = [_row("bolt", "ours", "chatter", 1.3), _row("bolt", "bare", "chatter", 1.0),
            _row("bolt", "ours", "intros", 2.3, prompts), _row("bolt", "bare", "intros", 1.0)]
    judged = verdicts(rows, 50.0)
    chatter = next(v for v in judged if "chatter median" in v.goal)
    assert not chatter.met and chatter.measured == "1.30x (every rate: 100/s 1.30x)"
    prompt = next(v for v in judged if "prompts" in v.goal)
    assert not prompt.met and prompt.measured.startswith("never")  # 2 of 20 unprompted: the p95 is never
    assert math.isinf(rows[2].prompt_seconds()[-1])

    rows[0] = _row("bolt", "ours", "chatter", 1.1)
    rows[2] = _row("bolt", "ours", "intros", 2.3, PromptTimes([0.2] * 20, 20, 0, 0, 0))
    assert all(v.met for v in verdicts(rows, 50.0))  # the intro mix's 2.3x is reported, not a goal
