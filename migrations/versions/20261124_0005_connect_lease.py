"""A double opt-in request both said yes to is connected by the due-work loop if its sender died: its lease.

Revision ID: 0005_connect_lease
Revises: 0004_installations
Create Date: 2026-11-24 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005_connect_lease'
down_revision = '0004_installations'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('optin_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('connect_retry_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_optin_requests_connect_retry_at'), ['connect_retry_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('optin_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_optin_requests_connect_retry_at'))
        batch_op.drop_column('connect_retry_at')
