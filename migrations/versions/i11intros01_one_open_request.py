"""One open request per organisation and listing (partial unique index), and each party's
confirmation that an exchange is realised.

Revision ID: i11intros01
Revises: dfec0b74a9d6
"""

import sqlalchemy as sa
from alembic import op

revision = "i11intros01"
down_revision = "i11forms01"
branch_labels = None
depends_on = None

OPEN_REQUEST = sa.text("kind = 'request' AND status IN ('proposed', 'accepted', 'in_dialogue', 'agreed')")


def upgrade():
    # Older duplicates (from before the index) would block it: keep the first open one of each pair.
    op.execute(
        "UPDATE introductions SET status = 'declined' WHERE kind = 'request'"
        " AND status IN ('proposed', 'accepted', 'in_dialogue', 'agreed')"
        " AND id NOT IN (SELECT MIN(id) FROM introductions WHERE kind = 'request'"
        " AND status IN ('proposed', 'accepted', 'in_dialogue', 'agreed')"
        " GROUP BY listing_id, requested_by_id)"
    )
    op.create_index(
        "uq_introductions_open_request",
        "introductions",
        ["listing_id", "requested_by_id"],
        unique=True,
        postgresql_where=OPEN_REQUEST,
        sqlite_where=OPEN_REQUEST,
    )
    with op.batch_alter_table("introduction_parties") as batch:
        batch.add_column(sa.Column("confirmed_realised", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("introduction_parties") as batch:
        batch.drop_column("confirmed_realised")
    op.drop_index("uq_introductions_open_request", table_name="introductions")
