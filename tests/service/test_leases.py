"""Leases judged by one clock: on PostgreSQL the database's, never a replica's (issue 13)."""

from __future__ import annotations

import time

from sqlalchemy import select

from icp_triage.service import queue
from icp_triage.service.queue import Incoming
from icp_triage.service.schema import ensure_schema
from icp_triage.service.store import deliveries, make_engine


def test_on_postgresql_a_lease_is_judged_by_the_database_clock(postgres_url: str, mocker) -> None:
    """A replica whose clock runs an hour ahead once set leases an hour long and took over
    leases that other replicas still held."""
    engine = make_engine(postgres_url)
    try:
        ensure_schema(engine)
        with engine.begin() as connection:
            queue.enqueue(connection, Incoming("github", "d-1", "issues", "s", "o/r#1"), now=time.time() - 1)
            queue.enqueue(connection, Incoming("github", "d-2", "issues", "s", "o/r#2"), now=time.time() - 1)
        honest = queue.claim(engine, "honest", now=None, lease=30)
        assert honest is not None
        ahead = time.time() + 3600
        mocker.patch.object(queue.time, "time", return_value=ahead)  # this replica's clock
        skewed = queue.claim(engine, "skewed", now=None, lease=30)
        assert skewed is not None and skewed.request_key != honest.request_key  # #1 still held
        with engine.begin() as connection:
            leases = connection.execute(select(deliveries.c.lease_until)).scalars().all()
        assert all(lease < ahead for lease in leases)
    finally:
        engine.dispose()
