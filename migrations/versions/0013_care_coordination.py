"""the care coordinator's side: coordinator accounts, patients' contact details, the
worklist of enrollments and withdrawals, secure messages

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa

from portal.models.base import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('member_contacts',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_contacts_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', name=op.f('pk_member_contacts'))
    )
    op.create_table('message_threads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('care_coordinator_id', sa.Integer(), nullable=True),
    sa.Column('clinical_program_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=120), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('last_message_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['care_coordinator_id'], ['care_coordinators.id'], name=op.f('fk_message_threads_care_coordinator_id_care_coordinators')),
    sa.ForeignKeyConstraint(['clinical_program_id'], ['clinical_programs.id'], name=op.f('fk_message_threads_clinical_program_id_clinical_programs')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_message_threads_member_id_members')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_message_threads_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message_threads'))
    )
    with op.batch_alter_table('message_threads', schema=None) as batch_op:
        batch_op.create_index('ix_message_threads_coordinator', ['care_coordinator_id', 'last_message_at'], unique=False)
        batch_op.create_index('ix_message_threads_member', ['member_id', 'last_message_at'], unique=False)
        batch_op.create_index('ix_message_threads_organization', ['organization_id', 'last_message_at'], unique=False)

    op.create_table('messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('from_patient', sa.Boolean(), nullable=False),
    sa.Column('author_user_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=160), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('read_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['author_user_id'], ['users.id'], name=op.f('fk_messages_author_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['thread_id'], ['message_threads.id'], name=op.f('fk_messages_thread_id_message_threads')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_messages_thread_id'), ['thread_id'], unique=False)

    op.create_table('work_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('clinical_program_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('care_coordinator_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('due_at', UTCDateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_outcome', sa.String(length=20), nullable=True),
    sa.Column('last_contact_at', UTCDateTime(), nullable=True),
    sa.Column('done_at', UTCDateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('enrollment', 'withdrawal')", name=op.f('ck_work_items_kind')),
    sa.CheckConstraint("status IN ('open', 'done')", name=op.f('ck_work_items_status')),
    sa.ForeignKeyConstraint(['care_coordinator_id'], ['care_coordinators.id'], name=op.f('fk_work_items_care_coordinator_id_care_coordinators')),
    sa.ForeignKeyConstraint(['clinical_program_id'], ['clinical_programs.id'], name=op.f('fk_work_items_clinical_program_id_clinical_programs')),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name=op.f('fk_work_items_enrollment_id_enrollments')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_work_items_member_id_members')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_work_items_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_items'))
    )
    with op.batch_alter_table('work_items', schema=None) as batch_op:
        batch_op.create_index('ix_work_items_coordinator_open', ['care_coordinator_id', 'organization_id', 'status', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_items_enrollment_id'), ['enrollment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_items_member_id'), ['member_id'], unique=False)
        batch_op.create_index('ix_work_items_organization_open', ['organization_id', 'status', 'created_at'], unique=False)

    op.create_table('work_item_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('by_user_id', sa.Integer(), nullable=True),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.CheckConstraint("outcome IN ('reached', 'left_message', 'no_answer', 'declined', 'noted', 'withdrawn')", name=op.f('ck_work_item_contacts_outcome')),
    sa.ForeignKeyConstraint(['by_user_id'], ['users.id'], name=op.f('fk_work_item_contacts_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['work_items.id'], name=op.f('fk_work_item_contacts_item_id_work_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_item_contacts'))
    )
    with op.batch_alter_table('work_item_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_item_contacts_item_id'), ['item_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('care_coordinator_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_users_care_coordinator_id'), ['care_coordinator_id'])
        batch_op.create_foreign_key(batch_op.f('fk_users_care_coordinator_id_care_coordinators'), 'care_coordinators', ['care_coordinator_id'], ['id'])
        batch_op.create_check_constraint('coordinator_provider', "care_coordinator_id IS NULL OR role = 'provider'")



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint('coordinator_provider', type_='check')
        batch_op.drop_constraint(batch_op.f('fk_users_care_coordinator_id_care_coordinators'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_users_care_coordinator_id'), type_='unique')
        batch_op.drop_column('care_coordinator_id')

    with op.batch_alter_table('work_item_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_item_contacts_item_id'))

    op.drop_table('work_item_contacts')
    with op.batch_alter_table('work_items', schema=None) as batch_op:
        batch_op.drop_index('ix_work_items_organization_open')
        batch_op.drop_index(batch_op.f('ix_work_items_member_id'))
        batch_op.drop_index(batch_op.f('ix_work_items_enrollment_id'))
        batch_op.drop_index('ix_work_items_coordinator_open')

    op.drop_table('work_items')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_messages_thread_id'))

    op.drop_table('messages')
    with op.batch_alter_table('message_threads', schema=None) as batch_op:
        batch_op.drop_index('ix_message_threads_organization')
        batch_op.drop_index('ix_message_threads_member')
        batch_op.drop_index('ix_message_threads_coordinator')

    op.drop_table('message_threads')
    op.drop_table('member_contacts')
