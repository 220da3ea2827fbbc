"""Benchmark: how fast the bot acknowledges Slack's message events over HTTP, next to a bare Bolt app.

Run with `.venv/bin/python -m bench.event_path [--seconds 10] [--rates 10,25,50,100,200] [--servers dev,gunicorn]`.

Signed `message` events (95% ordinary chatter, a fifth of it thread replies; 5% real intros from the
corpus) are posted open-loop: each has a scheduled send time at the given rate, and a pool of client
threads sends it then, whether or not earlier ones were answered. Latency is measured from the scheduled
time to the HTTP answer, so a server that falls behind is charged for the queue it causes (no coordinated
omission). Every event has its own event id and ts, so nothing is deduplicated.

Targets, each a subprocess on loopback, talking to a fake Slack Web API that runs in this process:
- ours behind the development server (`python app.py`) and behind gunicorn (`bot.wsgi:application`);
- a bare Bolt app with a no-op message listener (`bare_wsgi` below), behind the same two servers.
For each server and rate, ours and bare run back to back as ours, bare, bare, ours (drift cancels out);
the two runs of each target are pooled.

`python -m bench.event_path serve-bare` serves the bare app with our development server (PORT from env).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import logging
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # the served processes import this module too: keep their imports (and RSS) minimal
    from slack_bolt import App

    from tests.support.fake_slack import FakeSlack

ROOT = Path(__file__).resolve().parent.parent
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

TOKEN = "xoxb-test"
SIGNING_SECRET = "bench-signing-secret"
TEAM = "T1"
CHANNEL = "C1GENERAL"
CHATTERS = ("U0AUTHOR1", "U0ANA0001", "U0BEN0001", "U0CARLA01", "U0DIEGO01", "W0EVA0001", "U0FARAH01")

RATES = (10, 25, 50, 100, 200)
SECONDS = 10.0
SERVERS = ("dev", "gunicorn")
INTRO_SHARE = 0.05
THREAD_REPLY_SHARE = 0.2  # of the chatter: replies run our thread-reply query, as they do in real channels
CLIENT_THREADS = 32  # enough that the client is never what holds a send back at these rates
REQUEST_TIMEOUT = 10.0
SLACK_ACK_LIMIT = 3.0  # Slack retries an event not acknowledged within 3 s
WARMUP_EVENTS = 150  # first requests import lazily, fill caches and (bare, gunicorn) build the app
SEED = 20261126
TS_BASE = 1_763_800_000

MEDIAN_RATIO_GOAL = 1.2  # ours' median acknowledgement vs the bare app's
P99_GOAL_MS = 50.0
P99_GOAL_RATE = 100


# ---- the bare baseline, served by the subprocesses ------------------------------------------------------


def bare_app() -> App:
    """A minimal Bolt app as its docs show it, plus a client pointed at SLACK_API_URL (the fake)."""
    from slack_bolt import App
    from slack_sdk import WebClient

    token = os.environ["SLACK_BOT_TOKEN"]
    app = App(token=token, signing_secret=os.environ["SLACK_SIGNING_SECRET"],
              client=WebClient(base_url=os.environ.get("SLACK_API_URL", "https://slack.com/api/"), token=token))

    @app.event("message")
    def ignore() -> None:
        """Acknowledged by Bolt before this runs; nothing to do."""

    return app


_bare: Callable[..., Iterable[bytes]] | None = None
_bare_lock = threading.Lock()


def bare_wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """WSGI entry for gunicorn (`bench.event_path:bare_wsgi`): built on first use, from env, in each worker."""
    global _bare
    if _bare is None:
        with _bare_lock:
            if _bare is None:
                from bot.slack.http import wsgi_app

                _bare = wsgi_app(bare_app())  # our /healthz and routing; no signing_secret: Bolt alone checks
    return _bare(environ, start_response)


def serve_bare() -> None:
    """The bare app behind our development server, started and stopped the way `python app.py` is."""
    from bot.slack.dev_server import make_http_server
    from bot.slack.http import wsgi_app

    logging.basicConfig(level=logging.WARNING)
    port = int(os.environ.get("PORT", "3000"))
    server = make_http_server(wsgi_app(bare_app()), host="0.0.0.0", port=port)  # no request gate: Bolt alone
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"Bare Bolt app is listening on http://0.0.0.0:{port}{EVENTS_PATH}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


# ---- the world: fake Slack and the events -----------------------------------------------------------------


class EventSource:
    """Message event bodies in the benchmark's mix, signed when sent. Not thread-safe: build them before a run."""

    def __init__(self, seed: int = SEED) -> None:
        from bench.detection import chatter, intros

        self._rng = random.Random(seed)
        self._chatter = chatter(2_000, seed)
        self.intros = intros()
        self._numbers = itertools.count(1)
        self._prefix = uuid.uuid4().hex[:4].upper()  # event ids differ between benchmark runs too
        self._parents: deque[str] = deque(maxlen=500)  # recent top-level messages, for thread replies

    def bodies(self, n: int) -> list[bytes]:
        from tests.support.slack_requests import message_event

        out = []
        for _ in range(n):
            number = next(self._numbers)
            ts = f"{TS_BASE + number // 1_000_000}.{number % 1_000_000:06d}"
            thread_ts = None
            if self._rng.random() < INTRO_SHARE:
                text, user = self._rng.choice(self.intros)
            else:
                text, user = self._rng.choice(self._chatter), self._rng.choice(CHATTERS)
                if self._parents and self._rng.random() < THREAD_REPLY_SHARE:
                    thread_ts = self._rng.choice(self._parents)
            if thread_ts is None:
                self._parents.append(ts)
            envelope = message_event(text=text, user=user, channel=CHANNEL, ts=ts, team_id=TEAM,
                                     thread_ts=thread_ts, event_id=f"Ev{self._prefix}{number:08d}")
            out.append(json.dumps(envelope).encode())
        return out


