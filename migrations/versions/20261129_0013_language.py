"""A person's chosen language for the bot's words (None: follow their Slack language).

Revision ID: 0013_language
Revises: 0012_ask_expiry
Create Date: 2026-11-29 17:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013_language'
down_revision = '0012_ask_expiry'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch rebuild): on SQLite a rebuilt table would cascade-delete its children.
    op.add_column('user_prefs', sa.Column('language', sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('user_prefs', schema=None) as batch_op:
        batch_op.drop_column('language')
