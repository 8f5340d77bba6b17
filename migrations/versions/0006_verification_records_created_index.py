"""verification records: an index on created_at for the 24-hour purge

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

"""
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    # Expired records are deleted by age, from the verification hot path (one call in
    # PURGE_EVERY) and by `flask verifications purge`: a range scan, never the whole table.
    op.create_index('ix_verification_records_created', 'verification_records', ['created_at'], unique=False)


def downgrade():
    op.drop_index('ix_verification_records_created', table_name='verification_records')
