"""The intro's life in Slack and live feedback: where an intro came from (the detector or the "Close this intro"
shortcut), when its message was deleted or edited into a non-intro, and per-workspace counters (no text).

Revision ID: 0007_intro_life
Revises: 0006_ask_delivery
Create Date: 2026-11-26 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007_intro_life'
down_revision = '0006_ask_delivery'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('intros', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.Enum('detected', 'shortcut', name='introsource', native_enum=False,
                                                        length=24), server_default='detected', nullable=False))
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        'feedback_counts',
        sa.Column('team_id', sa.String(length=32), nullable=False),
        sa.Column('counter', sa.Enum('dismissed', 'shortcut_missed', name='feedback', native_enum=False, length=24),
                  nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('team_id', 'counter', name=op.f('pk_feedback_counts')),
    )


def downgrade() -> None:
    op.drop_table('feedback_counts')
    with op.batch_alter_table('intros', schema=None) as batch_op:
        batch_op.drop_column('removed_at')
        batch_op.drop_column('source')
