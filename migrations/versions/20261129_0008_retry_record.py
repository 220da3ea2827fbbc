"""One retry record for every kind of stored send: `due_at`, `attempts`, `last_error` on intro_parties (the
prompt's), closes, nudges (which had them already) and optin_requests (the connection's). Renaming the columns
keeps every row's due time, lease and count as they were.

Revision ID: 0008_retry_record
Revises: 0007_intro_life
Create Date: 2026-11-29 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008_retry_record'
down_revision = '0007_intro_life'
branch_labels = None
depends_on = None

# table -> (its old due column, its old attempts column or None, whether it had last_error)
OLD = {
    'intro_parties': ('prompt_retry_at', 'prompt_attempts', False),
    'closes': ('retry_at', 'attempts', True),
    'optin_requests': ('connect_retry_at', None, False),
}


def upgrade() -> None:
    # Plain ALTERs, not batch mode: on SQLite a batch would recreate the table, and dropping the old one would
    # cascade (foreign_keys is on) to every row that refers to it: a party's closes, nudges and promises.
    for table, (due, attempts, had_error) in OLD.items():
        op.drop_index(f'ix_{table}_{due}', table_name=table)
        op.alter_column(table, due, new_column_name='due_at')
        op.create_index(f'ix_{table}_due_at', table, ['due_at'], unique=False)
        if attempts is None:
            # Existing rows start with 0 tries; the server default stays (SQLite cannot drop it in place),
            # and the model always writes the column itself.
            op.add_column(table, sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        elif attempts != 'attempts':
            op.alter_column(table, attempts, new_column_name='attempts')
        if not had_error:
            op.add_column(table, sa.Column('last_error', sa.String(length=200), nullable=True))


def downgrade() -> None:
    for table, (due, attempts, had_error) in OLD.items():
        if not had_error:
            op.drop_column(table, 'last_error')
        if attempts is None:
            op.drop_column(table, 'attempts')
        elif attempts != 'attempts':
            op.alter_column(table, 'attempts', new_column_name=attempts)
        op.drop_index(f'ix_{table}_due_at', table_name=table)
        op.alter_column(table, 'due_at', new_column_name=due)
        op.create_index(f'ix_{table}_{due}', table, [due], unique=False)
