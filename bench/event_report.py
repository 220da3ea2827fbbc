"""Benchmark support: the event path's results, its goals and their verdicts, as Markdown.

Goals (issue 6, and issue 13 item 8: benchmarks that tell users the truth), at GOAL_RATE events/s with the fake
Slack answering each call in GOAL_SLACK_LATENCY_MS:
- behind each server, ours' median acknowledgement within MEDIAN_RATIO_GOAL x the bare app's, every rate;
- `python app.py` acknowledges chatter with a median within MEDIAN_RATIO_GOAL x a bare Bolt `App.start()`;
- acknowledgement p99 under P99_GOAL_MS, with 5% intros;
- time from an intro's message to its prompts: p95 under PROMPT_P95_GOAL_S, an intro never prompted counting
  as infinitely late.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from bench.event_world import MIX_LABELS, MIXES
from bench.load import Run
from bench.prompt_timing import PromptTimes
from bench.targets import LABELS, SERVERS

MEDIAN_RATIO_GOAL = 1.2  # ours' median acknowledgement vs the bare app's
P99_GOAL_MS = 50.0
GOAL_RATE = 100
GOAL_SLACK_LATENCY_MS = 50.0
PROMPT_P95_GOAL_S = 1.0


def percentile(values: Sequence[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def nearest_rank(values: Sequence[float], q: float) -> float:
    """The q-th percentile by nearest rank: defined when some values are infinite (intros never prompted)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


@dataclass(frozen=True)
class Row:
    rate: int
    server: str
    target: str
    mix: str  # a key of MIXES
    median_ms: float
    p99_ms: float
    sustained: float  # events answered 200 per second, median of the runs
    sent: int
    failed: int
    late: int
    backlog_s: float  # the longest listener backlog after a run
    lag_p99_ms: float  # the client's own send delay: large values would make the numbers suspect
    prompts: PromptTimes | None = None  # ours, when the mix has intros

    @classmethod
    def pooled(cls, rate: int, server: str, target: str, mix: str, runs: Sequence[Run],
               prompts: Sequence[PromptTimes] = ()) -> Row:
        latencies = [x for run in runs for x in run.latencies]
        return cls(rate=rate, server=server, target=target, mix=mix,
                   median_ms=statistics.median(latencies) * 1000 if latencies else float("nan"),
                   p99_ms=percentile(latencies, 99) * 1000,
                   sustained=statistics.median(run.sustained for run in runs),
                   sent=sum(run.sent for run in runs), failed=sum(run.failed for run in runs),
                   late=sum(run.late for run in runs), backlog_s=max(run.backlog for run in runs),
                   lag_p99_ms=percentile([x for run in runs for x in run.lags], 99) * 1000,
                   prompts=PromptTimes.pooled(prompts) if prompts else None)

    @property
    def label(self) -> str:
        return LABELS.get((self.target, self.server), f"{self.target}, {self.server}")

    def prompt_seconds(self) -> list[float]:
        """Every flagged intro's time to its prompts, infinite for one never prompted."""
        p = self.prompts
        return [] if p is None else [*p.seconds, *[math.inf] * p.unprompted]


@dataclass(frozen=True)
class Verdict:
    goal: str
    measured: str
    met: bool


def _order(rows: Sequence[Row]) -> list[Row]:
    def key(r: Row) -> tuple[int, int, int, int]:
        return (SERVERS.index(r.server) if r.server in SERVERS else 9, list(MIXES).index(r.mix), r.rate,
                r.target != "ours")
    return sorted(rows, key=key)


def _ratios(rows: Sequence[Row], server: str, mix: str) -> dict[int, float]:
    by_key = {(r.rate, r.server, r.target, r.mix): r for r in rows}
    return {rate: by_key[(rate, server, "ours", mix)].median_ms / by_key[(rate, server, "bare", mix)].median_ms
            for rate in sorted({r.rate for r in rows if r.server == server and r.mix == mix})
            if (rate, server, "ours", mix) in by_key and (rate, server, "bare", mix) in by_key}


