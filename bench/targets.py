"""Benchmark support: the servers under test, each a subprocess on loopback talking to the fake Slack.

Servers, by the name the benchmarks take on their command line:
- "dev": ours behind our development server (`python app.py`), the bare app behind the same server;
- "gunicorn": ours as `bot.wsgi:application`, the bare app as `bench.bare:bare_wsgi` (`--workers 2 --threads 8`);
- "bolt": ours behind our development server (`python app.py`, as "dev"), the bare app on Bolt's own
  `App.start()`: what a user gets from our getting-started steps against what Bolt's own guide gives them.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from bench.event_world import SIGNING_SECRET, TOKEN

ROOT = Path(__file__).resolve().parent.parent
HEALTH_PATH = "/healthz"
SERVERS = ("dev", "gunicorn", "bolt")
GUNICORN_OPTIONS = ("--workers", "2", "--threads", "8")

# How each target is named in reports: (target, server) -> label.
LABELS = {("ours", "dev"): "ours, dev", ("bare", "dev"): "bare, dev",
          ("ours", "gunicorn"): "ours, gunicorn", ("bare", "gunicorn"): "bare, gunicorn",
          ("ours", "bolt"): "ours, `python app.py`", ("bare", "bolt"): "bare, Bolt `App.start()`"}


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
    server: str  # one of SERVERS
    argv: list[str]
    env: dict[str, str]
    folder: Path
    port: int
    ready_status: int = 200  # what GET /healthz answers once serving (Bolt's App.start() has no such route: 404)
    proc: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = None

    @property
    def label(self) -> str:
        return LABELS.get((self.name, self.server), f"{self.name}, {self.server}")

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
                if connection.getresponse().status == self.ready_status:
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
    if server not in SERVERS:
        raise ValueError(f"unknown server {server!r}: one of {', '.join(SERVERS)}")
    folder = tmp / f"{name}-{server}"
    folder.mkdir(parents=True, exist_ok=True)  # the working directory too: no developer's .env is read
    port = free_port()
    env = clean_env({"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": api_url,
                     "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}", "PORT": str(port), "LOG_LEVEL": "WARNING"})
    py = sys.executable
    gunicorn = [py, "-m", "gunicorn", *GUNICORN_OPTIONS, "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    if name == "ours" and server in ("dev", "bolt"):
        return Target(name, server, [py, str(ROOT / "app.py")], env, folder, port)
    if name == "ours":
        migrated = subprocess.run([py, "-m", "bot", "migrate"], cwd=folder, env=env, capture_output=True, text=True,
                                  check=False)
        if migrated.returncode:
            raise RuntimeError(f"python -m bot migrate failed:\n{migrated.stderr[-2000:]}")
        return Target(name, server, [*gunicorn, "bot.wsgi:application"], env, folder, port)
    if server == "gunicorn":
        return Target(name, server, [*gunicorn, "bench.bare:bare_wsgi"], env, folder, port)
    return Target(name, server, [py, "-m", "bench.bare", server], env, folder, port,
                  ready_status=404 if server == "bolt" else 200)


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
