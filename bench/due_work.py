"""Benchmark: claiming due nudges out of a big, mostly idle `nudges` table, and what each intro costs on disk.

Run with `.venv/bin/python -m bench.due_work [--rows 1000000] [--postgres URL]`. SQLite always runs
(a temporary file); PostgreSQL runs when `--postgres` or TEST_POSTGRES_URL is given, in a database
of its own that is created and dropped on that server, so the one named in the URL is never touched.

The data, from a fixed seed: N intros, each with one open-intro party (an open-intro nudge) and one
promise (a promise nudge), so 2N nudges, plus one weekly digest row per person (5,000 people). About
90% of intro and promise nudges are finished (due_at NULL), 9% due later, 1% due now: the shape of a table
that keeps every nudge it ever scheduled.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, make_url, text, update
from sqlalchemy.orm import Session

from bot.db.engine import SessionFactory, make_engine, make_session_factory
from bot.db.migrate import upgrade_to_head
from bot.db.models import Intro, Nudge, Party, Promise
from bot.domain.retry import SEND_LEASE
from bot.services.nudges import DUE_NUDGES, claim_due_nudges, end_open_intro_nudges_in_thread, snooze_promise

SEED = 20261125
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
BATCH = 50  # what send_due_nudges claims at a time
CLAIMS = 200
LOOKUPS = 20  # timed runs of the per-click updates, each rolled back
CHUNK = 10_000
TEAM = "T0BENCH01"
USERS = 5_000
CHANNELS = 200
DUE_SHARE, LATER_SHARE = 0.01, 0.09  # the rest of the nudges are finished

COLUMNS: dict[str, tuple[str, ...]] = {
    "intros": ("id", "team_id", "channel_id", "message_ts", "thread_ts", "introducer_id", "created_at"),
    "intro_parties": ("id", "team_id", "intro_id", "user_id", "state", "prompt_channel_id", "prompt_ts",
                      "prompted_at", "due_at", "attempts", "updated_at"),
    "promises": ("id", "team_id", "intro_id", "party_id", "kind", "owner_id", "target_user_id", "target_name",
                 "target_contact", "due_at", "state", "created_at", "resolved_at"),
    "nudges": ("id", "team_id", "subject", "kind", "user_id", "promise_id", "party_id", "due_at", "sent",
               "attempts", "last_error", "last_sent_at", "created_at"),
}
TABLES = tuple(COLUMNS)

Row = tuple[Any, ...]


@dataclass
class Result:
    backend: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    plans: list[tuple[str, str]] = field(default_factory=list)  # (what, plan text)

    def add(self, label: str, value: str) -> None:
        self.rows.append((f"{self.backend}: {label}", value))


# ---- data -------------------------------------------------------------------------------------------


def _user(i: int) -> str:
    return f"U{i % USERS:08d}"


def _due_at(rng: random.Random) -> datetime | None:
    """Whole minutes, so that many rows share a time, as they do when nudges are scheduled in batches."""
    roll = rng.random()
    if roll < DUE_SHARE:
        return NOW - timedelta(minutes=rng.randrange(1, 24 * 60))
    if roll < DUE_SHARE + LATER_SHARE:
        return NOW + timedelta(minutes=rng.randrange(1, 3 * 24 * 60))
    return None


def generate(n: int) -> dict[str, list[Row]]:
    """Intro i has parties 2i-1 (open intro) and 2i (owes promise i); nudges 2i-1 (promise) and 2i (open intro)."""
    rng = random.Random(SEED)
    out: dict[str, list[Row]] = {t: [] for t in TABLES}
    for i in range(1, n + 1):
        created = NOW - timedelta(minutes=rng.randrange(60, 90 * 24 * 60))
        channel = f"C{i % CHANNELS:08d}"
        ts = f"{1_700_000_000 + i}.{i % 1_000_000:06d}"
        introducer, invited, owner = _user(i), _user(i * 7 + 1), _user(i * 13 + 2)
        out["intros"].append((i, TEAM, channel, ts, ts, introducer, created))

        open_due, promise_due = _due_at(rng), _due_at(rng)
        open_party, owner_party = 2 * i - 1, 2 * i
        # A finished open-intro nudge: the person closed the intro, or was nudged once already.
        party_state = "open" if open_due is not None or rng.random() < 0.3 else "closed_direct"
        out["intro_parties"] += [
            (open_party, TEAM, i, invited, party_state, channel, None, created, None, 1, created),
            (owner_party, TEAM, i, owner, "redirected", f"D{owner[1:]}", ts, created, None, 1, created),
        ]
        kept = promise_due is None
        kind = rng.choices(("make_redirect", "relay_decline", "get_back"), (60, 25, 15))[0]
        promiser = introducer if kind == "relay_decline" else owner
        out["promises"].append((
            i, TEAM, i, owner_party, kind, promiser, _user(i * 31 + 3) if kind == "make_redirect" else None,
            None, None, created + timedelta(days=3), "kept" if kept else "open", created,
            created + timedelta(days=4) if kept else None,
        ))
        promise_sent = rng.randrange(0, 4) if kept else rng.randrange(0, 3)
        out["nudges"] += [
            (2 * i - 1, TEAM, f"promise:{i}", "promise", promiser, i, None, promise_due,
             promise_sent, 0, None, created + timedelta(days=3) if promise_sent else None, created),
            (2 * i, TEAM, f"party:{open_party}", "open_intro", invited, None, open_party, open_due,
             0 if open_due is not None else 1, 0, None, None if open_due is not None else created + timedelta(days=2),
             created),
        ]
    # Each person's weekly digest row: next Monday 09:00 in their own time zone.
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    out["nudges"] += [
        (2 * n + u + 1, TEAM, f"digest:{_user(u)}", "digest", _user(u), None, None,
         monday + timedelta(hours=rng.randrange(-14, 13)), rng.randrange(0, 12), 0, None, None, NOW)
        for u in range(min(n, USERS))]
    return out


def _chunks(rows: Iterable[Row], size: int = CHUNK) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def load_sqlite(path: Path, data: dict[str, list[Row]]) -> None:
    # The column type's own bind processor, so stored times compare exactly like the app's.
    from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect

    dialect = sqlite_dialect()
    to_text = Nudge.__table__.c.due_at.type.dialect_impl(dialect).bind_processor(dialect)
    assert to_text is not None
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous=OFF")  # a bulk load, not the app's writes
        for table in TABLES:
            columns = COLUMNS[table]
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            connection.execute("BEGIN")
            for chunk in _chunks(data[table]):
                connection.executemany(sql, [tuple(to_text(v) if isinstance(v, datetime) else v for v in row)
                                             for row in chunk])
            connection.execute("COMMIT")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def _libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def load_postgres(url: str, data: dict[str, list[Row]]) -> None:
    import psycopg

    with psycopg.connect(_libpq_url(url)) as connection:
        with connection.cursor() as cursor:
            for table in TABLES:
                with cursor.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as copy:
                    for row in data[table]:
                        copy.write_row(row)
                # Ids were given explicitly: move the sequences past them, as the app would find them.
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
        connection.commit()
    with psycopg.connect(_libpq_url(url), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")  # what autovacuum would have done by the time anyone claims


# ---- measuring --------------------------------------------------------------------------------------


def _timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _ms(times: list[float]) -> str:
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
    return f"{statistics.median(times):.2f} / {p95:.2f}"


def _captured(engine: Engine, sessions: SessionFactory, action: Callable[[Session], object]) -> list[tuple[str, Any]]:
    """The SQL a service call sends, run in a transaction that is rolled back."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        with sessions() as session:
            action(session)
            session.rollback()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def _explain(engine: Engine, statement: str, parameters: Any) -> str:
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if engine.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(prefix + statement, parameters).all()
        connection.rollback()  # EXPLAIN ANALYZE of an UPDATE really updates
    if engine.dialect.name == "postgresql":
        return "\n".join(r[0] for r in rows)
    return "\n".join(f"{r[0]}|{r[1]}| {r[-1]}" for r in rows)


