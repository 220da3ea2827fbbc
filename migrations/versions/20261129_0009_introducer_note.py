"""A decline's note for the introducer only (the ask to check first next time), kept apart from the answer they
are asked to pass on.

Revision ID: 0009_introducer_note
Revises: 0008_retry_record
Create Date: 2026-11-29 15:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009_introducer_note'
down_revision = '0008_retry_record'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch rebuild): on SQLite a rebuilt table would cascade-delete its children.
    op.add_column('closes', sa.Column('note', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('closes', schema=None) as batch_op:
        batch_op.drop_column('note')
