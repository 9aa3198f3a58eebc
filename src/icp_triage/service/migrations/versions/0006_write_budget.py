"""GitHub's write budget shared by every replica: one row per job's writes.

``write_budget``: the writes made (or reserved) under one budget (a GitHub App installation,
or a token known by a hash of it, never the token), when, and how many; the rows of the last
hour are what every replica counts against GitHub's 80 a minute and 500 an hour.

Revision ID: 0006_write_budget
Revises: 0005_snapshots
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_write_budget"
down_revision = "0005_snapshots"
branch_labels = None
depends_on = None

_Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_Time = sa.Float(precision=53)


def upgrade() -> None:
    op.create_table(
        "write_budget",
        sa.Column("id", _Id, primary_key=True, autoincrement=True),
        sa.Column("budget", sa.String(100), nullable=False),
        sa.Column("at", _Time, nullable=False),
        sa.Column("writes", sa.Integer, nullable=False),
    )
    op.create_index("ix_write_budget_budget_at", "write_budget", ["budget", "at"])


def downgrade() -> None:
    op.drop_index("ix_write_budget_budget_at", table_name="write_budget")
    op.drop_table("write_budget")
