"""`python app.py` as deployed, against requests that try to exhaust it: an unsigned 200 MB body costs it only a
little memory, because no body past 1 MiB is ever read."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import SIGNING_SECRET, TEAM, TOKEN, populate
from tests.support.app_process import AppProcess, free_port, serving, slack_env
from tests.support.fake_slack import FakeSlack
from tests.support.raw_http import stream_until_answered

HUGE = 200_000_000
MEMORY_GOAL = 64 * 1024 * 1024  # issue 13: an unsigned 200 MB body costs under 64 MB


def resident_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[AppProcess, int]]:
    with FakeSlack(team_id=TEAM, tokens=(TOKEN,)) as fake:
        populate(fake)
        port = free_port()
        env = slack_env(fake.api_url, token=TOKEN, signing_secret=SIGNING_SECRET, port=port)
        with serving(env, tmp_path) as process:
            yield process, port


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmRSS from /proc (Linux)")
@pytest.mark.parametrize("framing", ["declared length", "chunked"])
def test_an_unsigned_200_mb_body_costs_the_bot_little_memory(app: tuple[AppProcess, int], framing: str) -> None:
    process, port = app
    before = resident_bytes(process.process.pid)
    if framing == "chunked":
        head, piece = "Transfer-Encoding: chunked", b"%x\r\n" % 65536 + b"x" * 65536 + b"\r\n"
    else:
        head, piece = f"Content-Length: {HUGE}", b"x" * 65536
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        answer, _sent = stream_until_answered(
            sock, f"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n{head}\r\n\r\n"
            .encode(), lambda: piece, HUGE)
    grew = resident_bytes(process.process.pid) - before
    assert answer.split(b"\r\n", 1)[0].split(b" ")[1] == b"413", answer[:200]
    assert grew < MEMORY_GOAL, f"the process grew by {grew / 2**20:.1f} MiB"
