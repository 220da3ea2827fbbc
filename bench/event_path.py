"""Benchmark: how fast the bot acknowledges Slack's message events over HTTP and prompts the people of an intro,
next to a bare Bolt app.

Run with `.venv/bin/python -m bench.event_path [--seconds 10] [--rates 10,25,50,100,200]
[--servers dev,gunicorn,bolt] [--mixes chatter,intros] [--slack-latency-ms 50]`.

Signed `message` events are posted open-loop (bench/load.py): latency is from each event's scheduled send time
to its HTTP answer, so a server that falls behind is charged for its queue. Two mixes: "chatter" (ordinary
messages only, a fifth of them thread replies) and "intros" (the same with 5% real intros from the corpus).

Targets, each a subprocess on loopback (bench/targets.py), talk to a fake Slack Web API in this process that
answers every call after `--slack-latency-ms` (Slack's round trip: the prompt path pays it on users.info,
chat.getPermalink, chat.postEphemeral ...). Servers, each a pair of ours and a bare Bolt app with a no-op message
listener (bench/bare.py):
- dev: both behind our development server (`python app.py`);
- gunicorn: both behind gunicorn (`--workers 2 --threads 8`);
- bolt: ours as `python app.py`, the bare app on Bolt's own `App.start()`, what Bolt's getting-started guide runs.
For each server, rate and mix, ours and bare run back to back as ours, bare, bare, ours (drift cancels out);
the two runs of each are pooled. By default dev and gunicorn send the intro mix, bolt both mixes.

For ours with intros, the time to the prompt (bench/prompt_timing.py): from an intro's scheduled send to the
fake Slack receiving the last of its people's prompts, and how many intros had none by the end of the run and
the drain that follows it (until the listeners' Slack calls stop).
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bench.event_report import GOAL_SLACK_LATENCY_MS, Row, markdown, percentile
from bench.event_world import MIXES, SLACK_LATENCY, EventSource, settle, world
from bench.load import Run, drive
from bench.prompt_timing import PromptTimes, time_prompts
from bench.targets import SERVERS, Target, make_target, running

if TYPE_CHECKING:
    from tests.support.fake_slack import FakeSlack

RATES = (10, 25, 50, 100, 200)
SECONDS = 10.0
WARMUP_EVENTS = 150  # first requests import lazily, fill caches and (bare, gunicorn) build the app
DEFAULT_MIXES = {"dev": ("intros",), "gunicorn": ("intros",), "bolt": ("chatter", "intros")}


def _ms(values: Sequence[float], q: float) -> str:
    return f"{percentile(values, q) * 1000:7.2f}" if values else "    n/a"


def one_run(fake: FakeSlack, source: EventSource, target: Target, rate: int, seconds: float,
            mix: str) -> tuple[Run, PromptTimes | None]:
    """One open-loop run and its drain; the prompts' times when it is ours and the mix has intros."""
    batch = source.batch(max(1, round(rate * seconds)), MIXES[mix])
    first_call = len(fake.calls)
    result = drive(target.port, batch.bodies, rate)
    result.backlog = settle(fake)
    if target.name != "ours" or not MIXES[mix]:
        return result, None
    return result, time_prompts(batch.intros, result.dues, fake.calls[first_call:])  # a slice is atomic


def _progress_line(rate: int, mix: str, target: Target, result: Run, prompts: PromptTimes | None) -> str:
    line = (f"  {rate:>4}/s {mix:<7} {target.label:<26} median {_ms(result.latencies, 50)} ms"
            f"  p99 {_ms(result.latencies, 99)} ms  {result.sustained:6.1f}/s  failed {result.failed}"
            f"  backlog {result.backlog:.1f} s")
    if prompts is not None:
        line += (f"  prompt p50 {_ms(prompts.seconds, 50)} ms p95 {_ms(prompts.seconds, 95)} ms"
                 f"  unprompted {prompts.unprompted}/{prompts.intros}")
    return line


def run(rates: Sequence[int] = RATES, seconds: float = SECONDS, servers: Sequence[str] = SERVERS,
        repeat: bool = True, progress: Callable[[str], None] = print, mixes: Sequence[str] | None = None,
        slack_latency: float = SLACK_LATENCY) -> list[Row]:
    rows: list[Row] = []
    with world(slack_latency) as (fake, source), tempfile.TemporaryDirectory(prefix="bench-event-path-") as folder:
        for server in servers:
            ours, bare = (make_target(name, server, fake.api_url, Path(folder)) for name in ("ours", "bare"))
            with running((ours, bare)):
                for target in (ours, bare):
                    drive(target.port, source.bodies(WARMUP_EVENTS), rate=50)
                    settle(fake)
                for rate in rates:
                    for mix in mixes or DEFAULT_MIXES[server]:
                        runs: dict[str, list[tuple[Run, PromptTimes | None]]] = {"ours": [], "bare": []}
                        for target in (ours, bare, bare, ours) if repeat else (ours, bare):
                            result, prompts = one_run(fake, source, target, rate, seconds, mix)
                            runs[target.name].append((result, prompts))
                            progress(_progress_line(rate, mix, target, result, prompts))
                        rows += [Row.pooled(rate, server, name, mix, [r for r, _ in done],
                                            [p for _, p in done if p is not None])
                                 for name, done in runs.items()]
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time to acknowledge message events and to prompt intros: ours vs "
                                                 "a bare Bolt app.")
    parser.add_argument("--seconds", type=float, default=SECONDS, help="seconds per rate and target run")
    parser.add_argument("--rates", default=",".join(map(str, RATES)), help="events per second, comma-separated")
    parser.add_argument("--servers", default=",".join(SERVERS), help=f"some of {', '.join(SERVERS)}")
    parser.add_argument("--mixes", help="chatter, intros or both, for every server (default: intros for dev and "
                                        "gunicorn, both for bolt)")
    parser.add_argument("--slack-latency-ms", type=float, default=SLACK_LATENCY * 1000,
                        help=f"the fake Slack's answer time per call (goals: {GOAL_SLACK_LATENCY_MS:g})")
    parser.add_argument("--no-repeat", action="store_true", help="ours, bare once each (not ours, bare, bare, ours)")
    args = parser.parse_args(argv)
    servers = args.servers.split(",")
    mixes = args.mixes.split(",") if args.mixes else None
    for name, chosen, known in (("server", servers, SERVERS), ("mix", mixes or (), tuple(MIXES))):
        if unknown := [c for c in chosen if c not in known]:
            parser.error(f"unknown {name} {', '.join(unknown)}: choose from {', '.join(known)}")
    rows = run([int(r) for r in args.rates.split(",")], args.seconds, servers, not args.no_repeat,
               mixes=mixes, slack_latency=args.slack_latency_ms / 1000)
    print(markdown(rows, args.slack_latency_ms))


if __name__ == "__main__":
    main()
