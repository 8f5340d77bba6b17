"""assistant exchanges: a covering index for the support dashboard's aggregates

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

"""
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    # Every dashboard aggregate over a period reads only these columns: with them in the
    # index, a period is one range scan of the index, never a visit to each row.
    op.create_index('ix_assistant_exchanges_dashboard', 'assistant_exchanges',
                    ['created_at', 'audience', 'outcome', 'feedback', 'topic_id', 'latency_ms'], unique=False)


def downgrade():
    op.drop_index('ix_assistant_exchanges_dashboard', table_name='assistant_exchanges')
