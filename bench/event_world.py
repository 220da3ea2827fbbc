"""Benchmark support: the world the event-path benchmark runs in, a fake Slack and the message events it sends.

Every event has its own event id and ts, so nothing is deduplicated. The intros among them are remembered
(`Sent`), with the people the detector names in them, so the time to each one's prompt can be measured.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import time
import uuid
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.support.fake_slack import FakeSlack

TOKEN = "xoxb-test"
SIGNING_SECRET = "bench-signing-secret"
TEAM = "T1"
CHANNEL = "C1GENERAL"
BOT_USER = "UBOT"
CHATTERS = ("U0AUTHOR1", "U0ANA0001", "U0BEN0001", "U0CARLA01", "U0DIEGO01", "W0EVA0001", "U0FARAH01")

INTRO_SHARE = 0.05
THREAD_REPLY_SHARE = 0.2  # of the chatter: replies run our thread-reply query, as they do in real channels
SLACK_LATENCY = 0.050  # seconds the fake Slack takes to answer each Web API call (Slack's round trip)
SEED = 20261126
TS_BASE = 1_763_800_000

# The mixes of messages a run sends: the share of intros in each.
MIXES = {"chatter": 0.0, "intros": INTRO_SHARE}
MIX_LABELS = {"chatter": "chatter only", "intros": f"{INTRO_SHARE:.0%} intros"}


@dataclass(frozen=True)
class SentIntro:
    index: int  # its place in the batch: its scheduled send time is the run's start + index / rate
    ts: str
    parties: tuple[str, ...]  # the people the detector finds introduced (the bot prompts each); () if it misses


@dataclass
class Batch:
    bodies: list[bytes]
    intros: list[SentIntro] = field(default_factory=list)


class EventSource:
    """Message event bodies in the benchmark's mixes, signed when sent. Not thread-safe: build them before a run."""

    def __init__(self, seed: int = SEED) -> None:
        from bench.detection import chatter, intros

        self._rng = random.Random(seed)
        self._chatter = chatter(2_000, seed)
        self.intros = intros()
        self._numbers = itertools.count(1)
        self._prefix = uuid.uuid4().hex[:4].upper()  # event ids differ between benchmark runs too
        self._parents: deque[str] = deque(maxlen=500)  # recent top-level messages, for thread replies
        self._parties: dict[tuple[str, str], tuple[str, ...]] = {}

    def bodies(self, n: int, intro_share: float = INTRO_SHARE) -> list[bytes]:
        return self.batch(n, intro_share).bodies

    def batch(self, n: int, intro_share: float = INTRO_SHARE) -> Batch:
        from tests.support.slack_requests import message_event

        out = Batch([])
        for index in range(n):
            number = next(self._numbers)
            ts = f"{TS_BASE + number // 1_000_000}.{number % 1_000_000:06d}"
            thread_ts = None
            if self._rng.random() < intro_share:
                text, user = self._rng.choice(self.intros)
                out.intros.append(SentIntro(index, ts, self.parties(text, user)))
            else:
                text, user = self._rng.choice(self._chatter), self._rng.choice(CHATTERS)
                if self._parents and self._rng.random() < THREAD_REPLY_SHARE:
                    thread_ts = self._rng.choice(self._parents)
            if thread_ts is None:
                self._parents.append(ts)
            envelope = message_event(text=text, user=user, channel=CHANNEL, ts=ts, team_id=TEAM,
                                     thread_ts=thread_ts, event_id=f"Ev{self._prefix}{number:08d}")
            out.bodies.append(json.dumps(envelope).encode())
        return out

    def parties(self, text: str, author: str) -> tuple[str, ...]:
        """Whom the bot will prompt for this intro: the detector's parties (the bot's own detector, so its
        misses are not counted as delays) minus the bot. Everyone in the fake is an active person."""
        key = (text, author)
        if key not in self._parties:
            from bot.domain.detection import detect_introduction

            found = detect_introduction(text, author_id=author)
            self._parties[key] = tuple(dict.fromkeys(
                uid for uid in (found.parties if found else ()) if uid != BOT_USER))
        return self._parties[key]


@contextmanager
def world(latency: float = SLACK_LATENCY) -> Iterator[tuple[FakeSlack, EventSource]]:
    """The fake Slack (answering each call after `latency` seconds; every person the events mention, all in the
    channel) and the event source."""
    from tests.support.fake_slack import FakeSlack

    source = EventSource()
    people = set(CHATTERS)
    for text, author in source.intros:
        people.add(author)
        people.update(re.findall(r"<@([UW][A-Z0-9]+)", text))
    with FakeSlack(bot_user_id=BOT_USER, bot_id="BBOT", team_id=TEAM, tokens=(TOKEN,), latency=latency) as fake:
        for uid in sorted(people):
            fake.add_user(uid, name=uid.lower(), real_name=f"Person {uid[-4:]}", display_name=uid[-4:])
        fake.add_channel(CHANNEL, members=[*sorted(people), BOT_USER])
        yield fake, source


def settle(fake: FakeSlack, *, quiet: float = 0.5, limit: float = 120.0) -> float:
    """Wait until the listeners' Slack calls stop; seconds from now to the last call seen (the backlog).

    `quiet` is stretched to cover a few of the fake's answers: a listener waiting on Slack is not finished."""
    quiet = max(quiet, 4 * fake.latency)
    begin = changed = time.perf_counter()
    last = len(fake.calls)
    while (now := time.perf_counter()) - changed < quiet and now - begin < limit:
        time.sleep(0.05)
        if len(fake.calls) != last:
            last, changed = len(fake.calls), time.perf_counter()
    return changed - begin
