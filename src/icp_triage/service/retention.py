"""Bounded storage: done and failed deliveries older than ``service.retention_days`` are
deleted, in batches small enough that no transaction holds a lock for long (a webhook's
insert waits at most one batch), by a thread that logs and carries on when a round fails.

The window is also how long a replayed body is recognised (``queue.enqueue``): its row is
its memory. Queued and processing deliveries are never deleted, whatever their age.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine

from icp_triage.service.store import deliveries

log = logging.getLogger("icp_triage.service")
BATCH = 250  # rows per transaction: a few ms of lock on SQLite or PostgreSQL (the test prints it)
DAY = 86_400.0
SETTLED = ("done", "failed")


@dataclass(frozen=True)
class Batch:
    """One transaction of a purge: the rows it deleted and what it cost (wall and this
    thread's CPU, seconds)."""

    deleted: int
    seconds: float
    cpu_seconds: float


def delete_batch(engine: Engine, *, before: float, size: int = BATCH) -> int:
    """Delete at most ``size`` settled deliveries finished before ``before``; how many."""
    oldest = (
        select(deliveries.c.id)
        .where(deliveries.c.status.in_(SETTLED), deliveries.c.finished_at < before)
        .limit(size)
    )
    with engine.begin() as connection:
        return connection.execute(
            delete(deliveries).where(deliveries.c.id.in_(oldest.scalar_subquery()))
        ).rowcount


def purge(
    engine: Engine,
    *,
    now: float,
    days: float,
    size: int = BATCH,
    between: Callable[[], bool] = lambda: True,
) -> Iterator[Batch]:
    """Delete everything past the window batch by batch; ``between`` runs after each batch and
    stops the purge by returning False (a stopping server)."""
    before = now - days * DAY
    while True:
        wall, cpu = time.perf_counter(), time.thread_time()
        deleted = delete_batch(engine, before=before, size=size)
        yield Batch(deleted, time.perf_counter() - wall, time.thread_time() - cpu)
        if deleted < size or not between():
            return


class Retention:
    """The periodic purge: a daemon thread, one round at start and every ``every`` seconds."""

    def __init__(
        self,
        engine: Engine,
        *,
        days: float,
        every: float = 3600.0,
        pause: float = 0.05,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.engine, self.days, self.every, self.pause, self.clock = engine, days, every, pause, clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        """One round; how many rows it deleted."""
        between = lambda: not self._stop.wait(self.pause)  # noqa: E731 - writers get the lock between batches
        return sum(b.deleted for b in purge(self.engine, now=self.clock(), days=self.days, between=between))

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                deleted = self.run_once()
                if deleted:
                    log.info("retention: deleted %d deliveries settled over %g days ago", deleted, self.days)
            except Exception as exc:  # a failed round must not end the thread: the next may work
                log.error(
                    "retention: a round failed, retrying in %g s: %s: %s", self.every, type(exc).__name__, exc
                )
            self._stop.wait(self.every)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="icp-retention", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
