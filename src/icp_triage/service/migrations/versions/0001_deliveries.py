"""The delivery queue.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_Time = sa.Float(precision=53)


def upgrade() -> None:
    op.create_table(
        "deliveries",
        sa.Column("id", _Id, primary_key=True, autoincrement=True),
        sa.Column("tracker", sa.String(16), nullable=False),
        sa.Column("delivery_id", sa.String(200), nullable=False),
        sa.Column("event", sa.String(100), nullable=False),
        sa.Column("source", sa.String(120), nullable=False),
        sa.Column("request_key", sa.String(300), nullable=False),
        sa.Column("installation_id", sa.BigInteger, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("available_at", _Time, nullable=False),
        sa.Column("lease_until", _Time, nullable=True),
        sa.Column("claimed_by", sa.String(100), nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("received_at", _Time, nullable=False),
        sa.Column("finished_at", _Time, nullable=True),
        sa.UniqueConstraint("tracker", "delivery_id", name="uq_deliveries_tracker_delivery"),
    )
    op.create_index("ix_deliveries_status_available", "deliveries", ["status", "available_at"])
    op.create_index("ix_deliveries_key", "deliveries", ["tracker", "request_key"])


def downgrade() -> None:
    op.drop_table("deliveries")
