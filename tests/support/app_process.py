"""`python app.py` as a real process, as a user starts it: its environment, its port, and when it serves."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LISTENING = "is listening on"  # the start-up line that says the bot serves


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_app(env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_", "PORT"))}
    return subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=cwd, env={**clean, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


class AppProcess:
    """A running `python app.py` whose log is read as it comes (a full pipe would stall it)."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.process = run_app(env, cwd)
        self.log: list[str] = []
        self._serving = threading.Event()
        threading.Thread(target=self._read_log, daemon=True).start()

    def _read_log(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.append(line)
            if LISTENING in line:
                self._serving.set()
        self._serving.set()  # it exited: wait_serving says so

    def wait_serving(self, timeout: float = 60) -> None:
        assert self._serving.wait(timeout), "the bot did not start in time"
        assert self.process.poll() is None, f"the bot exited with {self.process.returncode}:\n{''.join(self.log)}"

    def kill(self) -> None:
        """SIGKILL: no handler, no flush, no goodbye."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def slack_env(api_url: str, *, token: str, signing_secret: str, port: int, **more: str) -> dict[str, str]:
    """What `python app.py` needs to serve Slack's requests on `port`, against a fake Slack at `api_url`."""
    return {"SLACK_BOT_TOKEN": token, "SLACK_SIGNING_SECRET": signing_secret, "SLACK_API_URL": api_url,
            "PORT": str(port), **more}


@contextmanager
def serving(env: dict[str, str], cwd: Path) -> Iterator[AppProcess]:
    """`python app.py` serving with `env` in `cwd` until the block ends."""
    app = AppProcess(env, cwd)
    try:
        app.wait_serving()
        yield app
    finally:
        app.stop()
