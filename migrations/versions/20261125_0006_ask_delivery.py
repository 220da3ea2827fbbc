"""An intro request (`/intro ask`) and the introducer's answer are delivered like nudges: retried when Slack
does not take them, and sent by the due-work loop if their sender dies; the answer is kept until it is sent.

Revision ID: 0006_ask_delivery
Revises: 0005_connect_lease
Create Date: 2026-11-25 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006_ask_delivery'
down_revision = '0005_connect_lease'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('intro_asks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('suggested_id', sa.String(length=32), nullable=True))

    with op.batch_alter_table('nudges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ask_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_nudges_ask_id_intro_asks'), 'intro_asks', ['ask_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_nudges_ask_id'), ['ask_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('nudges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nudges_ask_id'))
        batch_op.drop_constraint(batch_op.f('fk_nudges_ask_id_intro_asks'), type_='foreignkey')
        batch_op.drop_column('ask_id')

    with op.batch_alter_table('intro_asks', schema=None) as batch_op:
        batch_op.drop_column('suggested_id')
        batch_op.drop_column('answer')