@contextmanager
def world() -> Iterator[tuple[FakeSlack, EventSource]]:
    """The fake Slack (every person the events mention, all in the channel) and the event source."""
    from tests.support.fake_slack import FakeSlack

    source = EventSource()
    people = set(CHATTERS)
    for text, author in source.intros:
        people.add(author)
        people.update(re.findall(r"<@([UW][A-Z0-9]+)", text))
    with FakeSlack(bot_user_id="UBOT", bot_id="BBOT", team_id=TEAM, tokens=(TOKEN,)) as fake:
        for uid in sorted(people):
            fake.add_user(uid, name=uid.lower(), real_name=f"Person {uid[-4:]}", display_name=uid[-4:])
        fake.add_channel(CHANNEL, members=[*sorted(people), "UBOT"])
        yield fake, source


def settle(fake: FakeSlack, *, quiet: float = 0.5, limit: float = 120.0) -> float:
    """Wait until the listeners' Slack calls stop; seconds from now to the last call seen (the backlog)."""
    begin = changed = time.perf_counter()
    last = len(fake.calls)
    while (now := time.perf_counter()) - changed < quiet and now - begin < limit:
        time.sleep(0.05)
        if len(fake.calls) != last:
            last, changed = len(fake.calls), time.perf_counter()
    return changed - begin


# ---- the targets ------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    """This environment minus anything that configures the bot or gunicorn, plus `extra`."""
    prefixes = ("SLACK_", "DATABASE_", "PORT", "LOG_LEVEL", "RUN_DUE_WORK", "WORK_DAY_", "NUDGE_", "GUNICORN")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return {**env, **extra}


