"""listing inferred class: the resource class the engine reads from the text, stored so that search
and the listing page can use it (issue 11)

Revision ID: i11engine01
Revises: dfec0b74a9d6
Create Date: 2026-12-01 22:45:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "i11engine01"
down_revision = "dfec0b74a9d6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inferred_class", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_listings_inferred_class", ["inferred_class"], unique=False)
    # Fill it for existing listings with the pure engine, as the application does on saving.
    from siru_exchange.matching import Engine, Listing, load_taxonomy

    engine = Engine(load_taxonomy())
    conn = op.get_bind()
    listings = sa.table("listings", sa.column("id", sa.Integer), sa.column("kind", sa.String),
                        sa.column("organisation_id", sa.Integer), sa.column("title", sa.String),
                        sa.column("description", sa.Text), sa.column("inferred_class", sa.String))
    organisations = sa.table("organisations", sa.column("id", sa.Integer), sa.column("name", sa.String))
    rows = conn.execute(sa.select(listings.c.id, listings.c.kind, listings.c.organisation_id,
                                  listings.c.title, listings.c.description, organisations.c.name)
                        .join(organisations, organisations.c.id == listings.c.organisation_id)).all()
    for row in rows:
        found = engine.inferred_class(Listing(id=row.id, kind=row.kind, organisation=row.organisation_id,
                                              title=row.title or "", description=row.description or "",
                                              organisation_name=row.name or ""))
        if found:
            conn.execute(listings.update().where(listings.c.id == row.id).values(inferred_class=found))


def downgrade():
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.drop_index("ix_listings_inferred_class")
        batch_op.drop_column("inferred_class")
