"""The durable delivery queue: intake, claims as leases, completion, retries, admin.

Intake inserts a delivery only if its id and its body are new, in the one statement that
decides it is new (``INSERT ... ON CONFLICT DO NOTHING RETURNING``), so a replay can never
queue twice: GitHub's signature does not cover the delivery id, so a captured body sent again
under fresh ids is recognised by its SHA-256 (for as long as ``retention`` keeps its row).

A claim takes every waiting delivery of one request at once (several webhooks for one issue
become one evaluation) and leases them to the worker until ``lease_until``: a worker that
dies leaves them to be claimed again when the lease runs out. No two workers ever hold the
same request: the claim skips requests with a live lease, and on PostgreSQL takes the
candidate row ``FOR UPDATE SKIP LOCKED`` and a per-request advisory lock for the decision;
on SQLite the claim transaction holds the single write lock (``store``). Completion only
touches rows still leased to the same worker, so a worker whose lease expired and was taken
over cannot overwrite the newer result: the completion, the requests it read (the live
backlog) and a pause are written in one transaction whose first statement is the update
guarded by that holder (``_mine``), and the rest runs only when it touched a row.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, exists, func, literal, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from icp_triage.service.store import deliveries, is_postgres, tracker_pauses

STATUSES = ("queued", "processing", "done", "failed")


@dataclass(frozen=True)
class Incoming:
    """A verified delivery worth processing: the request it names and where it came from."""

    tracker: str
    delivery_id: str
    event: str
    source: str
    request_key: str
    installation_id: int | None = None
    body_sha256: str | None = None  # the signed body's identity, whatever its delivery id


@dataclass(frozen=True)
class Job:
    """The deliveries of one request a worker holds: one evaluation settles all of them."""

    ids: tuple[int, ...]
    tracker: str
    source: str
    request_key: str
    installation_id: int | None
    attempts: int  # the most tries any of them has had, this one included
    worker: str
    received_at: float | None = None  # the oldest delivery's arrival


@dataclass(frozen=True)
class Backoff:
    base: float = 10.0
    cap: float = 3600.0

    def delay(self, attempts: int, rng: random.Random | None = None) -> float:
        """Exponential back-off with full jitter in [d/2, d]: workers that failed together
        do not come back together."""
        full = min(self.cap, self.base * 2 ** max(0, attempts - 1))
        return float(full * (0.5 + 0.5 * (rng or random).random()))


def insert_for(connection: Connection) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (SQLite and PostgreSQL alike)."""
    return (postgresql if connection.dialect.name == "postgresql" else sqlite).insert


def enqueue(connection: Connection, incoming: Incoming, *, now: float) -> int | None:
    """Store ``incoming`` if its delivery id and body are new; its row id, or None for a replay."""
    statement = (
        insert_for(connection)(deliveries)
        .values(
            tracker=incoming.tracker,
            delivery_id=incoming.delivery_id,
            event=incoming.event,
            source=incoming.source,
            request_key=incoming.request_key,
            installation_id=incoming.installation_id,
            body_sha256=incoming.body_sha256,
            status="queued",
            attempts=0,
            available_at=now,
            received_at=now,
        )
        .on_conflict_do_nothing()  # either key: (tracker, delivery_id) or (tracker, body_sha256)
        .returning(deliveries.c.id)
    )
    return connection.execute(statement).scalar()


def seen(connection: Connection, tracker: str, delivery_id: str) -> bool:
    found = select(deliveries.c.id).where(
        deliveries.c.tracker == tracker, deliveries.c.delivery_id == delivery_id
    )
    return connection.execute(found).first() is not None


def _eligible(now: float) -> Any:
    return or_(
        and_(deliveries.c.status == "queued", deliveries.c.available_at <= now),
        and_(deliveries.c.status == "processing", deliveries.c.lease_until < now),
    )


def _in_flight(now: float, tracker: Any, key: Any) -> Any:
    other = deliveries.alias("other")
    return exists().where(
        other.c.tracker == tracker,
        other.c.request_key == key,
        other.c.status == "processing",
        other.c.lease_until >= now,
    )


def _paused(now: float) -> Any:
    return exists().where(tracker_pauses.c.tracker == deliveries.c.tracker, tracker_pauses.c.until > now)


