"""Replays by body and bounded storage: each delivery's body SHA-256 (unique per tracker), and
an index retention deletes by.

Revision ID: 0004_intake
Revises: 0003_worker
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_intake"
down_revision = "0003_worker"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("deliveries", sa.Column("body_sha256", sa.String(64), nullable=True))
    op.create_index("uq_deliveries_tracker_body", "deliveries", ["tracker", "body_sha256"], unique=True)
    op.create_index("ix_deliveries_status_finished", "deliveries", ["status", "finished_at"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_status_finished", table_name="deliveries")
    op.drop_index("uq_deliveries_tracker_body", table_name="deliveries")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("body_sha256")
