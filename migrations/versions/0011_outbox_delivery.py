"""outbox delivery: messages hold no text (rendered when sent, so no link is stored), a status
with attempts and the last error; imports record why they failed

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa

from portal.models.base import UTCDateTime


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    # Messages queued before delivery existed hold their text, reset links included: they are
    # never sent, and the text goes.
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_pending')
        batch_op.drop_column('body')
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('context', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=20), server_default='queued', nullable=False))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('next_attempt_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('claimed_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('claim_token', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('last_error', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('failed_at', UTCDateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_user_id_users'), 'users', ['user_id'], ['id'],
                                    ondelete='SET NULL')
    outbox = sa.table('outbox_messages', sa.column('status', sa.String), sa.column('sent_at', UTCDateTime()),
                      sa.column('last_error', sa.String), sa.column('context', sa.JSON),
                      sa.column('next_attempt_at', UTCDateTime()), sa.column('created_at', UTCDateTime()))
    op.execute(outbox.update().where(outbox.c.sent_at.is_not(None)).values(status='sent'))
    op.execute(outbox.update().where(outbox.c.sent_at.is_(None)).values(
        status='cancelled', last_error='Queued before the portal delivered e-mail; never sent.'))
    op.execute(outbox.update().values(context={}, next_attempt_at=outbox.c.created_at))
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.alter_column('context', existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column('next_attempt_at', existing_type=UTCDateTime(), nullable=False)
        batch_op.create_index('ix_outbox_messages_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failure', sa.String(length=500), nullable=True))


def downgrade():
    # Messages not sent yet have no text to go back to: an older sender would mail them blank.
    op.execute(sa.text("DELETE FROM outbox_messages WHERE sent_at IS NULL"))
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.drop_column('failure')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_user_id'))
        batch_op.drop_index('ix_outbox_messages_due')
        batch_op.drop_constraint(batch_op.f('fk_outbox_messages_user_id_users'), type_='foreignkey')
        for column in ('failed_at', 'last_error', 'claim_token', 'claimed_at', 'next_attempt_at', 'attempts', 'status', 'context', 'user_id'):
            batch_op.drop_column(column)
        batch_op.add_column(sa.Column('body', sa.Text(), server_default='', nullable=False))
        batch_op.create_index('ix_outbox_messages_pending', ['sent_at', 'created_at'], unique=False)
