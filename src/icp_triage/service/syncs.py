"""Full syncs of a source, as leased jobs of their own, and the live backlog's rows.

A sync is claimed like a delivery: one worker at a time per source (the claim is one
conditional UPDATE, so two replicas racing for it cannot both win), under a lease the
worker's heartbeat renews while the sync runs; a worker that dies leaves the sync to be
claimed again once its lease runs out. Its result is written only while the claim is still
its own, in the transaction that records the sync as finished.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.engine import Connection, Engine

from icp_triage.core.models import RawRequest, RequestLike
from icp_triage.service.queue import database_now, insert_for
from icp_triage.service.store import source_syncs, stored_requests


def store_requests(
    connection: Connection, source: str, requests: Sequence[RequestLike], *, now: float, replace: bool
) -> None:
    """Upsert the requests into the live backlog; ``replace`` drops the source's others."""
    rows = [
        {
            "source": source,
            "request_key": r.key,
            "data": RawRequest.from_request(r).model_dump_json(),
            "stored_at": now,
        }
        for r in requests
    ]
    if replace:
        connection.execute(delete(stored_requests).where(stored_requests.c.source == source))
    else:
        keys = [row["request_key"] for row in rows]
        connection.execute(
            delete(stored_requests).where(
                stored_requests.c.source == source, stored_requests.c.request_key.in_(keys)
            )
        )
    if rows:
        connection.execute(stored_requests.insert(), rows)


def forget_requests(connection: Connection, source: str, keys: Sequence[str]) -> None:
    """Drop requests that left the source's backlog (closed, deleted, moved, relabelled)."""
    if keys:
        connection.execute(
            delete(stored_requests).where(
                stored_requests.c.source == source, stored_requests.c.request_key.in_(list(keys))
            )
        )


def claim_sync(
    engine: Engine, source: str, worker: str, *, now: float | None, every: float, lease: float
) -> bool:
    """True when ``worker`` won the right to sync ``source`` now (one worker of any replica;
    ``now`` None: by the database's clock)."""
    with engine.begin() as connection:
        now = database_now(connection, now)
        known = select(source_syncs.c.source).where(source_syncs.c.source == source)
        if connection.execute(known).first() is None:  # two replicas may both find none
            first = insert_for(connection)(source_syncs).values(source=source, synced_at=0.0)
            connection.execute(first.on_conflict_do_nothing())
        won = connection.execute(
            update(source_syncs)
            .where(
                source_syncs.c.source == source,
                source_syncs.c.synced_at <= now - every,
                or_(source_syncs.c.running_until.is_(None), source_syncs.c.running_until < now),
            )
            .values(running_until=now + lease, claimed_by=worker)
        )
        return won.rowcount == 1


def _held(source: str, worker: str) -> Any:
    return (source_syncs.c.source == source) & (source_syncs.c.claimed_by == worker)


def renew_sync(engine: Engine, source: str, worker: str, *, now: float | None, lease: float) -> bool:
    """Extend a running sync's lease; False when another worker took it over."""
    with engine.begin() as connection:
        now = database_now(connection, now)
        renewed = connection.execute(
            update(source_syncs).where(_held(source, worker)).values(running_until=now + lease)
        )
        return renewed.rowcount == 1


def release_sync(engine: Engine, source: str, worker: str) -> bool:
    """Give a running sync up unfinished (a stop): claimable again at once, not after its lease."""
    with engine.begin() as connection:
        freed = connection.execute(
            update(source_syncs).where(_held(source, worker)).values(running_until=None, claimed_by=None)
        )
        return freed.rowcount == 1


def finish_sync(
    engine: Engine,
    source: str,
    worker: str,
    *,
    now: float,
    error: str | None,
    requests: Sequence[RequestLike] | None = None,
    also: Callable[[Connection], None] | None = None,
) -> bool:
    """Record how the sync ended and, when it read the backlog, store it (and run ``also``: a
    rate limit's pause), in one transaction that holds only while the sync is still
    ``worker``'s; False when it was not any more."""
    values: dict[str, Any] = {"running_until": None, "claimed_by": None, "last_error": error}
    if error is None:
        values["synced_at"] = now
    with engine.begin() as connection:
        ended = connection.execute(update(source_syncs).where(_held(source, worker)).values(**values))
        if ended.rowcount != 1:
            return False
        if requests is not None:
            store_requests(connection, source, requests, now=now, replace=True)
        if also is not None:
            also(connection)
        return True


def sync_state(connection: Connection, source: str) -> tuple[float | None, str | None]:
    """When ``source`` was last synced (None: never) and the last sync's error, if it failed."""
    row = connection.execute(
        select(source_syncs.c.synced_at, source_syncs.c.last_error).where(source_syncs.c.source == source)
    ).first()
    if row is None:
        return None, None
    synced_at, error = row
    return (synced_at or None), error
