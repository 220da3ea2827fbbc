"""Benchmark: resident memory of the bot behind its development server as events pile up, next to a bare Bolt app.

Run with `.venv/bin/python -m bench.memory [--events 100000]`.

Both servers run at once (`python app.py` and the bare app of bench/bare.py). Events in the event path's
mix (95% chatter, 5% intros) go to them in alternating chunks, each sent as fast as the server answers from a
few client threads; after each chunk the listeners' Slack calls are allowed to finish, so the numbers are for
events processed, not queued. VmRSS comes from /proc/<pid>/status. Goal: RSS must not keep growing with the
number of events: from half the events to all of them it may rise by at most GROWTH_LIMIT_MIB or GROWTH_LIMIT_SHARE.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.event_world import settle, world
from bench.load import drive
from bench.targets import make_target, running

EVENTS = 100_000
CHECKPOINT_SHARES = (0.1, 0.5, 1.0)  # 10k, 50k and 100k of 100k
CHUNKS = 50  # RSS is sampled after every chunk, for the trend between checkpoints
CLIENT_THREADS = 4
GROWTH_LIMIT_MIB = 2.0  # allocator arenas come and go in steps; a leak keeps climbing past this
GROWTH_LIMIT_SHARE = 0.02


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


@dataclass(frozen=True)
class MemRow:
    target: str
    samples: tuple[tuple[int, int], ...]  # (events processed, RSS KiB); the first is idle, at 0 events
    checkpoints: tuple[int, ...]
    events_per_second: float  # closed-loop, as fast as answered

    def at(self, events: int) -> int:
        return dict(self.samples)[events]

    @property
    def growth_kib(self) -> int:
        """From half the events to all of them."""
        return self.at(self.checkpoints[-1]) - self.at(self.checkpoints[-2])

    @property
    def keeps_growing(self) -> bool:
        half = self.at(self.checkpoints[-2])
        return self.growth_kib > max(GROWTH_LIMIT_MIB * 1024, GROWTH_LIMIT_SHARE * half)


def run(events: int = EVENTS, progress: Callable[[str], None] = print) -> list[MemRow]:
    checkpoints = tuple(round(events * share) for share in CHECKPOINT_SHARES)
    chunk = max(100, events // CHUNKS)
    # A fake Slack without latency: this measures RSS per event processed, not per second.
    with world(latency=0.0) as (fake, source), tempfile.TemporaryDirectory(prefix="bench-memory-") as folder:
        targets = [make_target(name, "dev", fake.api_url, Path(folder)) for name in ("ours", "bare")]
        with running(targets):
            settle(fake)
            samples: dict[str, list[tuple[int, int]]] = {t.name: [(0, rss_kib(t.pid))] for t in targets}
            busy = {t.name: 0.0 for t in targets}
            done = 0
            while done < events:
                n = min(chunk, next(c for c in checkpoints if c > done) - done)
                bodies = source.bodies(n)  # the same events for both
                # Alternate who goes first, so neither always runs right after the other's backlog.
                for target in targets if (done // chunk) % 2 == 0 else targets[::-1]:
                    result = drive(target.port, bodies, rate=None, threads=CLIENT_THREADS)
                    if result.failed:
                        raise RuntimeError(f"{target.label}: {result.failed} events not answered 200")
                    busy[target.name] += result.elapsed
                    settle(fake, quiet=0.3)
                done += n
                for target in targets:
                    samples[target.name].append((done, rss_kib(target.pid)))
                if done in checkpoints:
                    progress(f"  {done:>7} events: " + ", ".join(
                        f"{t.name} {samples[t.name][-1][1] / 1024:.1f} MiB" for t in targets))
        return [MemRow(t.label, tuple(samples[t.name]), checkpoints, done / busy[t.name]) for t in targets]


def markdown(rows: Sequence[MemRow]) -> str:
    checkpoints = rows[0].checkpoints
    lines = ["| target (RSS MiB) | idle | " + " | ".join(f"after {c:,} events" for c in checkpoints)
             + f" | {checkpoints[-2]:,} → {checkpoints[-1]:,} | keeps growing | events/s |",
             "|---|---:|" + "---:|" * len(checkpoints) + "---:|---|---:|"]
    for r in rows:
        at = " | ".join(f"{r.at(c) / 1024:.1f}" for c in checkpoints)
        lines.append(f"| {r.target} | {r.at(0) / 1024:.1f} | {at}"
                     f" | {r.growth_kib / 1024:+.1f} MiB | {'**yes**' if r.keeps_growing else 'no'} "
                     f"| {r.events_per_second:,.0f} |")
    lines.append("")
    for r in rows:  # the whole trend, for a reader who wants to see the shape and not just the end points
        picks = list(r.samples[::max(1, len(r.samples) // 10)])
        if picks[-1] != r.samples[-1]:
            picks.append(r.samples[-1])
        trend = ", ".join(f"{n:,}: {kib / 1024:.1f}" for n, kib in picks)
        lines.append(f"RSS MiB by events, {r.target}: {trend}  ")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Resident memory as events pile up: ours vs a bare Bolt app.")
    parser.add_argument("--events", type=int, default=EVENTS, help="events in all (checkpoints at 10%%, 50%%, 100%%)")
    args = parser.parse_args(argv)
    print(markdown(run(args.events)))


if __name__ == "__main__":
    main()