def _plan_of(engine: Engine, sessions: SessionFactory, action: Callable[[Session], object], table: str) -> str:
    """The plan of the first UPDATE of `table` that `action` sends."""
    for statement, parameters in _captured(engine, sessions, action):
        if statement.lstrip().upper().startswith(f"UPDATE {table.upper()}"):
            return f"{' '.join(statement.split())}\n\n{_explain(engine, statement, parameters)}"
    raise AssertionError(f"no UPDATE {table} was sent")


def _uses(plan: str, index: str) -> str:
    return "yes" if index in plan else "NO"


def _claim(sessions: SessionFactory, claimer: Callable[[Session], list[Any]], seen: set[int]) -> None:
    with sessions.begin() as session:
        ids = [getattr(x, "nudge_id", x) for x in claimer(session)]
    # Each claim must hand out a full batch of rows that no earlier claim got.
    assert len(ids) == BATCH and not seen.intersection(ids), "a claim returned leased rows or too few"
    seen.update(ids)


def _release(engine: Engine) -> None:
    """Make the claimed rows due again, so the next measurement starts from the same table."""
    with engine.begin() as connection:
        connection.execute(update(Nudge).where(Nudge.due_at == NOW + SEND_LEASE)
                           .values(due_at=NOW - timedelta(minutes=30)))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE nudges")


