"""Benchmark support: the client that posts signed events, open-loop, and times their acknowledgement.

Each event has a scheduled send time at the given rate, and a pool of client threads sends it then, whether or
not earlier ones were answered. Latency is measured from the scheduled time to the HTTP answer, so a server that
falls behind is charged for the queue it causes (no coordinated omission).
"""

from __future__ import annotations

import http.client
import itertools
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from bench.bare import EVENTS_PATH
from bench.event_world import SIGNING_SECRET

CLIENT_THREADS = 32  # enough that the client is never what holds a send back at these rates
REQUEST_TIMEOUT = 10.0
SLACK_ACK_LIMIT = 3.0  # Slack retries an event not acknowledged within 3 s


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
    dues: list[float]  # each event's scheduled send time (time.perf_counter())
    backlog: float = 0.0  # after the last answer, until the listeners' last Slack call

    @property
    def sustained(self) -> float:
        return (self.sent - self.failed) / self.elapsed if self.elapsed else 0.0


def drive(port: int, bodies: Sequence[bytes], rate: float | None, threads: int = CLIENT_THREADS) -> Run:
    """Send every body: open-loop at `rate` per second, or closed-loop (as fast as answered) when None."""
    n = len(bodies)
    results: list[tuple[float, float, float, int]] = [(0.0, 0.0, 0.0, 0)] * n
    indexes = itertools.count()  # next() on it is atomic under the GIL: each index goes to one thread
    start = time.perf_counter() + 0.05

    def worker() -> None:
        while (i := next(indexes)) < n:
            due = start + i / rate if rate else time.perf_counter()
            if (wait := due - time.perf_counter()) > 0:
                time.sleep(wait)
            sent = time.perf_counter()
            status = post(port, bodies[i])
            results[i] = (due, sent - due, time.perf_counter() - due, status)

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    end = time.perf_counter()
    ok = [latency for _, _, latency, status in results if status == 200]
    return Run(latencies=ok, lags=[lag for _, lag, _, _ in results], sent=n, failed=n - len(ok),
               late=sum(latency > SLACK_ACK_LIMIT for latency in ok),
               elapsed=max(end - start, n / rate if rate else 0.0), dues=[due for due, _, _, _ in results])
