"""Double opt-in intros: requests and each person's answer; nudges can be about a request; intro policies; intro asks; intros by age (retention).

Revision ID: 0003_optin
Revises: 0002_nudges
Create Date: 2026-11-23 14:44:33.002218
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003_optin'
down_revision = '0002_nudges'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('optin_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('introducer_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.Enum('connection', 'referral', 'favor', name='introkind', native_enum=False, length=24), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('state', sa.Enum('asking', 'connected', 'declined', 'expired', name='requeststate', native_enum=False, length=24), nullable=False),
    sa.Column('promise_id', sa.Integer(), nullable=True),
    sa.Column('group_channel_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['promise_id'], ['promises.id'], name=op.f('fk_optin_requests_promise_id_promises'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_optin_requests'))
    )
    op.create_table('optin_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('answer', sa.Enum('pending', 'yes', 'not_now', 'no', name='answer', native_enum=False, length=24), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('ask_channel_id', sa.String(length=32), nullable=True),
    sa.Column('ask_ts', sa.String(length=32), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['optin_requests.id'], name=op.f('fk_optin_answers_request_id_optin_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_optin_answers')),
    sa.UniqueConstraint('request_id', 'user_id', name=op.f('uq_optin_answers_request_id_user_id'))
    )
    with op.batch_alter_table('optin_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_optin_answers_request_id'), ['request_id'], unique=False)

    op.create_table('intro_asks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('requester_id', sa.String(length=32), nullable=False),
    sa.Column('introducer_id', sa.String(length=32), nullable=False),
    sa.Column('target_id', sa.String(length=32), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('state', sa.Enum('waiting', 'asked', 'declined', 'suggested', name='askstate', native_enum=False, length=24), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intro_asks'))
    )
    with op.batch_alter_table('intros', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intros_created_at'), ['created_at'], unique=False)

    with op.batch_alter_table('user_prefs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('policy', sa.Enum('open', 'busy', 'topics', name='intropolicy', native_enum=False, length=24), server_default='open', nullable=False))
        batch_op.add_column(sa.Column('busy_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('topics', sa.String(length=150), nullable=True))
        batch_op.add_column(sa.Column('policy_note', sa.String(length=300), nullable=True))

    with op.batch_alter_table('nudges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('optin_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_nudges_optin_id_optin_requests'), 'optin_requests', ['optin_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_nudges_optin_id'), ['optin_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('nudges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nudges_optin_id'))
        batch_op.drop_constraint(batch_op.f('fk_nudges_optin_id_optin_requests'), type_='foreignkey')
        batch_op.drop_column('optin_id')

    with op.batch_alter_table('optin_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_optin_answers_request_id'))

    with op.batch_alter_table('user_prefs', schema=None) as batch_op:
        batch_op.drop_column('policy_note')
        batch_op.drop_column('topics')
        batch_op.drop_column('busy_until')
        batch_op.drop_column('policy')

    with op.batch_alter_table('intros', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intros_created_at'))

    op.drop_table('intro_asks')
    op.drop_table('optin_answers')
    op.drop_table('optin_requests')
