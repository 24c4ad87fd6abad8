"""accounts: email verification, organisation approval by a broker, claims of a registered number

Revision ID: i15acc01
Revises: i15priv01
Create Date: 2026-12-02 01:00:00

Users and organisations that exist before this migration (the demo data, accounts made with
`flask create-user`) are marked verified and approved: they were vetted the old way.
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = 'i15acc01'
down_revision = 'i15priv01'
branch_labels = None
depends_on = None


def upgrade():
    now = datetime.now(UTC)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approval', sa.String(length=16), nullable=False, server_default='pending'))
        batch_op.add_column(sa.Column('approval_note', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_organisations_approval'), ['approval'], unique=False)
    users = sa.table('users', sa.column('email_verified_at', sa.DateTime(timezone=True)))
    organisations = sa.table('organisations', sa.column('approval', sa.String),
                             sa.column('approved_at', sa.DateTime(timezone=True)))
    op.execute(users.update().values(email_verified_at=now))
    op.execute(organisations.update().values(approval='approved', approved_at=now))
    op.create_table(
        'claim_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('org_number', sa.String(length=11), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_claim_requests_user_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_claim_requests_organisation_id_organisations')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'],
                                name=op.f('fk_claim_requests_decided_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_requests')),
    )
    with op.batch_alter_table('claim_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_requests_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_requests_status'), ['status'], unique=False)


def downgrade():
    op.drop_table('claim_requests')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisations_approval'))
        batch_op.drop_column('approved_at')
        batch_op.drop_column('approval_note')
        batch_op.drop_column('approval')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_verified_at')
