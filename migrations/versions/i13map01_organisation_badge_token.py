"""organisation impact badge: an unguessable reference the organisation chooses to share

Revision ID: i13map01
Revises: i13ex01
Create Date: 2026-12-02 01:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'i13map01'
down_revision = 'i13ex01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('badge_token', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_organisations_badge_token'), ['badge_token'], unique=True)


def downgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisations_badge_token'))
        batch_op.drop_column('badge_token')
