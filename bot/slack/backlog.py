"""Slack layer: intros noticed while the database could not take them, kept to store later.

Slack does not redeliver an event it has seen acknowledged, so an intro that arrives
while the database is down or locked waits here and the due-work loop stores it
(and prompts) once the database answers again. The backlog is a small SQLite file
of its own (ids and times only, never the message), so a crash or restart during the
outage loses nothing, and the processes of one machine (gunicorn workers, a separate
worker) can share it safely; an intro leaves it only once it is stored. Bounded, so an
outage cannot fill the disk; only intros are kept, never ordinary messages.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

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

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "party_ids": list(self.party_ids),
                           "noticed_at": self.noticed_at.isoformat()})

    @classmethod
    def from_json(cls, text: str) -> NoticedIntro:
        data = json.loads(text)
        return cls(**{**data, "party_ids": tuple(data["party_ids"]),
                      "noticed_at": datetime.fromisoformat(data["noticed_at"])})


class Backlog:
    """`path`: the file that outlives the process (None: memory only, as in tests)."""

    def __init__(self, path: Path | None = None, limit: int = 10_000) -> None:
        self._limit = limit
        self._lock = threading.Lock()  # one connection, shared by this process's threads
        self._db = sqlite3.connect(path or ":memory:", timeout=10, isolation_level=None, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS waiting (id INTEGER PRIMARY KEY, intro TEXT NOT NULL)")
        if waiting := len(self):
            log.warning("%d intros noticed during a database outage wait to be stored", waiting)

    def keep(self, intro: NoticedIntro) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if self._count() >= self._limit:
                    log.error("intro backlog full: the oldest waiting intro is dropped")
                    self._db.execute("DELETE FROM waiting WHERE id = (SELECT min(id) FROM waiting)")
                self._db.execute("INSERT INTO waiting (intro) VALUES (?)", (intro.to_json(),))
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def waiting(self) -> list[tuple[int, NoticedIntro]]:
        """Oldest first, each with the key to pass to `stored`."""
        with self._lock:
            rows = self._db.execute("SELECT id, intro FROM waiting ORDER BY id").fetchall()
        return [(key, NoticedIntro.from_json(text)) for key, text in rows]

    def stored(self, key: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM waiting WHERE id = ?", (key,))

    def __len__(self) -> int:
        with self._lock:
            return self._count()

    def _count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM waiting").fetchone()[0])