@dataclass
class Target:
    name: str  # "ours" or "bare"
    server: str  # "dev" or "gunicorn"
    argv: list[str]
    env: dict[str, str]
    folder: Path
    port: int
    proc: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = None

    @property
    def label(self) -> str:
        return f"{self.name}, {self.server}"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> None:
        self._log = (self.folder / "server.log").open("wb")
        self.proc = subprocess.Popen(self.argv, cwd=self.folder, env=self.env, stdout=self._log,
                                     stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 90.0) -> None:
        """Until /healthz answers. (At LOG_LEVEL=WARNING the "is listening on" line is not logged.)"""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                raise RuntimeError(f"{self.label} exited during start-up:\n{self.log_tail()}")
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                connection.request("GET", HEALTH_PATH)
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            finally:
                connection.close()
            time.sleep(0.1)
        raise RuntimeError(f"{self.label} did not answer {HEALTH_PATH} within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        path = self.folder / "server.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self._log is not None:
            self._log.close()


def make_target(name: str, server: str, api_url: str, tmp: Path) -> Target:
    folder = tmp / f"{name}-{server}"
    folder.mkdir(parents=True, exist_ok=True)  # the working directory too: no developer's .env is read
    port = free_port()
    env = clean_env({"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": api_url,
                     "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}", "PORT": str(port), "LOG_LEVEL": "WARNING"})
    py = sys.executable
    gunicorn = [py, "-m", "gunicorn", "--workers", "2", "--threads", "8", "--bind", f"127.0.0.1:{port}",
                "--log-level", "warning"]
    if name == "ours" and server == "dev":
        argv = [py, str(ROOT / "app.py")]
    elif name == "ours":
        migrated = subprocess.run([py, "-m", "bot", "migrate"], cwd=folder, env=env, capture_output=True, text=True)
        if migrated.returncode:
            raise RuntimeError(f"python -m bot migrate failed:\n{migrated.stderr[-2000:]}")
        argv = [*gunicorn, "bot.wsgi:application"]
    elif server == "dev":
        argv = [py, "-m", "bench.event_path", "serve-bare"]
    else:
        argv = [*gunicorn, "bench.event_path:bare_wsgi"]
    return Target(name, server, argv, env, folder, port)


@contextmanager
def running(targets: Sequence[Target]) -> Iterator[Sequence[Target]]:
    try:
        for target in targets:
            target.start()
        for target in targets:
            target.wait_ready()
        yield targets
    finally:
        for target in targets:
            target.stop()


# ---- the client -------------------------------------------------------------------------------------------


def post(port: int, body: bytes) -> int:
    """One signed event on a new connection (as the dev server closes each one anyway); 0 if it failed."""
    from tests.support.slack_requests import sign

    stamp = int(time.time())
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": str(stamp),
               "X-Slack-Signature": sign(SIGNING_SECRET, stamp, body), "Connection": "close"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("POST", EVENTS_PATH, body, headers)
        answer = connection.getresponse()
        answer.read()
        return answer.status
    except OSError:
        return 0
    finally:
        connection.close()


@dataclass
class Run:
    latencies: list[float]  # seconds, scheduled send to answer, for events answered 200
    lags: list[float]  # seconds, scheduled send to actual send: the client's own delay
    sent: int
    failed: int  # not answered 200 (errors, refused connections, timeouts)
    late: int  # answered after SLACK_ACK_LIMIT: Slack would have retried these
    elapsed: float  # first scheduled send to last answer, at least the scheduled span
    backlog: float = 0.0  # after the last answer, until the listeners' last Slack call

    @property
    def sustained(self) -> float:
        return (self.sent - self.failed) / self.elapsed if self.elapsed else 0.0


def drive(port: int, bodies: Sequence[bytes], rate: float | None, threads: int = CLIENT_THREADS) -> Run:
    """Send every body: open-loop at `rate` per second, or closed-loop (as fast as answered) when None."""
    n = len(bodies)
    results: list[tuple[float, float, int]] = [(0.0, 0.0, 0)] * n
    indexes = itertools.count()  # next() on it is atomic under the GIL: each index goes to one thread
    start = time.perf_counter() + 0.05

    def worker() -> None:
        while (i := next(indexes)) < n:
            due = start + i / rate if rate else time.perf_counter()
            if (wait := due - time.perf_counter()) > 0:
                time.sleep(wait)
            sent = time.perf_counter()
            status = post(port, bodies[i])
            results[i] = (sent - due, time.perf_counter() - due, status)

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    end = time.perf_counter()
    ok = [latency for _, latency, status in results if status == 200]
    return Run(latencies=ok, lags=[lag for lag, _, _ in results], sent=n, failed=n - len(ok),
               late=sum(latency > SLACK_ACK_LIMIT for latency in ok),
               elapsed=max(end - start, n / rate if rate else 0.0))


# ---- the benchmark ----------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def _ms(statistic: Callable[[list[float]], float], result: Run) -> str:
    return f"{statistic(result.latencies) * 1000:7.2f}" if result.latencies else "    n/a"


@dataclass(frozen=True)
class Row:
    rate: int
    server: str
    target: str
    median_ms: float
    p99_ms: float
    sustained: float  # events answered 200 per second, median of the runs
    sent: int
    failed: int
    late: int
    backlog_s: float  # the longest listener backlog after a run
    lag_p99_ms: float  # the client's own send delay: large values would make the numbers suspect

    @classmethod
    def pooled(cls, rate: int, target: Target, runs: Sequence[Run]) -> Row:
        latencies = [x for run in runs for x in run.latencies]
        return cls(rate=rate, server=target.server, target=target.name,
                   median_ms=statistics.median(latencies) * 1000 if latencies else float("nan"),
                   p99_ms=percentile(latencies, 99) * 1000,
                   sustained=statistics.median(run.sustained for run in runs),
                   sent=sum(run.sent for run in runs), failed=sum(run.failed for run in runs),
                   late=sum(run.late for run in runs), backlog_s=max(run.backlog for run in runs),
                   lag_p99_ms=percentile([x for run in runs for x in run.lags], 99) * 1000)


def run(rates: Sequence[int] = RATES, seconds: float = SECONDS, servers: Sequence[str] = SERVERS,
        repeat: bool = True, progress: Callable[[str], None] = print) -> list[Row]:
    rows: list[Row] = []
    with world() as (fake, source), tempfile.TemporaryDirectory(prefix="bench-event-path-") as folder:
        for server in servers:
            ours, bare = (make_target(name, server, fake.api_url, Path(folder)) for name in ("ours", "bare"))
            with running((ours, bare)):
                for target in (ours, bare):
                    drive(target.port, source.bodies(WARMUP_EVENTS), rate=50)
                    settle(fake)
                runs: dict[tuple[int, str], list[Run]] = {}
                for rate in rates:
                    for target in (ours, bare, bare, ours) if repeat else (ours, bare):
                        result = drive(target.port, source.bodies(max(1, round(rate * seconds))), rate)
                        result.backlog = settle(fake)
                        runs.setdefault((rate, target.name), []).append(result)
                        progress(f"  {rate:>4}/s {target.label:<15} median {_ms(statistics.median, result)} ms"
                                 f"  p99 {_ms(lambda xs: percentile(xs, 99), result)} ms"
                                 f"  {result.sustained:6.1f}/s  failed {result.failed}  backlog {result.backlog:.1f} s")
                    rows += [Row.pooled(rate, t, runs[(rate, t.name)]) for t in (ours, bare)]
    return rows


# ---- goals and report -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    goal: str
    measured: str
    met: bool


def verdicts(rows: Sequence[Row]) -> list[Verdict]:
    out = []
    by_key = {(r.rate, r.server, r.target): r for r in rows}
    for server in dict.fromkeys(r.server for r in rows):
        rates = sorted({r.rate for r in rows if r.server == server})
        ratios = {rate: by_key[(rate, server, "ours")].median_ms / by_key[(rate, server, "bare")].median_ms
                  for rate in rates}
        worst = max(ratios, key=lambda rate: ratios[rate])
        out.append(Verdict(f"{server}: median acknowledgement within {MEDIAN_RATIO_GOAL}x the bare app, every rate",
                           ", ".join(f"{rate}/s {ratio:.2f}x" for rate, ratio in ratios.items()),
                           ratios[worst] <= MEDIAN_RATIO_GOAL))
        if (ours := by_key.get((P99_GOAL_RATE, server, "ours"))) is not None:
            out.append(Verdict(f"{server}: p99 under {P99_GOAL_MS:.0f} ms at {P99_GOAL_RATE} events/s",
                               f"{ours.p99_ms:.1f} ms", ours.p99_ms < P99_GOAL_MS))
        failed = sum(r.failed for r in rows if r.server == server and r.target == "ours")
        out.append(Verdict(f"{server}: every event acknowledged with 200", f"{failed} not", failed == 0))
    return out


def markdown(rows: Sequence[Row]) -> str:
    lines = ["| rate (events/s) | target | median ms | p99 ms | sustained events/s | not 200 | over 3 s "
             "| listener backlog s | client send lag p99 ms |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in sorted(rows, key=lambda r: (SERVERS.index(r.server) if r.server in SERVERS else 9, r.rate)):
        lines.append(f"| {r.rate} | {r.target}, {r.server} | {r.median_ms:.2f} | {r.p99_ms:.2f} | {r.sustained:.1f} "
                     f"| {r.failed} | {r.late} | {r.backlog_s:.1f} | {r.lag_p99_ms:.2f} |")
    lines += ["", "| goal | measured | met |", "|---|---|---|"]
    lines += [f"| {v.goal} | {v.measured} | {'yes' if v.met else '**no**'} |" for v in verdicts(rows)]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time to acknowledge message events: ours vs a bare Bolt app.")
    parser.add_argument("command", nargs="?", choices=["serve-bare"], help="serve the bare app (for the benchmark)")
    parser.add_argument("--seconds", type=float, default=SECONDS, help="seconds per rate and target run")
    parser.add_argument("--rates", default=",".join(map(str, RATES)), help="events per second, comma-separated")
    parser.add_argument("--servers", default=",".join(SERVERS), help="dev, gunicorn or both")
    parser.add_argument("--no-repeat", action="store_true", help="ours, bare once each (not ours, bare, bare, ours)")
    args = parser.parse_args(argv)
    if args.command == "serve-bare":
        serve_bare()
        return
    rows = run([int(r) for r in args.rates.split(",")], args.seconds, args.servers.split(","), not args.no_repeat)
    print(markdown(rows))


if __name__ == "__main__":
    main()
