"""assistant conversations (server-side context), the turn of each logged exchange, and
"contact me" requests for support staff

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa

from portal.models.base import UTCDateTime


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'assistant_conversations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('log_key', sa.String(length=32), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('context', sa.JSON(), nullable=False),
        sa.Column('turns', sa.Integer(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('expires_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_assistant_conversations_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assistant_conversations')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_assistant_conversations_token_hash')),
        sa.UniqueConstraint('log_key', name=op.f('uq_assistant_conversations_log_key')),
    )
    op.create_index(op.f('ix_assistant_conversations_expires_at'), 'assistant_conversations', ['expires_at'])
    with op.batch_alter_table('assistant_exchanges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conversation', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('turn', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('reading', sa.String(length=20), server_default='new', nullable=False))
        batch_op.add_column(sa.Column('previous_topic_id', sa.String(length=80), nullable=True))
        batch_op.create_index(batch_op.f('ix_assistant_exchanges_conversation'), ['conversation'])
    op.create_table(
        'contact_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('conversation', sa.String(length=32), nullable=True),
        sa.Column('topic_id', sa.String(length=80), nullable=True),
        sa.Column('about', sa.Text(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('method', sa.String(length=10), nullable=False),
        sa.Column('phone', sa.String(length=40), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('best_time', sa.String(length=120), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('done_at', UTCDateTime(), nullable=True),
        sa.Column('done_by_user_id', sa.Integer(), nullable=True),
        sa.Column('outcome_note', sa.Text(), nullable=False),
        sa.CheckConstraint("method IN ('phone', 'email')", name=op.f('ck_contact_requests_method')),
        sa.CheckConstraint("status IN ('open', 'done')", name=op.f('ck_contact_requests_status')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_contact_requests_user_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['done_by_user_id'], ['users.id'], name=op.f('fk_contact_requests_done_by_user_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_requests')),
    )
    op.create_index('ix_contact_requests_status_created', 'contact_requests', ['status', 'created_at'])


def downgrade():
    op.drop_index('ix_contact_requests_status_created', table_name='contact_requests')
    op.drop_table('contact_requests')
    with op.batch_alter_table('assistant_exchanges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assistant_exchanges_conversation'))
        batch_op.drop_column('previous_topic_id')
        batch_op.drop_column('reading')
        batch_op.drop_column('turn')
        batch_op.drop_column('conversation')
    op.drop_index(op.f('ix_assistant_conversations_expires_at'), table_name='assistant_conversations')
    op.drop_table('assistant_conversations')