def verdicts(rows: Sequence[Row], slack_latency_ms: float) -> list[Verdict]:
    out = []
    at = f"{GOAL_RATE} events/s, Slack answering in {slack_latency_ms:g} ms"
    if slack_latency_ms != GOAL_SLACK_LATENCY_MS:
        at += f" (the goals ask for {GOAL_SLACK_LATENCY_MS:g} ms)"
    for server in dict.fromkeys(r.server for r in _order(rows)):
        mixes = list(dict.fromkeys(r.mix for r in _order(rows) if r.server == server))
        for mix in mixes:
            ratios = _ratios(rows, server, mix)
            if not ratios:
                continue
            measured = ", ".join(f"{rate}/s {ratio:.2f}x" for rate, ratio in ratios.items())
            if server == "bolt":  # issue 13: the figure a user compares with Bolt's getting-started guide
                if mix == "chatter" and GOAL_RATE in ratios:
                    out.append(Verdict(f"{LABELS[('ours', server)]}: chatter median acknowledgement within "
                                       f"{MEDIAN_RATIO_GOAL}x a bare Bolt `App.start()`, {at}",
                                       f"{ratios[GOAL_RATE]:.2f}x (every rate: {measured})",
                                       ratios[GOAL_RATE] <= MEDIAN_RATIO_GOAL))
                continue
            out.append(Verdict(f"{server}: median acknowledgement within {MEDIAN_RATIO_GOAL}x the bare app, every "
                               f"rate, {MIX_LABELS[mix]}", measured, max(ratios.values()) <= MEDIAN_RATIO_GOAL))
        ours = {r.mix: r for r in rows if r.server == server and r.target == "ours" and r.rate == GOAL_RATE}
        if (row := ours.get("intros") or next(iter(ours.values()), None)) is not None:
            out.append(Verdict(f"{row.label}: acknowledgement p99 under {P99_GOAL_MS:.0f} ms, {MIX_LABELS[row.mix]}, "
                               f"{at}", f"{row.p99_ms:.1f} ms", row.p99_ms < P99_GOAL_MS))
        if (row := ours.get("intros")) is not None and row.prompts is not None:
            p95 = nearest_rank(row.prompt_seconds(), 95)
            out.append(Verdict(f"{row.label}: time from an intro to its prompts, p95 under {PROMPT_P95_GOAL_S:g} s, "
                               f"{at}", f"{_seconds(p95)}; {row.prompts.unprompted} of {row.prompts.intros} "
                               "intros not prompted", p95 < PROMPT_P95_GOAL_S))
        failed = sum(r.failed for r in rows if r.server == server and r.target == "ours")
        out.append(Verdict(f"{LABELS[('ours', server)]}: every event acknowledged with 200", f"{failed} not",
                           failed == 0))
    return out


def _seconds(value: float) -> str:
    return "never" if math.isinf(value) else "n/a" if math.isnan(value) else f"{value:.2f} s"


def markdown(rows: Sequence[Row], slack_latency_ms: float) -> str:
    ordered = _order(rows)
    lines = ["| rate (events/s) | mix | target | median ms | p99 ms | sustained events/s | not 200 | over 3 s "
             "| listener backlog s | client send lag p99 ms |",
             "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r.rate} | {MIX_LABELS[r.mix]} | {r.label} | {r.median_ms:.2f} | {r.p99_ms:.2f} | "
              f"{r.sustained:.1f} | {r.failed} | {r.late} | {r.backlog_s:.1f} | {r.lag_p99_ms:.2f} |" for r in ordered]
    lines += ["", "Ours against the bare app, side by side in the same runs (median acknowledgement):", "",
              "| server | mix | rate (events/s) | ours ms | bare ms | ours / bare |", "|---|---|---:|---:|---:|---:|"]
    by_key = {(r.rate, r.server, r.target, r.mix): r for r in rows}
    for server, mix in dict.fromkeys((r.server, r.mix) for r in ordered):
        for rate, ratio in _ratios(rows, server, mix).items():
            ours, bare = by_key[(rate, server, "ours", mix)], by_key[(rate, server, "bare", mix)]
            lines.append(f"| {LABELS[('ours', server)]} vs {LABELS[('bare', server)]} | {MIX_LABELS[mix]} | {rate} "
                         f"| {ours.median_ms:.2f} | {bare.median_ms:.2f} | {ratio:.2f}x |")
    prompted = [r for r in ordered if r.prompts is not None]
    if prompted:
        lines += ["", "Time from an intro's message (its scheduled send) to the last of its people's prompts at the "
                  "fake Slack:", "", "| rate (events/s) | target | intros | p50 | p95 | max | not prompted "
                  "| not detected | prompts for other messages |", "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
        for r in prompted:
            p, times = r.prompts, r.prompt_seconds()
            assert p is not None
            lines.append(f"| {r.rate} | {r.label} | {p.intros} | {_seconds(nearest_rank(times, 50))} "
                         f"| {_seconds(nearest_rank(times, 95))} | {_seconds(max(times, default=math.nan))} "
                         f"| {p.unprompted} | {p.undetected} | {p.other_prompts} |")
    lines += ["", "| goal | measured | met |", "|---|---|---|"]
    lines += [f"| {v.goal} | {v.measured} | {'yes' if v.met else '**no**'} |" for v in verdicts(rows, slack_latency_ms)]
    return "\n".join(lines)
