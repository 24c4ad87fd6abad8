"""organisation chooses whether its public profile shows contact details

Revision ID: i11identity201
Revises: i11forms01
Create Date: 2026-12-01 23:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'i11identity201'
down_revision = 'i11intros01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('show_contact', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('show_contact')
