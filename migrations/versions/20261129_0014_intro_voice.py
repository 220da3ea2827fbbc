"""An intro's language and form of address, read from its words when noticed, so the drafts follow them (the words
themselves are not kept).

Revision ID: 0014_intro_voice
Revises: 0013_language
Create Date: 2026-11-29 18:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014_intro_voice'
down_revision = '0013_language'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (no batch rebuild): on SQLite a rebuilt table would cascade-delete its children.
    op.add_column('intros', sa.Column('lang', sa.String(length=8), nullable=True))
    op.add_column('intros', sa.Column('register', sa.String(length=10), server_default='formal', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('intros', schema=None) as batch_op:
        batch_op.drop_column('register')
        batch_op.drop_column('lang')