def database_now(connection: Connection, now: float | None) -> float:
    """``now`` when given (tests, a caller's clock), else the database's clock: on PostgreSQL
    its ``clock_timestamp()``, so every replica judges leases by one clock, never its own; on
    SQLite (one machine) this process's."""
    if now is not None:
        return now
    if connection.dialect.name == "postgresql":
        return float(connection.execute(text("SELECT extract(epoch FROM clock_timestamp())")).scalar_one())
    return time.time()


def claim(engine: Engine, worker: str, *, now: float | None, lease: float, tries: int = 8) -> Job | None:
    """Lease the oldest claimable request's waiting deliveries to ``worker``; None if none.

    When another worker is deciding about the same request at this instant (PostgreSQL), that
    request is skipped and the next one tried, so a burst of deliveries for one issue never
    leaves a worker idle while other work waits.
    """
    busy: set[tuple[str, str]] = set()
    for _ in range(tries):
        claimed = _claim_once(engine, worker, now=now, lease=lease, busy=busy)
        if claimed is None or isinstance(claimed, Job):
            return claimed
        busy.add(claimed)
    return None


def _claim_once(
    engine: Engine, worker: str, *, now: float | None, lease: float, busy: set[tuple[str, str]]
) -> Job | tuple[str, str] | None:
    """A Job, None when nothing is claimable, or the (tracker, key) someone else holds."""
    with engine.begin() as connection:
        now = database_now(connection, now)
        candidate = (
            select(deliveries.c.id, deliveries.c.tracker, deliveries.c.request_key)
            .where(
                _eligible(now),
                ~_in_flight(now, deliveries.c.tracker, deliveries.c.request_key),
                ~_paused(now),
            )
            .order_by(deliveries.c.available_at, deliveries.c.id)
            .limit(1)
        )
        for tracker, key in busy:
            candidate = candidate.where(
                ~and_(deliveries.c.tracker == tracker, deliveries.c.request_key == key)
            )
        if is_postgres(engine):
            candidate = candidate.with_for_update(skip_locked=True, of=deliveries)
        row = connection.execute(candidate).first()
        if row is None:
            return None
        _, tracker, key = row
        if is_postgres(engine):
            lock = func.pg_try_advisory_xact_lock(func.hashtextextended(literal(f"{tracker} {key}"), 0))
            if not connection.execute(select(lock)).scalar():
                return (tracker, key)
            if connection.execute(select(_in_flight(now, literal(tracker), literal(key)))).scalar():
                return (tracker, key)
        taken = connection.execute(
            update(deliveries)
            .where(deliveries.c.tracker == tracker, deliveries.c.request_key == key, _eligible(now))
            .values(
                status="processing",
                lease_until=now + lease,
                claimed_by=worker,
                attempts=deliveries.c.attempts + 1,
            )
            .returning(
                deliveries.c.id,
                deliveries.c.source,
                deliveries.c.installation_id,
                deliveries.c.attempts,
                deliveries.c.received_at,
            )
        ).all()
        # RETURNING has no order (PostgreSQL gives a requeued row after newer ones): by id,
        # so the latest delivery's installation and source are the ones used
        taken = sorted(taken, key=lambda r: r.id)
        if not taken:
            return (tracker, key)
        installation = next((r.installation_id for r in reversed(taken) if r.installation_id), None)
        return Job(
            ids=tuple(sorted(r.id for r in taken)),
            tracker=tracker,
            source=taken[-1].source,
            request_key=key,
            installation_id=installation,
            attempts=max(r.attempts for r in taken),
            worker=worker,
            received_at=min(r.received_at for r in taken),
        )


def _mine(job: Job) -> Any:
    return and_(
        deliveries.c.id.in_(job.ids),
        deliveries.c.status == "processing",
        deliveries.c.claimed_by == job.worker,
    )


def complete(
    engine: Engine, job: Job, *, now: float, also: Callable[[Connection], None] | None = None
) -> int:
    """Mark the job's deliveries done and run ``also`` (the requests read, into the live
    backlog) in the same transaction; how many were still ours. A worker whose lease was
    taken over writes nothing: ``also`` runs only when the deliveries are still its own."""
    with engine.begin() as connection:
        done = (
            update(deliveries)
            .where(_mine(job))
            .values(status="done", finished_at=now, lease_until=None, last_error=None)
        )
        mine = int(connection.execute(done).rowcount)
        if mine and also is not None:
            also(connection)
        return mine


