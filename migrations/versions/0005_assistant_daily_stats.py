"""assistant_daily_stats: per-day counts for the support dashboard, filled from the log

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('assistant_daily_stats',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('feedback', sa.String(length=20), nullable=False),
    sa.Column('topic_id', sa.String(length=80), nullable=False),
    sa.Column('questions', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'audience', 'outcome', 'feedback', 'topic_id', name=op.f('pk_assistant_daily_stats'))
    )
    # Count what is already logged (migrations never import app code: plain SQL).
    if op.get_bind().dialect.name == 'postgresql':
        day = "date(timezone('UTC', created_at))"
    else:
        day = "date(created_at)"
    op.execute(
        "INSERT INTO assistant_daily_stats (day, audience, outcome, feedback, topic_id, questions) "
        f"SELECT {day}, audience, outcome, coalesce(feedback, ''), coalesce(topic_id, ''), count(*) "
        f"FROM assistant_exchanges GROUP BY {day}, audience, outcome, coalesce(feedback, ''), coalesce(topic_id, '')"
    )


def downgrade():
    op.drop_table('assistant_daily_stats')
