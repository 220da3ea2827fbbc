"""An intro request (`/intro ask`) remembers where its DM reached the introducer (and its one reminder), so its
buttons can be retired when it expires after a week without an answer. Requests already waiting get the same
reminder and expiry as new ones, so none is left without an end.

Revision ID: 0012_ask_expiry
Revises: 0011_not_now_date
Create Date: 2026-11-29 16:30:00.000000
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = '0012_ask_expiry'
down_revision = '0011_not_now_date'
branch_labels = None
depends_on = None

COLUMNS = ('dm_channel_id', 'dm_ts', 'reminder_ts')
REMINDER_AFTER = timedelta(hours=72)  # as bot/services/ask_view.py, frozen here as they were at this revision
EXPIRES_AFTER = timedelta(days=7)
LAST_CHANCE = timedelta(days=1)  # a reminder is only worth sending with at least this long left to answer


def upgrade() -> None:
    # A plain ADD COLUMN (no batch rebuild): on SQLite a rebuilt table would cascade-delete its children.
    for name in COLUMNS:
        op.add_column('intro_asks', sa.Column(name, sa.String(length=32), nullable=True))
    _end_waiting_asks(datetime.now(UTC))


def _end_waiting_asks(now: datetime) -> None:
    """A reminder (if there is still time to answer) and an expiry for each request waiting today; one long
    overdue expires on the due-work loop's next tick, and its requester hears."""
    asks = sa.table('intro_asks', sa.column('id', sa.Integer), sa.column('team_id', sa.String),
                    sa.column('requester_id', sa.String), sa.column('introducer_id', sa.String),
                    sa.column('state', sa.String), sa.column('created_at', sa.DateTime(timezone=True)))
    nudges = sa.table('nudges', sa.column('team_id', sa.String), sa.column('subject', sa.String),
                      sa.column('kind', sa.String), sa.column('user_id', sa.String), sa.column('ask_id', sa.Integer),
                      sa.column('due_at', sa.DateTime(timezone=True)), sa.column('sent', sa.Integer),
                      sa.column('attempts', sa.Integer), sa.column('created_at', sa.DateTime(timezone=True)))
    rows = []
    for ask in op.get_bind().execute(sa.select(asks).where(asks.c.state == 'waiting')):
        created = ask.created_at if ask.created_at.tzinfo else ask.created_at.replace(tzinfo=UTC)
        expires = max(created + EXPIRES_AFTER, now)
        common = {'team_id': ask.team_id, 'ask_id': ask.id, 'sent': 0, 'attempts': 0, 'created_at': now}
        remind = max(created + REMINDER_AFTER, now)
        if expires - remind >= LAST_CHANCE:
            rows.append({**common, 'subject': f'ask-reminder:{ask.id}', 'kind': 'ask_reminder',
                         'user_id': ask.introducer_id, 'due_at': remind})
        rows.append({**common, 'subject': f'ask-expiry:{ask.id}', 'kind': 'ask_expiry',
                     'user_id': ask.requester_id, 'due_at': expires})
    if rows:
        op.bulk_insert(nudges, rows)


def downgrade() -> None:
    op.execute("DELETE FROM nudges WHERE kind IN ('ask_reminder', 'ask_expiry')")
    with op.batch_alter_table('intro_asks', schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
