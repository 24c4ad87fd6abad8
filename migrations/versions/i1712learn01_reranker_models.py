"""re-rankers learned from outcomes (reranker_models), and the time a side reacted to a suggestion
(suggestions.reacted_at), so that outcomes can be split by time

Revision ID: i1712learn01
Revises: i16run01
Create Date: 2026-12-02 18:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = "i1712learn01"
down_revision = "i16run01"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reranker_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("model", sa.JSON(), nullable=False),
        sa.Column("evaluation", sa.JSON(), nullable=False),
        sa.Column("outcomes", sa.Integer(), nullable=False),
        sa.Column("in_use", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reranker_models")),
        sa.UniqueConstraint("version", name=op.f("uq_reranker_models_version")),
    )
    op.create_index(op.f("ix_reranker_models_in_use"), "reranker_models", ["in_use"], unique=False)
    with op.batch_alter_table("suggestions") as batch:
        batch.add_column(sa.Column("reacted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("suggestions") as batch:
        batch.drop_column("reacted_at")
    op.drop_index(op.f("ix_reranker_models_in_use"), table_name="reranker_models")
    op.drop_table("reranker_models")
