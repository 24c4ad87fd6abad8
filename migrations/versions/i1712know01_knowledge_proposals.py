"""knowledge proposals: "X can serve as Y" and synonyms taught by brokers, decided by admins;
accepted rows are versioned knowledge added to the shipped taxonomy

Revision ID: i1712know01
Revises: i1712learn01
Create Date: 2026-12-02 18:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = "i1712know01"
down_revision = "i1712learn01"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "knowledge_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("class_id", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=80), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=True),
        sa.Column("phrase", sa.String(length=120), nullable=True),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("suggestion_id", sa.Integer(), nullable=True),
        sa.Column("introduction_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("knowledge_version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["proposed_by_id"], ["users.id"],
                                name=op.f("fk_knowledge_proposals_proposed_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"],
                                name=op.f("fk_knowledge_proposals_decided_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["suggestion_id"], ["suggestions.id"],
                                name=op.f("fk_knowledge_proposals_suggestion_id_suggestions"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["introduction_id"], ["introductions.id"],
                                name=op.f("fk_knowledge_proposals_introduction_id_introductions"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_proposals")),
        sa.UniqueConstraint("knowledge_version", name=op.f("uq_knowledge_proposals_knowledge_version")),
    )
    with op.batch_alter_table("knowledge_proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_knowledge_proposals_status"), ["status"], unique=False)
        batch_op.create_index("uq_knowledge_proposals_open_key", ["key"], unique=True,
                              sqlite_where=sa.text("status != 'rejected'"),
                              postgresql_where=sa.text("status != 'rejected'"))


def downgrade():
    with op.batch_alter_table("knowledge_proposals", schema=None) as batch_op:
        batch_op.drop_index("uq_knowledge_proposals_open_key")
        batch_op.drop_index(batch_op.f("ix_knowledge_proposals_status"))
    op.drop_table("knowledge_proposals")
