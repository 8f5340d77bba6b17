"""assistant phrases: emergency phrasings taught by support staff, approved by a second person

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa

from portal.models.base import UTCDateTime


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assistant_phrases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approved_by_user_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('approved_at', UTCDateTime(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_assistant_phrases_approved_by_user_id_users'), 'users',
                                    ['approved_by_user_id'], ['id'])
        batch_op.drop_constraint(op.f('ck_assistant_phrases_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_assistant_phrases_kind'), "kind IN ('alternate', 'negative', 'emergency')")
    # Alternates and negatives took effect when they were added.
    op.execute("UPDATE assistant_phrases SET approved_at = created_at, approved_by_user_id = created_by_user_id")


def downgrade():
    op.execute("DELETE FROM assistant_phrases WHERE kind = 'emergency'")
    with op.batch_alter_table('assistant_phrases', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_assistant_phrases_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_assistant_phrases_kind'), "kind IN ('alternate', 'negative')")
        batch_op.drop_constraint(op.f('fk_assistant_phrases_approved_by_user_id_users'), type_='foreignkey')
        batch_op.drop_column('approved_at')
        batch_op.drop_column('approved_by_user_id')
