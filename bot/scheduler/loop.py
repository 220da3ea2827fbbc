"""The due-work loop: runs a job with the current time, right away (catching up) and then every interval.

The job claims its work with leases (bot/db/lease.py), so any number of loops,
in the bot's own process or in separate workers, can run side by side.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from bot.clock import utcnow

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
Job = Callable[[Clock], None]  # a job reads the clock as it goes


class DueWorkLoop:
    def __init__(self, job: Job, *, interval_seconds: float = 30.0, clock: Clock = utcnow) -> None:
        self._job = job
        self._interval = interval_seconds
        self._clock = clock
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> None:
        try:
            self._job(self._clock)
        except Exception:  # a bad tick (database down, say) must not end the loop; the next one retries
            log.exception("due work failed; trying again in %.0f s", self._interval)

    def run_forever(self) -> None:
        while not self._stopping.is_set():
            self.run_once()
            self._stopping.wait(self._interval)

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run_forever, name="due-work", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
