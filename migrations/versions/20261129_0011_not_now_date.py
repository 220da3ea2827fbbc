"""A "Not now" to a double opt-in request may carry a date: the introducer hears when to ask again.

Revision ID: 0011_not_now_date
Revises: 0009_introducer_note
Create Date: 2026-11-29 17:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011_not_now_date'
down_revision = '0009_introducer_note'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch rebuild): on SQLite a rebuilt table would cascade-delete its children.
    op.add_column('optin_answers', sa.Column('ask_again_after', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('optin_answers', schema=None) as batch_op:
        batch_op.drop_column('ask_again_after')
