"""Slack layer: intros noticed while the database could not take them, kept in memory to store later.

Slack does not redeliver an event it has seen acknowledged, so an intro that arrives
while the database is down or locked waits here and the due-work loop stores it
(and prompts) once the database answers again. Bounded, so an outage cannot
exhaust memory; only intros are kept (ordinary messages never are).
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class NoticedIntro:
    """What storing an intro needs: where it was, who introduced whom, when. Not the message text."""

    team_id: str
    channel_id: str
    message_ts: str
    thread_ts: str | None
    introducer_id: str
    party_ids: tuple[str, ...]
    noticed_at: datetime


class Backlog:
    def __init__(self, limit: int = 10_000) -> None:
        self._items: deque[NoticedIntro] = deque(maxlen=limit)
        self._lock = threading.Lock()

    def keep(self, items: Iterable[NoticedIntro]) -> None:
        with self._lock:
            for item in items:
                if len(self._items) == self._items.maxlen:
                    log.error("intro backlog full: the oldest waiting intro is dropped")
                self._items.append(item)

    def take_all(self) -> list[NoticedIntro]:
        with self._lock:
            items = list(self._items)
            self._items.clear()
        return items

    def __len__(self) -> int:
        return len(self._items)
