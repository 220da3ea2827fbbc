"""Migration 0012: intro requests already waiting when it runs get a reminder and an expiry like new ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from bot.db.engine import make_engine
from bot.db.migrate import downgrade_to, upgrade_to_head


def test_waiting_asks_get_their_reminder_and_expiry(db_url: str) -> None:
    downgrade_to(db_url, "0009_introducer_note")
    now = datetime.now(UTC)
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            for ask_id, age, state in ((1, timedelta(hours=1), "waiting"), (2, timedelta(days=10), "waiting"),
                                       (3, timedelta(days=1), "declined")):
                connection.execute(text(
                    "INSERT INTO intro_asks (id, team_id, requester_id, introducer_id, target_id, why, state, "
                    "created_at) VALUES (:id, 'T1', 'UREQ', 'UINTRO', 'UTARGET', 'why', :state, :created)"),
                    {"id": ask_id, "state": state, "created": now - age})
        upgrade_to_head(db_url)
        with engine.connect() as connection:
            due = {(row.ask_id, row.kind): (row.user_id, row.due_at) for row in connection.execute(text(
                "SELECT ask_id, kind, user_id, due_at FROM nudges WHERE ask_id IS NOT NULL"))}
    finally:
        engine.dispose()

    def at(value: datetime | str) -> datetime:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    assert set(due) == {(1, "ask_reminder"), (1, "ask_expiry"), (2, "ask_expiry")}  # no reminder when overdue
    assert due[1, "ask_reminder"][0] == "UINTRO" and due[1, "ask_expiry"][0] == "UREQ"
    assert abs(at(due[1, "ask_reminder"][1]) - (now + timedelta(hours=71))) < timedelta(minutes=5)
    assert abs(at(due[1, "ask_expiry"][1]) - (now + timedelta(days=7, hours=-1))) < timedelta(minutes=5)
    assert abs(at(due[2, "ask_expiry"][1]) - now) < timedelta(minutes=5)  # long overdue: expires on the next tick
