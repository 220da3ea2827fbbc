"""intros, parties, closes, promises, user prefs

Revision ID: 0001_initial
Revises: (none)
Create Date: 2026-11-22 13:53:56.366842
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001_initial'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('intros',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('channel_id', sa.String(length=32), nullable=False),
    sa.Column('message_ts', sa.String(length=32), nullable=False),
    sa.Column('thread_ts', sa.String(length=32), nullable=False),
    sa.Column('introducer_id', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intros')),
    sa.UniqueConstraint('team_id', 'channel_id', 'message_ts', name=op.f('uq_intros_team_id_channel_id_message_ts'))
    )
    op.create_table('user_prefs',
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('prompts_enabled', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'user_id', name=op.f('pk_user_prefs'))
    )
    op.create_table('intro_parties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('intro_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('state', sa.Enum('open', 'closed_direct', 'redirected', 'declined', 'connected', 'dismissed', 'quiet', name='partystate', native_enum=False, length=24), nullable=False),
    sa.Column('prompt_channel_id', sa.String(length=32), nullable=True),
    sa.Column('prompt_ts', sa.String(length=32), nullable=True),
    sa.Column('prompted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('prompt_retry_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('prompt_attempts', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['intro_id'], ['intros.id'], name=op.f('fk_intro_parties_intro_id_intros'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intro_parties')),
    sa.UniqueConstraint('intro_id', 'user_id', name=op.f('uq_intro_parties_intro_id_user_id'))
    )
    with op.batch_alter_table('intro_parties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intro_parties_intro_id'), ['intro_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_intro_parties_prompt_retry_at'), ['prompt_retry_at'], unique=False)

    op.create_table('closes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('way', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('channel_id', sa.String(length=32), nullable=False),
    sa.Column('thread_ts', sa.String(length=32), nullable=True),
    sa.Column('status', sa.Enum('pending', 'posted', 'failed', name='closestatus', native_enum=False, length=24), nullable=False),
    sa.Column('posted_ts', sa.String(length=32), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('retry_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['party_id'], ['intro_parties.id'], name=op.f('fk_closes_party_id_intro_parties'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_closes')),
    sa.UniqueConstraint('party_id', name=op.f('uq_closes_party_id'))
    )
    with op.batch_alter_table('closes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_closes_retry_at'), ['retry_at'], unique=False)

    op.create_table('promises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('intro_id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('make_redirect', 'relay_decline', name='promisekind', native_enum=False, length=24), nullable=False),
    sa.Column('owner_id', sa.String(length=32), nullable=False),
    sa.Column('target_user_id', sa.String(length=32), nullable=True),
    sa.Column('target_name', sa.String(length=200), nullable=True),
    sa.Column('target_contact', sa.String(length=200), nullable=True),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.Enum('open', 'kept', 'cancelled', name='promisestate', native_enum=False, length=24), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['intro_id'], ['intros.id'], name=op.f('fk_promises_intro_id_intros'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['party_id'], ['intro_parties.id'], name=op.f('fk_promises_party_id_intro_parties'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_promises'))
    )
    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_promises_intro_id'), ['intro_id'], unique=False)
        batch_op.create_index('ix_promises_state_due_at', ['state', 'due_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.drop_index('ix_promises_state_due_at')
        batch_op.drop_index(batch_op.f('ix_promises_intro_id'))

    op.drop_table('promises')
    with op.batch_alter_table('closes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_closes_retry_at'))

    op.drop_table('closes')
    with op.batch_alter_table('intro_parties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intro_parties_prompt_retry_at'))
        batch_op.drop_index(batch_op.f('ix_intro_parties_intro_id'))

    op.drop_table('intro_parties')
    op.drop_table('user_prefs')
    op.drop_table('intros')
