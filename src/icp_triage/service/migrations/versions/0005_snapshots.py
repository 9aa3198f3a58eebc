"""A daily snapshot of each source's backlog: class counts, demand and shares (GET /trend).

Revision ID: 0005_snapshots
Revises: 0004_intake
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_snapshots"
down_revision = "0004_intake"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "backlog_snapshots",
        sa.Column("source", sa.String(120), primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("taken_at", sa.Float(precision=53), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("backlog_snapshots")
