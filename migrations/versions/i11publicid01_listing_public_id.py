"""listing public id: a random id for URLs and the API instead of the sequential one

Revision ID: i11publicid01
Revises: i11intros01
Create Date: 2026-12-01 23:45:00

"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = 'i11publicid01'
down_revision = 'i11identity201'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_id', sa.String(length=24), nullable=True))
    listings = sa.table('listings', sa.column('id', sa.Integer), sa.column('public_id', sa.String))
    bind = op.get_bind()
    ids = [row[0] for row in bind.execute(sa.select(listings.c.id).where(listings.c.public_id.is_(None)))]
    seen = set()
    for listing_id in ids:
        value = secrets.token_urlsafe(9)
        while value in seen:
            value = secrets.token_urlsafe(9)
        seen.add(value)
        bind.execute(listings.update().where(listings.c.id == listing_id).values(public_id=value))
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.alter_column('public_id', existing_type=sa.String(length=24), nullable=False)
        batch_op.create_index(batch_op.f('ix_listings_public_id'), ['public_id'], unique=True)


def downgrade():
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listings_public_id'))
        batch_op.drop_column('public_id')
