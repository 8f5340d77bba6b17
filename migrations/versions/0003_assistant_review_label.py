"""assistant exchanges: the reviewer's label (the expected topic, EMERGENCY or FALLBACK)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assistant_exchanges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label', sa.String(length=80), nullable=True))
        batch_op.create_index('ix_assistant_exchanges_label', ['label'], unique=False)


def downgrade():
    with op.batch_alter_table('assistant_exchanges', schema=None) as batch_op:
        batch_op.drop_index('ix_assistant_exchanges_label')
        batch_op.drop_column('label')
