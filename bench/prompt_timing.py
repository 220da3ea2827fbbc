"""Benchmark support: time from an intro's message to its prompts, read from what the fake Slack received.

A prompt is a chat.postEphemeral to one person, or a chat.postMessage to their DM (when an ephemeral cannot reach
them), whose blocks link to the intro's message (`.../archives/<channel>/p<ts without its dot>`). An intro counts as
prompted when every person the detector names in it has their prompt; its time is from its scheduled send to the
last of those prompts' arrival at the fake, so the queue a busy server builds is charged to it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bench.event_world import CHANNEL, SentIntro
from tests.support.fake_slack import Call

PERMALINK = re.compile(r"/archives/" + re.escape(CHANNEL) + r"/p(\d+)")


@dataclass(frozen=True)
class PromptTimes:
    seconds: list[float]  # per intro prompted in full: scheduled send to its last person's prompt
    intros: int  # intros sent that the detector flags (the ones the bot should prompt)
    undetected: int  # corpus intros the detector misses: no prompt is due, so they are not counted as late
    unprompted: int  # flagged intros with someone still unprompted after the run and its drain
    other_prompts: int  # prompts for messages that were not corpus intros (the detector's false alarms)

    @classmethod
    def pooled(cls, runs: Sequence[PromptTimes]) -> PromptTimes:
        return cls([s for r in runs for s in r.seconds], sum(r.intros for r in runs),
                   sum(r.undetected for r in runs), sum(r.unprompted for r in runs),
                   sum(r.other_prompts for r in runs))


def prompt_of(call: Call) -> tuple[str, str] | None:
    """(message ts, recipient) when this call delivered a prompt; None otherwise."""
    if call.failed or call.method not in ("chat.postEphemeral", "chat.postMessage"):
        return None
    if call.method == "chat.postEphemeral":
        recipient = str(call.params.get("user", ""))
    else:
        channel = str((call.response or {}).get("channel", ""))
        if not channel.startswith("D"):
            return None  # a post to a channel (a close, say), not a prompt
        recipient = channel  # the fake names a DM "D" + the user id without its first letter
    found = PERMALINK.search(json.dumps(call.params.get("blocks") or []))
    if found is None:
        return None
    digits = found.group(1)
    return f"{digits[:-6]}.{digits[-6:]}", recipient


def _same_person(recipient: str, user_id: str) -> bool:
    return recipient == user_id or (recipient.startswith("D") and recipient[1:] == user_id[1:])


def time_prompts(intros: Iterable[SentIntro], dues: Sequence[float], calls: Iterable[Call]) -> PromptTimes:
    """Match the prompts among `calls` to the `intros` sent at `dues` (indexed like the run's events)."""
    wanted = {intro.ts: intro for intro in intros}
    arrivals: dict[str, dict[str, float]] = {}  # intro ts -> party -> first prompt's arrival
    other = 0
    for call in calls:
        if (found := prompt_of(call)) is None:
            continue
        ts, recipient = found
        intro = wanted.get(ts)
        party = next((p for p in intro.parties if _same_person(recipient, p)), None) if intro else None
        if intro is None or party is None:
            other += 1
            continue
        arrivals.setdefault(ts, {}).setdefault(party, call.received)
    seconds, unprompted, detected = [], 0, 0
    for intro in wanted.values():
        if not intro.parties:
            continue
        detected += 1
        got = arrivals.get(intro.ts, {})
        if len(got) < len(intro.parties):
            unprompted += 1
        else:
            seconds.append(max(got.values()) - dues[intro.index])
    return PromptTimes(seconds, detected, len(wanted) - detected, unprompted, other)
