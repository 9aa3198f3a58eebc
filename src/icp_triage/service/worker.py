"""Worker threads: claim a job, process it, record how it ended; and run the scheduled syncs.

In-process with ``serve`` (``--workers N``) or alone with ``icp-triage worker``; any number
of them, in any number of processes, share one database. Stopping (SIGTERM) lets each
worker finish its job within the grace period; a job still running after it is released
to the queue, so another worker picks it up at once instead of after the lease.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Literal

from sqlalchemy import delete, or_, select, update
from sqlalchemy.engine import Engine

from icp_triage.core.models import RawRequest, RequestLike
from icp_triage.errors import RetryLater
from icp_triage.service import queue
from icp_triage.service.processing import Permanent, Processor
from icp_triage.service.queue import Backoff, Job
from icp_triage.service.settings import ServedSource, ServiceConfig
from icp_triage.service.store import source_syncs, stored_requests

log = logging.getLogger("icp_triage.service")
SYNC_CHECK_SECONDS = 30.0

JobEnd = Literal["done", "deferred", "failed", "retry"]
"""How a worker left a job: tagged, handed back until a rate limit passes, parked, or requeued
to try again (the ``outcome`` label of ``icp_triage_processing_seconds``)."""


def store_requests(
    engine: Engine, source: str, requests: Sequence[RequestLike], *, now: float, replace: bool
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
    with engine.begin() as connection:
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


def claim_sync(engine: Engine, source: str, *, now: float, every: float, lease: float) -> bool:
    """True when this worker won the right to sync ``source`` now (one replica does it)."""
    with engine.begin() as connection:
        if (
            connection.execute(select(source_syncs.c.source).where(source_syncs.c.source == source)).first()
            is None
        ):
            connection.execute(source_syncs.insert().values(source=source, synced_at=0.0))
        due = source_syncs.c.synced_at <= now - every
        won = connection.execute(
            update(source_syncs)
            .where(
                source_syncs.c.source == source,
                due,
                or_(source_syncs.c.running_until.is_(None), source_syncs.c.running_until < now),
            )
            .values(running_until=now + lease)
        )
        return won.rowcount == 1


def finish_sync(engine: Engine, source: str, *, now: float, error: str | None) -> None:
    values: dict[str, Any] = {"running_until": None, "last_error": error}
    if error is None:
        values["synced_at"] = now
    with engine.begin() as connection:
        connection.execute(update(source_syncs).where(source_syncs.c.source == source).values(**values))


class Worker(threading.Thread):
    def __init__(self, pool: WorkerPool, index: int) -> None:
        super().__init__(name=f"icp-worker-{index}", daemon=True)
        self.pool = pool
        self.id = f"{socket.gethostname()}:{os.getpid()}:{index}"
        self.current: Job | None = None
        self._next_sync_check = 0.0

    def run(self) -> None:
        pool = self.pool
        while not pool.stopping.is_set():
            try:
                if pool.clock() >= self._next_sync_check:
                    self._next_sync_check = pool.clock() + SYNC_CHECK_SECONDS
                    pool.run_syncs(self.id)
                job = queue.claim(pool.engine, self.id, now=pool.clock(), lease=pool.limits.lease_seconds)
            except Exception as exc:  # the database is away: say so, wait, try again
                log.error("worker %s: %s: %s", self.id, type(exc).__name__, exc)
                pool.stopping.wait(min(5.0, pool.limits.poll_seconds * 10))
                continue
            if job is None:
                pool.stopping.wait(pool.limits.poll_seconds)
                continue
            self.current = job
            try:
                pool.handle(job)
            finally:
                self.current = None


class WorkerPool:
    """``count`` worker threads over one engine and one processor."""

    def __init__(
        self,
        service: ServiceConfig,
        engine: Engine,
        processor: Processor,
        *,
        count: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.service = service
        self.engine = engine
        self.processor = processor
        self.metrics = processor.metrics
        self.limits = service.settings.limits
        self.backoff = Backoff(self.limits.retry_base_seconds, self.limits.retry_max_seconds)
        self.clock = clock
        self.stopping = threading.Event()
        self.workers = [Worker(self, i) for i in range(count)]

    def start(self) -> None:
        for worker in self.workers:
            worker.start()
        if self.workers:
            threading.Thread(target=self._heartbeat, name="icp-lease-heartbeat", daemon=True).start()

    def _heartbeat(self) -> None:
        """Renew the lease of every job in flight a few times per lease, so a slow job (a
        long thread of comments, spaced writes) is never taken over while its worker lives;
        a dead process stops renewing and its jobs come free when the lease runs out."""
        every = self.limits.lease_seconds / 3
        while not self.stopping.wait(every):
            for worker in self.workers:
                job = worker.current
                if job is not None:
                    try:
                        queue.extend(self.engine, job, now=self.clock(), lease=self.limits.lease_seconds)
                    except Exception as exc:
                        log.error("could not renew the lease of %s: %s", job.request_key, exc)

    def stop(self, grace: float = 30.0) -> None:
        """Finish or release every job in flight; returns when no worker holds one."""
        self.stopping.set()
        deadline = time.monotonic() + grace
        for worker in self.workers:
            worker.join(timeout=max(0.0, deadline - time.monotonic()))
        for worker in self.workers:
            job = worker.current
            if worker.is_alive() and job is not None:
                queue.release(self.engine, job, now=self.clock(), reason="released at shutdown")
                log.warning("released %s %s at shutdown", job.tracker, job.request_key)

    def handle(self, job: Job) -> None:
        started = time.monotonic()
        ended: JobEnd = "done"
        try:
            counts, requests = self.processor.process(job)
        except RetryLater as later:
            self.metrics.rate_limit_waits.labels(job.tracker).inc()
            self.metrics.rate_limit_seconds.labels(job.tracker).inc(later.seconds)
            until = self.clock() + later.seconds
            queue.pause_tracker(self.engine, job.tracker, until=until, reason=str(later))
            queue.release(self.engine, job, now=self.clock(), until=until, reason=str(later))
            ended = "deferred"
            log.warning("deferred %s %s: %s", job.tracker, job.request_key, str(later))
        except Permanent as exc:
            queue.fail(self.engine, job, str(exc), now=self.clock(), max_attempts=0, backoff=self.backoff)
            ended = "failed"
            log.error("parked %s %s deliveries=%s: %s", job.tracker, job.request_key, _ids(job), exc)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            status = queue.fail(
                self.engine,
                job,
                error,
                now=self.clock(),
                max_attempts=self.limits.max_attempts,
                backoff=self.backoff,
            )
            ended = "failed" if status == "failed" else "retry"
            log.error(
                "%s %s %s (try %d): %s",
                "parked" if status == "failed" else "will retry",
                job.tracker,
                job.request_key,
                job.attempts,
                error,
            )
        else:
            store_requests(self.engine, job.source, requests, now=self.clock(), replace=False)
            mine = queue.complete(self.engine, job, now=self.clock())
            log.info(
                "done %s %s deliveries=%s writes=%d requests=%d%s",
                job.tracker,
                job.request_key,
                _ids(job),
                counts.writes,
                counts.tracker_requests,
                "" if mine == len(job.ids) else f" (lease lost: {len(job.ids) - mine} taken over)",
            )
            if job.received_at is not None:
                self.metrics.latency.labels(job.tracker).observe(max(0.0, self.clock() - job.received_at))
        self.metrics.processing.labels(job.tracker, ended).observe(time.monotonic() - started)

    def run_syncs(self, worker: str) -> None:
        for served in self.service.sources:
            self.sync(served)

    def sync(self, served: ServedSource) -> bool:
        every = self.processor.sync_every(served)
        if every is None:
            return False
        lease = max(self.limits.lease_seconds, 600.0)
        if not claim_sync(self.engine, served.name, now=self.clock(), every=every, lease=lease):
            return False
        try:
            requests: list[RawRequest] | None = self.processor.sync(served)
        except RetryLater as later:
            until = self.clock() + later.seconds
            queue.pause_tracker(self.engine, served.kind, until=until, reason=str(later))
            finish_sync(self.engine, served.name, now=self.clock(), error=str(later))
            log.warning("sync of %s deferred: %s", served.name, str(later))
            return False
        except Exception as exc:
            finish_sync(self.engine, served.name, now=self.clock(), error=f"{type(exc).__name__}: {exc}")
            log.error("sync of %s failed: %s", served.name, exc)
            return False
        if requests is not None:
            store_requests(self.engine, served.name, requests, now=self.clock(), replace=True)
            log.info("synced %s: %d requests", served.name, len(requests))
        finish_sync(self.engine, served.name, now=self.clock(), error=None)
        return True


def _ids(job: Job) -> str:
    return ",".join(str(i) for i in job.ids)
