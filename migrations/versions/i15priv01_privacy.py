"""privacy: users.last_login_at (stale accounts are purged), organisations.deleted_at (the
anonymised remains of an organisation whose last member left), messages.author_id nullable (a
message outlives the account that wrote it)

Revision ID: i15priv01
Revises: i15aud01
Create Date: 2026-12-02 01:05:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'i15priv01'
down_revision = 'i15aud01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.alter_column('author_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.alter_column('author_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('last_login_at')
