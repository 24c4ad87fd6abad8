"""listing import from a spreadsheet: the stored preview, and each imported listing's import key

Revision ID: i14import01
Revises: i14survey01
Create Date: 2026-12-02 04:35:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'i14import01'
down_revision = 'i14survey01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'listing_imports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=40), nullable=False),
        sa.Column('broker_id', sa.Integer(), nullable=True),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('rows', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_count', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['broker_id'], ['users.id'], name=op.f('fk_listing_imports_broker_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_imports')),
    )
    with op.batch_alter_table('listing_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listing_imports_token'), ['token'], unique=True)
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('import_key', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_listings_import_key'), ['import_key'])


def downgrade():
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_listings_import_key'), type_='unique')
        batch_op.drop_column('import_key')
    with op.batch_alter_table('listing_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listing_imports_token'))
    op.drop_table('listing_imports')
