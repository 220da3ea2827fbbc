"""Slack I/O: the thread pool that runs listeners after Slack has been acknowledged.

It counts work in flight so a shutdown (and a test) can wait for it to finish
instead of guessing with sleeps. Work submitted while a request thread is
`holding()` waits until `release()`: the HTTP endpoint releases an event's
listener only once the acknowledgement is sent, so the listener does not compete
with writing it (Python runs one thread at a time).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

Held = list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]]


class TrackedExecutor(ThreadPoolExecutor):
    def __init__(self, max_workers: int = 16) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="listener")
        self._in_flight = 0
        self._idle = threading.Condition()
        self._local = threading.local()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._idle:
            self._in_flight += 1  # counted from now, so wait_idle also waits for held work
        held: Held | None = getattr(self._local, "held", None)
        if held is not None:
            held.append((fn, args, kwargs))
            return Future()  # Bolt does not wait on it
        return self._start(fn, args, kwargs)

    def _start(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Future[Any]:
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    @contextmanager
    def holding(self) -> Iterator[Held]:
        """Work this thread submits meanwhile is kept for `release()`."""
        held: Held = []
        self._local.held = held
        try:
            yield held
        finally:
            self._local.held = None

    def release(self, held: Held) -> None:
        for fn, args, kwargs in held:
            self._start(fn, args, kwargs)
        held.clear()

    def _done(self, _future: Future[Any]) -> None:
        with self._idle:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until no listener is running (work they submit counts too); False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout=timeout)
