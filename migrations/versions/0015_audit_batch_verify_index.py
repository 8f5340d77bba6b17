"""a partial index of batch verification events, for the admin dashboard's batch rows per day

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

CHANNELS = "('web-batch', 'api-batch')"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        # CONCURRENTLY: audit events keep being written (every member lookup) while it builds.
        with op.get_context().autocommit_block():
            op.create_index(
                'ix_audit_events_batch_verify', 'audit_events', ['occurred_at'], unique=False,
                postgresql_concurrently=True,
                postgresql_where=sa.text(f"action = 'member.verify' AND (details ->> 'channel') IN {CHANNELS}"))
    else:
        op.create_index(
            'ix_audit_events_batch_verify', 'audit_events', ['occurred_at'], unique=False,
            sqlite_where=sa.text(f"action = 'member.verify' AND json_extract(details, '$.channel') IN {CHANNELS}"))


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.drop_index('ix_audit_events_batch_verify', table_name='audit_events', postgresql_concurrently=True)
    else:
        op.drop_index('ix_audit_events_batch_verify', table_name='audit_events')