def measure(backend: str, url: str, n: int, data: dict[str, list[Row]], load_seconds: float) -> Result:
    result = Result(backend)
    due = sum(1 for r in data["nudges"] if r[7] is not None and r[7] <= NOW)
    claims = min(CLAIMS, due // BATCH)
    if claims < 2:
        raise SystemExit(f"only {due} due nudges: use more --rows (at least {int(BATCH / DUE_SHARE):,})")
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    try:
        result.add("rows loaded (intros / parties / promises / nudges)",
                   " / ".join(f"{len(data[t]):,}" for t in TABLES))
        result.add("nudges due / later / finished", " / ".join(f"{x:.1%}" for x in (
            due / len(data["nudges"]),
            sum(1 for r in data["nudges"] if r[7] is not None and r[7] > NOW) / len(data["nudges"]),
            sum(1 for r in data["nudges"] if r[7] is None) / len(data["nudges"]))))
        result.add("load time (s)", f"{load_seconds:.1f}")

        seen: set[int] = set()
        plain = _timed(lambda: _claim(sessions, lambda s: DUE_NUDGES.claim(s, now=NOW, limit=BATCH), seen), claims)
        result.add(f"the claim alone (DUE_NUDGES.claim), {BATCH} rows, ms median / p95 ({claims} claims)", _ms(plain))
        _release(engine)
        seen.clear()
        full = _timed(lambda: _claim(sessions, lambda s: claim_due_nudges(s, now=NOW, limit=BATCH), seen), claims)
        result.add(f"claim_due_nudges, {BATCH} rows with their intros, ms median / p95 ({claims} claims)", _ms(full))
        _release(engine)

        claim_plan = _plan_of(engine, sessions, lambda s: claim_due_nudges(s, now=NOW, limit=BATCH), "nudges")
        result.plans.append(("claim_due_nudges: the claim", claim_plan))
        result.add("claim uses ix_nudges_due_at", _uses(claim_plan, "ix_nudges_due_at"))

        # The two other writes that look nudges up, on every snooze click and every reply in an intro thread.
        with sessions() as session:
            promise = session.get_one(Promise, next(r[0] for r in data["promises"] if r[10] == "open"))
            owner = promise.owner_id
            party = session.get_one(Party, next(r[0] for r in data["intro_parties"] if r[4] == "open"))
            intro = session.get_one(Intro, party.intro_id)
            thread = dict(team_id=intro.team_id, channel_id=intro.channel_id, thread_ts=intro.thread_ts,
                          user_id=party.user_id)

        def snooze(session: Session) -> None:
            snooze_promise(session, team_id=TEAM, promise_id=promise.id, user_id=owner, until=NOW)

        def reply(session: Session) -> None:
            end_open_intro_nudges_in_thread(session, **thread)

        for what, action in (("snooze_promise", snooze), ("end_open_intro_nudges_in_thread", reply)):
            def rolled_back(action: Callable[[Session], None] = action) -> None:
                with sessions() as session:
                    action(session)
                    session.rollback()

            result.add(f"{what} (UPDATE nudges), ms median / p95 ({LOOKUPS} runs)", _ms(_timed(rolled_back, LOOKUPS)))
            result.plans.append((what, _plan_of(engine, sessions, action, "nudges")))

        result.add("database size per intro (bytes)", f"{_size(engine, url) / n:,.0f}")
        if backend == "postgresql":
            with engine.connect() as connection:
                for name in TABLES:
                    table, total = connection.execute(text(
                        "SELECT pg_relation_size(:t), pg_total_relation_size(:t)"), {"t": name}).one()
                    result.add(f"{name}: table / with indexes (bytes per intro)",
                               f"{table / n:,.0f} / {total / n:,.0f}")
                index = connection.scalar(text("SELECT pg_relation_size('ix_nudges_due_at')"))
                result.add("ix_nudges_due_at (bytes per intro)", f"{index / n:,.0f}")
        else:
            for name, table, total in _sqlite_sizes(url):
                if name == "ix_nudges_due_at":
                    result.add("ix_nudges_due_at (bytes per intro)", f"{table / n:,.0f}")
                else:
                    result.add(f"{name}: table / with indexes (bytes per intro)",
                               f"{table / n:,.0f} / {total / n:,.0f}")
    finally:
        engine.dispose()
    return result


def _size(engine: Engine, url: str) -> int:
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            return int(connection.scalar(text("SELECT pg_database_size(current_database())")))
    path = make_url(url).database
    assert path
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return os.path.getsize(path)


def _sqlite_sizes(url: str) -> list[tuple[str, int, int]]:
    """(table, bytes of the table, bytes with its indexes), where this SQLite was built with dbstat."""
    path = make_url(url).database
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        sizes = dict(connection.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall())
        owners = connection.execute("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')")
        totals: dict[str, int] = {}
        for name, table in owners:
            totals[table] = totals.get(table, 0) + sizes.get(name, 0)
        return [(t, sizes.get(t, 0), totals.get(t, 0)) for t in (*TABLES, "ix_nudges_due_at")]
    except sqlite3.OperationalError:
        return []
    finally:
        connection.close()


# ---- backends ---------------------------------------------------------------------------------------


def _sqlite(n: int, data: dict[str, list[Row]]) -> Result:
    with tempfile.TemporaryDirectory(prefix="due-work-") as folder:
        path = Path(folder) / "bench.db"
        url = f"sqlite:///{path}"
        upgrade_to_head(url)
        start = time.perf_counter()
        load_sqlite(path, data)
        return measure("sqlite", url, n, data, time.perf_counter() - start)


def _postgres(server_url: str, n: int, data: dict[str, list[Row]]) -> Result:
    import psycopg

    name = f"bench_due_work_{os.getpid()}"
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(_libpq_url(server_url), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        upgrade_to_head(url)
        start = time.perf_counter()
        load_postgres(url, data)
        result = measure("postgresql", url, n, data, time.perf_counter() - start)
        with psycopg.connect(_libpq_url(url)) as connection:
            version = connection.execute("SHOW server_version").fetchone()
        result.add("server", f"PostgreSQL {version[0] if version else '?'}")
        return result
    finally:
        with psycopg.connect(_libpq_url(server_url), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def results(rows: int, postgres_url: str | None) -> list[Result]:
    data = generate(rows)
    out = [_sqlite(rows, data)]
    if postgres_url:
        out.append(_postgres(postgres_url, rows, data))
    return out


def run(rows: int, postgres_url: str | None) -> list[tuple[str, str]]:
    """(label, value) pairs, each label prefixed with its backend."""
    return [row for result in results(rows, postgres_url) for row in result.rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000, help="intros (and promises) to load")
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL"),
                        help="a PostgreSQL server URL (default: TEST_POSTGRES_URL)")
    args = parser.parse_args()
    logging.getLogger("alembic").setLevel(logging.WARNING)  # migration chatter would bury the table
    done = results(args.rows, args.postgres)
    print("| measure | value |")
    print("|---|---:|")
    for result in done:
        for label, value in result.rows:
            print(f"| {label} | {value} |")
    for result in done:
        for what, plan in result.plans:
            print(f"\n### {result.backend}: {what}\n\n```\n{plan}\n```")


if __name__ == "__main__":
    main()
