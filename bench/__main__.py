"""Run every benchmark and write docs/benchmarks.md: `.venv/bin/python -m bench [--quick | --full]`.

Detection, the event path (ours vs a bare Bolt app: behind our development server, behind gunicorn, and on
Bolt's own `App.start()`; time to acknowledgement and to the prompt), due work (when
bench/due_work.py is there; 100,000 intros, or 1,000,000 with --full) and memory. `--quick` is a smoke run
with short durations and few events; it prints the report instead of overwriting the real one, unless --out
is given.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import detection, event_path, event_report, event_world, memory

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "benchmarks.md"


@dataclass(frozen=True)
class Plan:
    seconds: float
    events: int
    due_rows: int


FULL = Plan(seconds=event_path.SECONDS, events=memory.EVENTS, due_rows=1_000_000)
DEFAULT = Plan(seconds=event_path.SECONDS, events=memory.EVENTS, due_rows=100_000)
QUICK = Plan(seconds=2.0, events=3_000, due_rows=10_000)


def _git(*args: str) -> str | None:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def head() -> str | None:
    return _git("rev-parse", "--short", "HEAD")


def machine(commit: str | None) -> list[str]:
    def first(path: str, key: str) -> str:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "unknown"

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    changed = [line for line in (_git("status", "--porcelain", "--untracked-files=no") or "").splitlines() if line]
    return [f"- CPU: {first('/proc/cpuinfo', 'model name')}, {os.cpu_count()} logical cores (nproc "
            f"{len(os.sched_getaffinity(0))})",
            f"- Memory: {first('/proc/meminfo', 'MemTotal')}",
            f"- Python {platform.python_version()} on {platform.system()} {platform.release()}",
            (f"- Code: commit {commit}" if commit else "- Code: not a git checkout")
            + (f", plus uncommitted changes to {len(changed)} tracked file(s)" if changed else ""),
            f"- Load average at start (1, 5, 15 min): {load}; the machine is shared, so ours and the "
            "baseline always run side by side in the same run"]


def section(title: str, body: Callable[[], list[str]], progress: Callable[[str], None]) -> list[str]:
    progress(f"{title}...")
    start = time.perf_counter()
    lines = body()
    progress(f"{title}: {time.perf_counter() - start:.0f} s")
    return [f"## {title}", "", *lines, ""]


def detection_section() -> list[str]:
    return ["`python -m bench.detection`: messages per second through the intro detector on one core, best of "
            f"{detection.RUNS}. Goal: none set by issue 6; tracked against the README's figures (about 560,000 "
            "chatter, 70,000 two-mention chatter and 60,000 intro messages per second).", "",
            "| workload | msgs/s |", "|---|---:|", *(f"| {label} | {rate:,.0f} |" for label, rate in detection.run())]


def event_path_section(plan: Plan, progress: Callable[[str], None]) -> list[str]:
    rows = event_path.run(seconds=plan.seconds, progress=progress)
    latency = event_world.SLACK_LATENCY * 1000
    goal_at = f"at {event_report.GOAL_RATE} events/s with a fake Slack answering in {latency:g} ms"
    return [f"`python -m bench.event_path --seconds {plan.seconds:g}`: signed message events posted open-loop at "
            f"each rate for {plan.seconds:g} s per run, in the order ours, bare, bare, ours (the two runs pooled). "
            "Two mixes: chatter only (a fifth of it thread replies), and the same with "
            f"{event_world.INTRO_SHARE:.0%} intros from the corpus. Acknowledgement latency is scheduled send to "
            "HTTP answer. The bare app is `slack_bolt.App` with a no-op message listener, behind our development "
            "server (`python app.py`, the intro mix), behind gunicorn (`--workers 2 --threads 8`, the intro mix), "
            "and on Bolt's own development server, `App.start()` (both mixes): what a developer following Bolt's "
            "getting-started guide runs, against ours run as `python app.py`. The fake Slack and the client run "
            f"in the benchmark's process; the fake answers every Web API call after {latency:g} ms, as Slack's "
            "round trip would (the bare apps make no calls). Listener backlog: how long the listeners kept "
            "calling Slack after the last answer. Time to the prompt: from an intro's scheduled send to the fake "
            "Slack receiving the last of its people's prompts (ephemeral, or by DM), matched by the intro's "
            "permalink; an intro with someone still unprompted after the run and its drain counts as never "
            "prompted (infinitely late in the p95 of the goals). Intros the detector misses are left out of it: "
            "they are the detector's errors, not delays.", "",
            f"Goals (issue 6): median acknowledgement within {event_report.MEDIAN_RATIO_GOAL}x the bare app behind "
            f"the same server. Issue 13, {goal_at} and {event_world.INTRO_SHARE:.0%} intros: time to the prompt "
            f"p95 under {event_report.PROMPT_P95_GOAL_S:g} s; acknowledgement p99 under "
            f"{event_report.P99_GOAL_MS:.0f} ms; chatter median within {event_report.MEDIAN_RATIO_GOAL}x a bare "
            "Bolt `App.start()`.", "", event_report.markdown(rows, latency)]


def due_work_section(plan: Plan, postgres: str | None) -> list[str]:
    try:
        due_work = importlib.import_module("bench.due_work")
        run = due_work.run
    except (ImportError, AttributeError) as error:
        return [f"Skipped: bench/due_work.py has no `run(rows, postgres_url)` yet ({type(error).__name__})."]
    rows: Sequence[tuple[str, str]] = run(plan.due_rows, postgres)
    backends = "SQLite and PostgreSQL" if postgres else "SQLite (no TEST_POSTGRES_URL or --postgres given)"
    return [f"`python -m bench.due_work --rows {plan.due_rows}`: {plan.due_rows:,} intros, {backends}. Goals: "
            "those of bench/due_work.py; none are evaluated here.", "",
            "| measure | value |", "|---|---:|", *(f"| {label} | {value} |" for label, value in rows)]


def memory_section(plan: Plan, progress: Callable[[str], None]) -> list[str]:
    rows = memory.run(plan.events, progress=progress)
    ours = next(r for r in rows if r.target.startswith("ours"))
    return [f"`python -m bench.memory --events {plan.events}`: VmRSS of the development-server processes, "
            "ours and bare side by side, with the event path's mix sent as fast as answered from "
            f"{memory.CLIENT_THREADS} client threads, each chunk's listener work finished before RSS is read.", "",
            f"Goal (issue 6): RSS does not keep growing with the number of events; here, from "
            f"{ours.checkpoints[-2]:,} to {ours.checkpoints[-1]:,} events it may rise by at most "
            f"{memory.GROWTH_LIMIT_MIB:g} MiB or {memory.GROWTH_LIMIT_SHARE:.0%}. "
            f"Met: {'**no**' if ours.keeps_growing else 'yes'} (ours {ours.growth_kib / 1024:+.1f} MiB).", "",
            memory.markdown(rows)]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0] if __doc__ else None)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="a smoke run: short durations, few events")
    size.add_argument("--full", action="store_true", help="due work on 1,000,000 intros (default 100,000)")
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL"),
                        help="PostgreSQL server URL for the due-work benchmark (default: TEST_POSTGRES_URL)")
    parser.add_argument("--out", type=Path, help=f"where to write the report (default {OUT.relative_to(ROOT)}; "
                        "with --quick, standard output)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL if args.full else DEFAULT
    out: Path | None = args.out or (None if args.quick else OUT)

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    started, commit = datetime.now(UTC), head()
    header = ["# Benchmarks", "", f"Written by `.venv/bin/python -m bench{''.join(' ' + a for a in argv)}` on "
              f"{started:%Y-%m-%d %H:%M} UTC.", "", *machine(commit)]
    body = (section("Intro detection", detection_section, progress)
            + section("Event path: time to acknowledgement and to the prompt",
                      lambda: event_path_section(plan, progress), progress)
            + section("Due work", lambda: due_work_section(plan, args.postgres), progress)
            + section("Memory", lambda: memory_section(plan, progress), progress))
    if (now := head()) != commit:  # each server process loads the code of the moment it starts
        header.append(f"- **The code changed during the run** (commit {commit} → {now}): later sections may have "
                      "measured the newer code")
    report = "\n".join([*header, "", *body]).rstrip() + "\n"
    if out is None:
        print(report)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report, encoding="utf-8")
        progress(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
