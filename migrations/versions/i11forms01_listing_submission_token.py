"""listing submission token: one listing per posted form

Revision ID: i11forms01
Revises: dfec0b74a9d6
Create Date: 2026-12-01 23:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'i11forms01'
down_revision = 'i11engine01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_listings_organisation_submission',
                                          ['organisation_id', 'submission_token'])


def downgrade():
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.drop_constraint('uq_listings_organisation_submission', type_='unique')
        batch_op.drop_column('submission_token')
