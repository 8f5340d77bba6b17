"""languages: the language a user reads the portal and its e-mails in (null: the browser's), and
the language of each assistant exchange, staff-approved phrasing, contact request and queued
e-mail ('en' for every row made before Spanish)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

_TABLES = ('assistant_exchanges', 'assistant_phrases', 'contact_requests', 'outbox_messages')


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=False, server_default='en'))


def downgrade():
    for table in reversed(_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('language')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('language')
