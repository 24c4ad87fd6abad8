"""exchanges and their version history

Revision ID: i13ex01
Revises: i11publicid01
Create Date: 2026-12-02 01:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'i13ex01'
down_revision = 'i11publicid01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'exchanges',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('introduction_id', sa.Integer(), nullable=True),
        sa.Column('supplier_id', sa.Integer(), nullable=False),
        sa.Column('receiver_id', sa.Integer(), nullable=False),
        sa.Column('resource_class', sa.String(length=64), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('quantity', sa.Numeric(precision=14, scale=3), nullable=False),
        sa.Column('unit', sa.String(length=16), nullable=False),
        sa.Column('frequency', sa.String(length=16), nullable=False),
        sa.Column('started_on', sa.Date(), nullable=False),
        sa.Column('ended_on', sa.Date(), nullable=True),
        sa.Column('distance_km', sa.Numeric(precision=8, scale=1), nullable=True),
        sa.Column('distance_computed_km', sa.Numeric(precision=8, scale=1), nullable=True),
        sa.Column('transport_mode', sa.String(length=8), nullable=False),
        sa.Column('people_reached', sa.Integer(), nullable=True),
        sa.Column('people_kind', sa.String(length=24), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('by_broker', sa.Boolean(), nullable=False),
        sa.Column('proposed_by_org_id', sa.Integer(), nullable=True),
        sa.Column('proposed_by_user_id', sa.Integer(), nullable=True),
        sa.Column('confirmed_by_org_id', sa.Integer(), nullable=True),
        sa.Column('confirmed_by_user_id', sa.Integer(), nullable=True),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('verified_by_id', sa.Integer(), nullable=True),
        sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('verified_note', sa.Text(), nullable=False),
        sa.Column('submission_token', sa.String(length=64), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['introduction_id'], ['introductions.id'], name=op.f('fk_exchanges_introduction_id_introductions'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['supplier_id'], ['organisations.id'], name=op.f('fk_exchanges_supplier_id_organisations')),
        sa.ForeignKeyConstraint(['receiver_id'], ['organisations.id'], name=op.f('fk_exchanges_receiver_id_organisations')),
        sa.ForeignKeyConstraint(['proposed_by_org_id'], ['organisations.id'], name=op.f('fk_exchanges_proposed_by_org_id_organisations')),
        sa.ForeignKeyConstraint(['proposed_by_user_id'], ['users.id'], name=op.f('fk_exchanges_proposed_by_user_id_users')),
        sa.ForeignKeyConstraint(['confirmed_by_org_id'], ['organisations.id'], name=op.f('fk_exchanges_confirmed_by_org_id_organisations')),
        sa.ForeignKeyConstraint(['confirmed_by_user_id'], ['users.id'], name=op.f('fk_exchanges_confirmed_by_user_id_users')),
        sa.ForeignKeyConstraint(['verified_by_id'], ['users.id'], name=op.f('fk_exchanges_verified_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_exchanges')),
        sa.UniqueConstraint('proposed_by_user_id', 'submission_token', name='uq_exchanges_submission'),
    )
    with op.batch_alter_table('exchanges', schema=None) as batch_op:
        batch_op.create_index('ix_exchanges_introduction_id', ['introduction_id'])
        batch_op.create_index('ix_exchanges_supplier_id', ['supplier_id'])
        batch_op.create_index('ix_exchanges_receiver_id', ['receiver_id'])
        batch_op.create_index('ix_exchanges_resource_class', ['resource_class'])
        batch_op.create_index('ix_exchanges_status_started', ['status', 'started_on'])
    op.create_table(
        'exchange_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('exchange_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['exchange_id'], ['exchanges.id'], name=op.f('fk_exchange_versions_exchange_id_exchanges'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_exchange_versions_actor_id_users')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_exchange_versions_organisation_id_organisations')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_versions')),
    )
    with op.batch_alter_table('exchange_versions', schema=None) as batch_op:
        batch_op.create_index('ix_exchange_versions_exchange_id', ['exchange_id'])


def downgrade():
    with op.batch_alter_table('exchange_versions', schema=None) as batch_op:
        batch_op.drop_index('ix_exchange_versions_exchange_id')
    op.drop_table('exchange_versions')
    with op.batch_alter_table('exchanges', schema=None) as batch_op:
        for name in ('ix_exchanges_status_started', 'ix_exchanges_resource_class', 'ix_exchanges_receiver_id',
                     'ix_exchanges_supplier_id', 'ix_exchanges_introduction_id'):
            batch_op.drop_index(name)
    op.drop_table('exchanges')
