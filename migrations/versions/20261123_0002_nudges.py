"""Follow-through: the nudges table; one close per way per party (a redirect can fall back to a
direct close); intros looked up by thread (a reply there ends the open-intro nudge); the weekly digest setting.

Revision ID: 0002_nudges
Revises: 0001_initial
Create Date: 2026-11-23 14:25:53.739048
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002_nudges'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('nudges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('subject', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.Enum('promise', 'open_intro', 'digest', name='nudgekind', native_enum=False, length=24), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('promise_id', sa.Integer(), nullable=True),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.Column('last_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['party_id'], ['intro_parties.id'], name=op.f('fk_nudges_party_id_intro_parties'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['promise_id'], ['promises.id'], name=op.f('fk_nudges_promise_id_promises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nudges')),
    sa.UniqueConstraint('team_id', 'subject', name=op.f('uq_nudges_team_id_subject'))
    )
    with op.batch_alter_table('nudges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nudges_due_at'), ['due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_nudges_promise_id'), ['promise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nudges_party_id'), ['party_id'], unique=False)

    with op.batch_alter_table('intro_parties', schema=None) as batch_op:
        batch_op.create_index('ix_intro_parties_team_id_user_id_state', ['team_id', 'user_id', 'state'], unique=False)

    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.create_index('ix_promises_team_id_owner_id_state', ['team_id', 'owner_id', 'state'], unique=False)

    with op.batch_alter_table('closes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_closes_party_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_closes_party_id_way'), ['party_id', 'way'])

    with op.batch_alter_table('user_prefs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest_enabled', sa.Boolean(), server_default=sa.true(), nullable=False))

    with op.batch_alter_table('intros', schema=None) as batch_op:
        batch_op.create_index('ix_intros_team_id_channel_id_thread_ts', ['team_id', 'channel_id', 'thread_ts'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('intros', schema=None) as batch_op:
        batch_op.drop_index('ix_intros_team_id_channel_id_thread_ts')

    with op.batch_alter_table('user_prefs', schema=None) as batch_op:
        batch_op.drop_column('digest_enabled')

    with op.batch_alter_table('closes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_closes_party_id_way'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_closes_party_id'), ['party_id'])

    with op.batch_alter_table('nudges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nudges_party_id'))
        batch_op.drop_index(batch_op.f('ix_nudges_promise_id'))
        batch_op.drop_index(batch_op.f('ix_nudges_due_at'))

    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.drop_index('ix_promises_team_id_owner_id_state')

    with op.batch_alter_table('intro_parties', schema=None) as batch_op:
        batch_op.drop_index('ix_intro_parties_team_id_user_id_state')

    op.drop_table('nudges')
