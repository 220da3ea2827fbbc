"""Installations through OAuth (tokens encrypted at rest) and OAuth states.

Revision ID: 0004_installations
Revises: 0003_optin
Create Date: 2026-11-23 15:13:41.707808
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_installations'
down_revision = '0003_optin'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('installations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('enterprise_id', sa.String(length=32), nullable=True),
    sa.Column('app_id', sa.String(length=32), nullable=True),
    sa.Column('bot_id', sa.String(length=32), nullable=False),
    sa.Column('bot_user_id', sa.String(length=32), nullable=False),
    sa.Column('bot_scopes', sa.Text(), nullable=False),
    sa.Column('bot_token', sa.Text(), nullable=False),
    sa.Column('bot_refresh_token', sa.Text(), nullable=True),
    sa.Column('bot_token_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('installer_user_id', sa.String(length=32), nullable=False),
    sa.Column('installed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_installations')),
    sa.UniqueConstraint('team_id', name=op.f('uq_installations_team_id'))
    )
    op.create_table('oauth_states',
    sa.Column('state', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('state', name=op.f('pk_oauth_states'))
    )


def downgrade() -> None:
    op.drop_table('oauth_states')
    op.drop_table('installations')
