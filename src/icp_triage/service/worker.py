"""Worker threads: claim a job, process it, record how it ended; and run the scheduled syncs.

In-process with ``serve`` (``--workers N``) or alone with ``icp-triage worker``; any number
of them, in any number of processes, share one database.

A worker cannot stop silently: a failure while recording a job's end (the database locked by
a backup, a dropped connection) is logged once with the deliveries and retried with back-off
until it lands; a failure anywhere else in the loop is logged and the loop goes on; and the
pool's supervisor restarts a worker thread that exits all the same, renews the leases of the
jobs in flight every ``limits.renew_seconds`` and records each live worker's progress, which
``/readyz`` reads. Stopping (SIGTERM) lets each worker finish its job within the grace
period; a job still running after it is released to the queue, so another worker picks it up
at once instead of after the lease.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from typing import Literal, TypeVar

from sqlalchemy.engine import Engine

from icp_triage.service import failures, pauses, queue, snapshots
from icp_triage.service.failures import Failure
from icp_triage.service.processing import LeftBacklog, Processor
from icp_triage.service.progress import beat, forget_worker
from icp_triage.service.queue import Backoff, Job
from icp_triage.service.settings import ServedSource, ServiceConfig
from icp_triage.service.syncs import (
    claim_sync,
    finish_sync,
    forget_requests,
    release_sync,
    renew_sync,
    store_requests,
)

log = logging.getLogger("icp_triage.service")
SYNC_CHECK_SECONDS = 30.0
BOOKKEEPING_MAX_WAIT = 30.0  # seconds between tries to record a job's end
T = TypeVar("T")

JobEnd = Literal["done", "deferred", "failed", "retry"]
"""How a worker left a job: tagged, handed back until a rate limit passes, parked, or requeued
to try again (the ``outcome`` label of ``icp_triage_processing_seconds``)."""


class Worker(threading.Thread):
    def __init__(self, pool: WorkerPool, index: int) -> None:
        super().__init__(name=f"icp-worker-{index}", daemon=True)
        self.pool = pool
        self.index = index
        self.id = f"{socket.gethostname()}:{os.getpid()}:{index}"
        self.current: Job | None = None
        self.syncing: str | None = None
        self._next_sync_check = 0.0
        self._next_beat = 0.0

    def run(self) -> None:
        pool = self.pool
        troubles = 0
        while not pool.stopping.is_set():
            try:
                self._turn()
            except Exception as exc:  # the database is away, or a bug: say so once, wait, go on
                if self.current is not None:
                    pool._release(self.current)
                    self.current = None
                troubles += 1
                if troubles == 1:
                    log.error("worker %s: %s: %s (retrying with back-off)", self.id, type(exc).__name__, exc)
                pool.stopping.wait(min(BOOKKEEPING_MAX_WAIT, pool.limits.poll_seconds * 2**troubles))
            else:
                if troubles:
                    log.info("worker %s: the database answers again", self.id)
                troubles = 0

    def _turn(self) -> None:
        """One pass of the loop: note progress, maybe sync, claim, process."""
        pool = self.pool
        now = pool.clock()
        if now >= self._next_beat:
            beat(pool.engine, self.id, now=now)
            self._next_beat = now + min(5.0, pool.limits.stall_seconds / 4)
        if now >= self._next_sync_check:
            self._next_sync_check = now + SYNC_CHECK_SECONDS
            pool.run_syncs(self)
        job = queue.claim(pool.engine, self.id, now=pool.lease_now(), lease=pool.limits.lease_seconds)
        if job is None:
            pool.stopping.wait(pool.limits.poll_seconds)
            return
        self.current = job  # left set if the thread exits mid-job: the supervisor releases it
        pool.handle(job)
        self.current = None


class WorkerPool:
    """``count`` worker threads over one engine and one processor, and their supervisor."""

    def __init__(
        self,
        service: ServiceConfig,
        engine: Engine,
        processor: Processor,
        *,
        count: int,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.service = service
        self.engine = engine
        self.processor = processor
        self.metrics = processor.metrics
        self.limits = service.settings.limits
        self.backoff = Backoff(self.limits.retry_base_seconds, self.limits.retry_max_seconds)
        self.clock = clock or time.time
        self.lease_clock = clock  # None: leases by the database's clock (queue.database_now)
        self.stopping = threading.Event()
        self.workers = [Worker(self, i) for i in range(count)]
        self.restarts = 0

    def lease_now(self) -> float | None:
        """The time leases are judged by: the pool's clock when one was given, else None (the
        database's clock, one for every replica)."""
        return self.lease_clock() if self.lease_clock is not None else None

    def start(self) -> None:
        for worker in self.workers:
            worker.start()
        if self.workers:
            threading.Thread(target=self._supervise, name="icp-supervisor", daemon=True).start()

    def _supervise(self) -> None:
        """Restart a worker thread that exited, and renew the leases of the work in flight
        (jobs and syncs) every ``renew_seconds``, so a slow job is never taken over while its
        worker lives; a dead process stops renewing and its work comes free within a lease."""
        every = min(self.limits.renew_seconds, self.limits.lease_seconds / 3)
        next_renewal = time.monotonic() + every
        while not self.stopping.wait(min(1.0, every)):
            try:
                self._restart_dead()
                if time.monotonic() >= next_renewal:
                    next_renewal = time.monotonic() + every
                    self._renew()
            except Exception as exc:  # never let the supervisor die either
                log.error("worker supervisor: %s: %s", type(exc).__name__, exc)

    def _restart_dead(self) -> None:
        for i, worker in enumerate(self.workers):
            if worker.is_alive() or self.stopping.is_set():
                continue
            job = worker.current
            log.error(
                "worker %s exited%s; starting it again",
                worker.id,
                f" holding {job.tracker} {job.request_key}" if job else "",
            )
            if job is not None:
                self._release(job)
            self.restarts += 1
            self.workers[i] = Worker(self, worker.index)
            self.workers[i].start()

    def _release(self, job: Job) -> None:
        self._book(job, "its release", lambda: queue.release(self.engine, job, now=self.clock()))

    def _renew(self) -> None:
        lease = self.limits.lease_seconds
        for worker in list(self.workers):
            job, syncing = worker.current, worker.syncing
            try:
                if job is not None:
                    queue.extend(self.engine, job, now=self.lease_now(), lease=lease)
                if syncing is not None:
                    renew_sync(self.engine, syncing, worker.id, now=self.lease_now(), lease=lease)
            except Exception as exc:
                log.error("could not renew the lease of %s: %s", worker.id, exc)

    def stop(self, grace: float = 15.0) -> None:
        """Finish or release every job in flight; returns when no worker holds one."""
        self.stopping.set()
        deadline = time.monotonic() + grace
        for worker in self.workers:
            worker.join(timeout=max(0.0, deadline - time.monotonic()))
        for worker in self.workers:
            job, syncing = worker.current, worker.syncing
            if worker.is_alive() and job is not None:
                try:
                    queue.release(self.engine, job, now=self.clock(), reason="released at shutdown")
                    log.warning("released %s %s at shutdown", job.tracker, job.request_key)
                except Exception as exc:
                    log.error(
                        "could not release %s at shutdown (its lease runs out): %s", job.request_key, exc
                    )
            if worker.is_alive() and syncing is not None:
                try:
                    release_sync(self.engine, syncing, worker.id)
                    log.warning("released the sync of %s at shutdown", syncing)
                except Exception as exc:
                    log.error(
                        "could not release the sync of %s at shutdown (its lease runs out): %s", syncing, exc
                    )
            if not worker.is_alive():
                with contextlib.suppress(Exception):  # a stale row only ages out
                    forget_worker(self.engine, worker.id)

    def _book(self, job: Job, what: str, step: Callable[[], T]) -> T | None:
        """Run ``step`` (recording a job's end) until it lands: a failure is logged once with
        the job's deliveries and retried with back-off; None when stopping ends the retries
        (the job's lease runs out and another worker takes it)."""
        tries, wait = 0, min(1.0, self.limits.poll_seconds)
        while True:
            try:
                done = step()
            except Exception as exc:
                tries += 1
                self.metrics.bookkeeping_errors.inc()
                if tries == 1:
                    log.error(
                        "could not record %s of %s %s deliveries=%s: %s: %s (retrying with back-off)",
                        what,
                        job.tracker,
                        job.request_key,
                        _ids(job),
                        type(exc).__name__,
                        exc,
                    )
                if self.stopping.wait(wait):
                    log.warning("gave up recording %s of %s at shutdown", what, job.request_key)
                    return None
                wait = min(BOOKKEEPING_MAX_WAIT, wait * 2)
                continue
            if tries:
                log.info("recorded %s of %s after %d tries", what, job.request_key, tries + 1)
            return done

    def handle(self, job: Job) -> None:
        started = time.monotonic()
        ended: JobEnd = "done"
        try:
            counts, requests = self.processor.process(job)
        except LeftBacklog as left:
            read_as = left.key
            self._book(job, "the request's leaving", lambda: self._forget(job, read_as))
            log.info("done %s %s deliveries=%s: %s", job.tracker, job.request_key, _ids(job), left)
            ended = "done"
        except Exception as exc:
            failure = failures.name(exc, max_pause=self.limits.max_pause)
            ended = self._book(job, "the failure", lambda: self._failed(job, failure)) or "retry"
        else:
            mine = self._book(
                job,
                "the completion",
                lambda: queue.complete(
                    self.engine,
                    job,
                    now=self.clock(),
                    also=lambda c: store_requests(c, job.source, requests, now=self.clock(), replace=False),
                ),
            )
            log.info(
                "done %s %s deliveries=%s writes=%d requests=%d%s",
                job.tracker,
                job.request_key,
                _ids(job),
                counts.writes,
                counts.tracker_requests,
                "" if mine == len(job.ids) else f" (lease lost: {len(job.ids) - (mine or 0)} taken over)",
            )
            if job.received_at is not None:
                self.metrics.latency.labels(job.tracker).observe(max(0.0, self.clock() - job.received_at))
        self.metrics.processing.labels(job.tracker, ended).observe(time.monotonic() - started)

    def _forget(self, job: Job, read_as: str | None = None) -> int:
        """Complete the job and drop its request from the live backlog, in one transaction
        (``read_as``: its key as read, where the delivery named it by an id)."""
        keys = [job.request_key, *([read_as] if read_as and read_as != job.request_key else [])]
        return queue.complete(
            self.engine,
            job,
            now=self.clock(),
            also=lambda c: forget_requests(c, job.source, keys),
        )

    def _failed(self, job: Job, failure: Failure) -> JobEnd:
        """Record a failed try: a rate limit pauses the tracker (and counts a try when it lasts
        past ``max_wait``); what retrying cannot mend is parked at once; the rest back off and
        are parked after ``max_attempts``, each with its error in words."""
        now = self.clock()
        if failure.pause is not None:
            self.metrics.rate_limit_waits.labels(job.tracker).inc()
            self.metrics.rate_limit_seconds.labels(job.tracker).inc(failure.pause)
            counted = failure.pause > self.limits.max_wait
            if not counted or job.attempts < self.limits.max_attempts:
                until = now + failure.pause
                queue.release(
                    self.engine,
                    job,
                    now=now,
                    until=until,
                    reason=failure.error,
                    counted=counted,
                    also=lambda c: pauses.pause(c, job.tracker, until=until, reason=failure.error),
                )
                log.warning(
                    "deferred %s %s (try %d): %s", job.tracker, job.request_key, job.attempts, failure.error
                )
                return "deferred"
        most = 0 if failure.permanent else self.limits.max_attempts
        status = queue.fail(
            self.engine,
            job,
            failure.error,
            now=now,
            max_attempts=most,
            backoff=self.backoff,
            also=(lambda c: forget_requests(c, job.source, [job.request_key]))
            if failure.kind == "gone"
            else None,
        )
        log.error(
            "%s %s %s deliveries=%s (try %d): %s",
            "parked" if status == "failed" else "will retry",
            job.tracker,
            job.request_key,
            _ids(job),
            job.attempts,
            failure.error,
        )
        return "failed" if status == "failed" else "retry"

    def run_syncs(self, worker: Worker) -> None:
        for served in self.service.sources:
            self.sync(served, worker)

    def sync(self, served: ServedSource, worker: Worker | None = None) -> bool:
        """Sync ``served`` when it is due and no other worker is syncing it; True when done."""
        every = self.processor.sync_every(served)
        if every is None:
            return False
        who = worker.id if worker is not None else f"{socket.gethostname()}:{os.getpid()}:sync"
        lease = self.limits.lease_seconds
        if not claim_sync(self.engine, served.name, who, now=self.lease_now(), every=every, lease=lease):
            return False
        if worker is not None:
            worker.syncing = served.name
        try:
            return self._synced(served, who)
        finally:
            if worker is not None:
                worker.syncing = None

    def _synced(self, served: ServedSource, who: str) -> bool:
        try:
            requests = self.processor.sync(served)
        except Exception as exc:
            failure = failures.name(exc, max_pause=self.limits.max_pause)
            wait = failure.pause
            finish_sync(
                self.engine,
                served.name,
                who,
                now=self.clock(),
                error=failure.error,
                also=None
                if wait is None
                else lambda c: pauses.pause(c, served.kind, until=self.clock() + wait, reason=failure.error),
            )
            log.error("sync of %s failed: %s", served.name, failure.error)
            return False
        if not finish_sync(self.engine, served.name, who, now=self.clock(), error=None, requests=requests):
            log.warning("sync of %s: another worker took it over; its result is dropped", served.name)
            return False
        if requests is not None:
            log.info("synced %s: %d requests", served.name, len(requests))
            snapshots.after_sync(self.engine, served, self.service.workspace, requests, now=self.clock())
        return True


def _ids(job: Job) -> str:
    return ",".join(str(i) for i in job.ids)
