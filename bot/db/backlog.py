"""Persistence layer, adapters: intros noticed but not yet stored, kept in a local file until they are.

Slack does not redeliver an event it has seen acknowledged, so an intro is kept here
the moment it is detected, in the request, before Slack gets its 200 and before
anything that takes time or can fail (looking up its people, the database). It
leaves once it is stored or found not to be an intro between two active people,
or is set aside with its error when the database refuses it. Whatever stops it on
the way (a database outage, a crash, a restart), the due-work loop finishes it from
here. The backlog is a small SQLite file of its own (ids and times only, never the
message), and the processes of one machine (gunicorn workers, a separate worker) can
share it safely. Bounded, so an outage cannot fill the disk; only intros are kept,
never ordinary messages.
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
    # Its language and register (bot/domain/draft_voice.py), for the drafts; a file kept by an older version
    # has neither, which reads as "unsure".
    lang: str | None = None
    register: str = "formal"

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
        # WAL with synchronous=FULL: each commit is fsync'd, so a kept intro outlives the machine losing power
        # too, not only the process crashing. Only intros pay for it (chatter is never written); the cost is in
        # docs/benchmarks.md.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("CREATE TABLE IF NOT EXISTS waiting (id INTEGER PRIMARY KEY, intro TEXT NOT NULL)")
        # Intros the database refused (a bad item, not an outage), kept with the error for an operator to see
        # (`python -m bot status`) instead of holding up the intros behind them.
        self._db.execute("CREATE TABLE IF NOT EXISTS set_aside (id INTEGER PRIMARY KEY, intro TEXT NOT NULL, "
                         "error TEXT NOT NULL, at TEXT NOT NULL)")
        if waiting := len(self):
            log.warning("%d noticed intros wait to be stored (after a database outage or a crash)", waiting)

    def keep(self, intro: NoticedIntro) -> int:
        """Keep an intro until `remove`; returns its key."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if self._count() >= self._limit:
                    log.error("intro backlog full: the oldest waiting intro is dropped")
                    self._db.execute("DELETE FROM waiting WHERE id = (SELECT min(id) FROM waiting)")
                key = self._db.execute("INSERT INTO waiting (intro) VALUES (?)", (intro.to_json(),)).lastrowid
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        assert key is not None
        return key

    def waiting(self) -> list[tuple[int, NoticedIntro]]:
        """Oldest first, each with the key to pass to `remove`."""
        with self._lock:
            rows = self._db.execute("SELECT id, intro FROM waiting ORDER BY id").fetchall()
        return [(key, NoticedIntro.from_json(text)) for key, text in rows]

    def set_aside(self, key: int, error: str, at: datetime) -> None:
        """The intro cannot be stored as it is: it stops waiting, and is kept apart with `error` (an error code,
        never a message)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("INSERT INTO set_aside (id, intro, error, at) SELECT id, intro, ?, ? FROM waiting "
                             "WHERE id = ?", (error[:200], at.isoformat(), key))
            self._db.execute("DELETE FROM waiting WHERE id = ?", (key,))
            self._db.execute("COMMIT")

    def set_aside_errors(self) -> dict[str, int]:
        """How many intros were set aside, by error."""
        with self._lock:
            rows = self._db.execute("SELECT error, count(*) FROM set_aside GROUP BY error ORDER BY error").fetchall()
        return {str(error): int(count) for error, count in rows}

    def remove(self, key: int) -> None:
        """The intro is stored (or is not one to store): it no longer waits. Removing it twice is harmless."""
        with self._lock:
            self._db.execute("DELETE FROM waiting WHERE id = ?", (key,))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __len__(self) -> int:
        with self._lock:
            return self._count()

    def _count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM waiting").fetchone()[0])
