"""An intro request (`/intro ask`) remembers where its DM reached the introducer (and its one reminder), so its
buttons can be retired when it expires after a week without an answer.

Revision ID: 0012_ask_expiry
Revises: 0009_introducer_note
Create Date: 2026-11-29 16:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012_ask_expiry'
down_revision = '0009_introducer_note'
branch_labels = None
depends_on = None

COLUMNS = ('dm_channel_id', 'dm_ts', 'reminder_ts')


def upgrade() -> None:
    # A plain ADD COLUMN (no batch rebuild): on SQLite a rebuilt table would cascade-delete its children.
    for name in COLUMNS:
        op.add_column('intro_asks', sa.Column(name, sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('intro_asks', schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
