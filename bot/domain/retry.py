"""Domain: when to try again after Slack did not take a message (a 429, a 5xx, a dropped connection).

The Web API client already retries within a request; this is the slower schedule
for work that is stored and retried by the due-work loop: a minute, then doubling,
at most an hour apart, for about a day before it is reported as failed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

FIRST_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=1)
MAX_ATTEMPTS = 30
# How long a sender holds claimed work before another process may take it over. It is renewed right
# before each send, so it only has to outlast one send with the client's own retries (3 tries of at most
# 10 s, plus any Retry-After).
SEND_LEASE = timedelta(minutes=5)


def next_retry(attempts: int, now: datetime) -> datetime | None:
    """When to try again after `attempts` failed attempts, or None to give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return now + min(FIRST_DELAY * 2 ** max(attempts - 1, 0), MAX_DELAY)
