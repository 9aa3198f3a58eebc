"""Workers that say they are alive, and syncs held by a named worker.

``workers``: each worker's last progress (a claim or an empty poll), which ``/readyz`` reads
to tell "no worker is making progress while work is due". ``source_syncs.claimed_by``: the
worker running a source's full sync, whose heartbeat extends ``running_until``.

Revision ID: 0003_worker
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_worker"
down_revision = "0002"
branch_labels = None
depends_on = None

_Time = sa.Float(precision=53)


def upgrade() -> None:
    op.create_table(
        "workers",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("beat_at", _Time, nullable=False),
        sa.Column("started_at", _Time, nullable=False),
    )
    with op.batch_alter_table("source_syncs") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("source_syncs") as batch:
        batch.drop_column("claimed_by")
    op.drop_table("workers")
