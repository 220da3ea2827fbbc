"""Benchmark: how many messages per second the intro detector gets through on one core.

Run with `.venv/bin/python -m bench.detection`. The chatter is generated from a fixed seed
so runs are comparable: ~60% of messages mention nobody, ~30% one person and ~10% two or
more (in sentences that are not intros), 20 to 400 characters long. The intros are the
corpus writers' intros.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from pathlib import Path

from bot.domain.detection import detect_introduction
from bot.domain.draft_voice import intro_voice

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "domain" / "corpus" / "writers"
AUTHOR = "U0AUTHOR1"
SEED = 20261123
MESSAGES = 5_000
RUNS = 5
MIN_SECONDS = 0.2  # each timed run repeats the batch until at least this long

PEOPLE = ["U0ANA0001", "U0BEN0001", "U0CARLA01", "U0DIEGO01", "W0EVA0001", "U0FARAH01", AUTHOR]
NAMES = ["ana", "ben", "carla", "diego", "eva", "farah", "me"]

# Fragments of everyday work chat; `{m}` marks where a mention goes.
PLAIN = [
    "deploy is green again, thanks all",
    "anyone else seeing the 502s on staging?",
    "lunch order closes at 11:30 :burrito:",
    "I pushed a fix for the flaky login test",
    "the standup moved to 10:15 tomorrow",
    "can we meet after the retro to go over the roadmap?",
    "meeting notes are in <https://docs.example.com/n/42|the doc>",
    "I introduced a bug in the importer, rolling back now",
    "we're introducing a new on-call rotation next sprint",
    "the intro section of the onboarding guide needs love",
    "`make test` is failing on main, looking into it",
    "> quoting the customer: it works on my machine\nclassic",
    "release notes draft: ```v2.4 - faster search, fewer timeouts```",
    "coffee machine on 3 is fixed :coffee:",
    "reminder: the all-hands is at 4pm in the big room",
    "PR is up, reviews welcome :pray:",
]
ONE = [
    "{m} can you take a look at this when you get a chance?",
    "thanks {m} for the quick turnaround :raised_hands:",
    "{m} the dashboard link is <https://grafana.example.com/d/abc|here>",
    "{m} meet me at the lobby at 3",
    "looping in {m} for visibility",
    "{m} could you introduce me to someone on the billing team?",
    "{m} is out today, ping me instead",
    "happy birthday {m}! :birthday:",
]
MANY = [
    "{m} and {m} will meet the customer Thursday at 2",
    "{m} {m} let's meet at 3 in the big room",
    "{m} can you review {m}'s PR before standup?",
    "cc {m} {m}",
    "thanks {m} for introducing me to {m} last year!",
    "{m} could you introduce me to {m}?",
    "I'll introduce {m} to {m} next week",
    "looping in {m} to take this ticket, {m} is out",
    "{m} {m} meeting notes from today are in the channel",
    "{m} and {m} are pairing on the migration this afternoon",
    "{m}, {m}: the release is blocked on the cert renewal",
    "{m} {m} {m} please fill in the offsite survey by Friday",
]


def _mention(rng: random.Random) -> str:
    i = rng.randrange(len(PEOPLE))
    return f"<@{PEOPLE[i]}|{NAMES[i]}>" if rng.random() < 0.3 else f"<@{PEOPLE[i]}>"


def _fill(template: str, rng: random.Random) -> str:
    while "{m}" in template:
        template = template.replace("{m}", _mention(rng), 1)
    return template


def _message(templates: list[str], rng: random.Random) -> str:
    """One template, padded with plain chatter to a length between 20 and 400 characters."""
    text = _fill(rng.choice(templates), rng)
    target = rng.randint(20, 400)
    while len(text) < target:
        more = rng.choice(PLAIN)
        if len(text) + 1 + len(more) > 400:
            break
        text += " " + more
    return text


def chatter(n: int = MESSAGES, seed: int = SEED) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        roll = rng.random()
        templates = PLAIN if roll < 0.6 else ONE if roll < 0.9 else MANY
        out.append(_message(templates, rng))
    return out


def two_mention_chatter(n: int = MESSAGES, seed: int = SEED + 1) -> list[str]:
    rng = random.Random(seed)
    return [_message(MANY, rng) for _ in range(n)]


def intros() -> list[tuple[str, str]]:
    rows = [json.loads(line) for path in sorted(CORPUS.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["text"], r["author"]) for r in rows if r["label"] == "intro"]


def _rate(batch: list[tuple[str, str]], detect: Callable[..., object] = detect_introduction) -> float:
    """Best-of-RUNS messages per second over a batch of (text, author) pairs."""
    best = 0.0
    for _ in range(RUNS):
        done, start = 0, time.perf_counter()
        while True:
            for text, author in batch:
                detect(text, author_id=author)
            done += len(batch)
            elapsed = time.perf_counter() - start
            if elapsed >= MIN_SECONDS:
                break
        best = max(best, done / elapsed)
    return best


def _detect_and_read_voice(text: str, *, author_id: str) -> object:
    """What the request does with an intro: detect it, then read its language and register for the drafts."""
    found = detect_introduction(text, author_id=author_id)
    return intro_voice(text) if found is not None else None


def false_alarms(texts: list[str]) -> int:
    """How many of these messages, none of them an intro, would prompt someone."""
    return sum(detect_introduction(t, author_id=AUTHOR) is not None for t in texts)


def run() -> list[tuple[str, float]]:
    """(label, messages per second) for each workload."""
    mixed = [(t, AUTHOR) for t in chatter()]
    return [
        ("chatter msgs/s", _rate(mixed)),
        ("intro msgs/s", _rate(intros())),
        ("intro msgs/s, with language and register read", _rate(intros(), _detect_and_read_voice)),
        ("two-mention chatter msgs/s", _rate([(t, AUTHOR) for t in two_mention_chatter()])),
    ]


def main() -> None:
    print("| workload | msgs/s |")
    print("|---|---:|")
    for label, rate in run():
        print(f"| {label} | {rate:,.0f} |")
    texts = chatter() + two_mention_chatter()
    print(f"\nFalse alarms: {false_alarms(texts)} of {len(texts):,} generated chatter messages.")


if __name__ == "__main__":
    main()
