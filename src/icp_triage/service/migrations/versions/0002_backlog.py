"""The live backlog, scheduled syncs and shared rate-limit pauses.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_Time = sa.Float(precision=53)


def upgrade() -> None:
    op.create_table(
        "tracker_pauses",
        sa.Column("tracker", sa.String(16), primary_key=True),
        sa.Column("until", _Time, nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
    )
    op.create_table(
        "requests",
        sa.Column("source", sa.String(120), primary_key=True),
        sa.Column("request_key", sa.String(300), primary_key=True),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("stored_at", _Time, nullable=False),
    )
    op.create_table(
        "source_syncs",
        sa.Column("source", sa.String(120), primary_key=True),
        sa.Column("synced_at", _Time, nullable=False),
        sa.Column("running_until", _Time, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("source_syncs")
    op.drop_table("requests")
    op.drop_table("tracker_pauses")
