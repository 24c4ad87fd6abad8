"""listing suggested_version: which version's suggestions are stored (matching in background workers)

Revision ID: i16jobs01
Revises: i16index01
Create Date: 2026-12-02 04:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'i16jobs01'
down_revision = 'i16index01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suggested_version', sa.Integer(), nullable=True))
    # What is stored today was computed in the request that saved it: current for every listing.
    op.execute("UPDATE listings SET suggested_version = version")


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+ has it): batch mode would copy the table and lose the expression
    # index of i16index01 (ix_listings_effective_class), which that revision's downgrade then drops.
    op.drop_column('listings', 'suggested_version')