def fail(
    engine: Engine,
    job: Job,
    error: str,
    *,
    now: float,
    max_attempts: int,
    backoff: Backoff,
    also: Callable[[Connection], None] | None = None,
) -> str:
    """Requeue after a back-off, or park as ``failed`` after ``max_attempts``; the new status.
    ``also`` (forgetting a request that is gone) runs in the same transaction."""
    parked = job.attempts >= max_attempts
    values: dict[str, Any] = {"lease_until": None, "last_error": error[:4000]}
    if parked:
        values.update(status="failed", finished_at=now)
    else:
        values.update(status="queued", available_at=now + backoff.delay(job.attempts))
    with engine.begin() as connection:
        mine = connection.execute(update(deliveries).where(_mine(job)).values(**values)).rowcount
        if mine and also is not None:
            also(connection)
    return "failed" if parked else "queued"


def release(
    engine: Engine,
    job: Job,
    *,
    now: float,
    until: float | None = None,
    reason: str | None = None,
    counted: bool = False,
    also: Callable[[Connection], None] | None = None,
) -> None:
    """Give the job back unfinished (shutdown, or a rate limit until ``until``); the try
    counts only when ``counted`` (a rate limit longer than ``max_wait``). ``also`` (a pause)
    runs in the same transaction, and only while the job is still this worker's: one whose
    lease was taken over pauses nothing (its news is stale; the new holder decides)."""
    with engine.begin() as connection:
        mine = connection.execute(
            update(deliveries)
            .where(_mine(job))
            .values(
                status="queued",
                lease_until=None,
                claimed_by=None,
                attempts=deliveries.c.attempts if counted else deliveries.c.attempts - 1,
                available_at=until if until is not None else now,
                last_error=reason,
            )
        ).rowcount
        if mine and also is not None:
            also(connection)


def release_dead(engine: Engine, gone: Callable[[str], bool], *, now: float) -> int:
    """Requeue at once every delivery leased to a worker ``gone`` says is gone (a process
    SIGKILLed on this machine), instead of after its lease; the try does not count. How many."""
    with engine.begin() as connection:
        held = connection.execute(
            select(deliveries.c.claimed_by).where(deliveries.c.status == "processing").distinct()
        ).scalars()
        dead = [worker for worker in held if worker is not None and gone(worker)]
        if not dead:
            return 0
        freed = connection.execute(
            update(deliveries)
            .where(deliveries.c.status == "processing", deliveries.c.claimed_by.in_(dead))
            .values(
                status="queued",
                lease_until=None,
                claimed_by=None,
                attempts=func.max(0, deliveries.c.attempts - 1)
                if connection.dialect.name == "sqlite"
                else func.greatest(0, deliveries.c.attempts - 1),
                available_at=now,
                last_error="released: the process holding it was gone",
            )
        )
        return int(freed.rowcount)


def extend(engine: Engine, job: Job, *, now: float | None, lease: float) -> None:
    """Renew the lease of a job still running (``now`` None: by the database's clock)."""
    with engine.begin() as connection:
        now = database_now(connection, now)
        connection.execute(update(deliveries).where(_mine(job)).values(lease_until=now + lease))


def counts(connection: Connection) -> dict[str, int]:
    rows = connection.execute(select(deliveries.c.status, func.count()).group_by(deliveries.c.status)).all()
    found = {status: 0 for status in STATUSES}
    found.update({status: int(n) for status, n in rows})
    return found


def listing(connection: Connection, *, status: str | None, limit: int = 100) -> list[dict[str, Any]]:
    query = select(deliveries).order_by(deliveries.c.id.desc()).limit(limit)
    if status is not None:
        query = query.where(deliveries.c.status == status)
    return [dict(row._mapping) for row in connection.execute(query)]


def retry(connection: Connection, delivery: int, *, now: float) -> str | None:
    """Queue a parked delivery again with fresh attempts; its previous status, None if unknown."""
    current = connection.execute(select(deliveries.c.status).where(deliveries.c.id == delivery)).scalar()
    if current == "failed":
        connection.execute(
            update(deliveries)
            .where(deliveries.c.id == delivery)
            .values(status="queued", attempts=0, available_at=now, finished_at=None)
        )
    return current


def statuses(connection: Connection, ids: Iterable[int]) -> Sequence[str]:
    return (
        connection.execute(select(deliveries.c.status).where(deliveries.c.id.in_(list(ids)))).scalars().all()
    )


def wipe(engine: Engine) -> None:
    """Delete every row (tests and benchmarks only)."""
    with engine.begin() as connection:
        for table in ("deliveries", "tracker_pauses", "requests", "source_syncs", "workers", "write_budget"):
            connection.execute(text(f"DELETE FROM {table}"))
