"""search: on PostgreSQL a full-text (simple configuration) GIN index on listings.search_text, so that
a term naming a resource class finds the class's names in both languages in one index lookup; and
organisations by municipality (the municipality filter of browse, the map and the broker queue)

Revision ID: i17pages01
Revises: i1712know01
Create Date: 2026-12-02 18:30:00

"""
from alembic import op

revision = 'i17pages01'
down_revision = "i1712know01"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_organisations_municipality', 'organisations', ['municipality'])
    if op.get_bind().dialect.name == 'postgresql':
        # the expression services/listings.py searches with (the word-prefix query of a class's names)
        op.execute("CREATE INDEX ix_listings_search_words ON listings "
                   "USING gin (to_tsvector('simple'::regconfig, search_text))")


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP INDEX IF EXISTS ix_listings_search_words')
    op.drop_index('ix_organisations_municipality', table_name='organisations')
