"""match runs: a full recompute's record (match_runs) and its committed batches with the pairs
they scored (match_run_batches), so that an interrupted `flask match run` keeps what it did and
resumes

Revision ID: i16run01
Revises: i16jobs01
Create Date: 2026-12-02 04:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = "i16run01"
down_revision = "i16jobs01"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "match_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.Column("chains", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_runs")),
    )
    op.create_table(
        "match_run_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=64), nullable=False),
        sa.Column("listing_ids", sa.JSON(), nullable=False),
        sa.Column("pairs", sa.JSON(), nullable=False),
        sa.Column("part_done", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["match_runs.id"], name=op.f("fk_match_run_batches_run_id_match_runs"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_run_batches")),
    )
    with op.batch_alter_table("match_run_batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_run_batches_run_id"), ["run_id"], unique=False)


def downgrade():
    with op.batch_alter_table("match_run_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_run_batches_run_id"))
    op.drop_table("match_run_batches")
    op.drop_table("match_runs")
