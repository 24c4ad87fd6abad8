"""indexes for a national dataset: active listings by date, updated_at, the effective class, suggestions
by score and per listing, and on PostgreSQL a trigram (pg_trgm) GIN index for search

Revision ID: i16index01
Revises: i14import01
Create Date: 2026-12-02 04:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'i16index01'
down_revision = 'i14import01'
branch_labels = None
depends_on = None

EFFECTIVE_CLASS = "coalesce(nullif(resource_class, ''), inferred_class)"


def upgrade():
    # browse, search, the home page and the API: active listings newest first
    op.create_index('ix_listings_status_created', 'listings', ['status', 'created_at', 'id'])
    op.create_index('ix_listings_updated_at', 'listings', ['updated_at'])
    # the class filter and search by class: the class given, else the one read from the text
    op.create_index('ix_listings_effective_class', 'listings', [sa.text(EFFECTIVE_CLASS)])
    # the broker queue: current suggestions, best first; a listing's suggestions, best first
    op.create_index('ix_suggestions_current_score', 'suggestions',
                    ['current', sa.text('score DESC'), 'id'])
    op.create_index('ix_suggestions_offer_score', 'suggestions',
                    ['offer_id', 'current', sa.text('score DESC')])
    op.create_index('ix_suggestions_need_score', 'suggestions',
                    ['need_id', 'current', sa.text('score DESC')])
    op.create_index('ix_introductions_broker_wait', 'introductions', ['needs_broker', 'status', 'created_at'])
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        op.execute('CREATE INDEX ix_listings_search_trgm ON listings USING gin (search_text gin_trgm_ops)')
        # an organisation's chains: its id in the JSON list of the chain's organisations
        op.execute('CREATE INDEX ix_chains_organisations ON chains USING gin ((CAST(organisation_ids AS JSONB)))')


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP INDEX IF EXISTS ix_listings_search_trgm')
        op.execute('DROP INDEX IF EXISTS ix_chains_organisations')
    op.drop_index('ix_introductions_broker_wait', table_name='introductions')
    op.drop_index('ix_suggestions_need_score', table_name='suggestions')
    op.drop_index('ix_suggestions_offer_score', table_name='suggestions')
    op.drop_index('ix_suggestions_current_score', table_name='suggestions')
    op.drop_index('ix_listings_effective_class', table_name='listings')
    op.drop_index('ix_listings_updated_at', table_name='listings')
    op.drop_index('ix_listings_status_created', table_name='listings')
