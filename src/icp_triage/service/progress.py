"""Is any worker making progress? Each worker's last pass, in the database for every replica.

A worker notes each pass of its loop (throttled to a few seconds) in ``workers``; ``stalled``
answers for ``/readyz``: work due for longer than ``limits.stall_seconds`` while no worker,
in any process, has passed its loop in that time. A worker id is ``host:pid:index``, so a
server starting on SQLite (one machine by design) can tell which leases belong to processes
that are gone (``dead_here``) and free them at once.
"""

from __future__ import annotations

import os
import socket
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Connection, Engine

from icp_triage.service.store import deliveries, tracker_pauses, workers


def beat(engine: Engine, worker: str, *, now: float) -> None:
    """Note that ``worker`` passed its loop at ``now``."""
    with engine.begin() as connection:
        noted = connection.execute(update(workers).where(workers.c.id == worker).values(beat_at=now))
        if noted.rowcount == 0:
            from icp_triage.service.queue import insert_for

            row = insert_for(connection)(workers).values(id=worker, beat_at=now, started_at=now)
            connection.execute(row.on_conflict_do_update(index_elements=["id"], set_={"beat_at": now}))


def forget_worker(engine: Engine, worker: str) -> None:
    with engine.begin() as connection:
        connection.execute(delete(workers).where(workers.c.id == worker))


def stalled(connection: Connection, *, now: float, stall: float) -> str | None:
    """Why no work is getting done, in a sentence; None when work is done or none is due."""
    paused = select(tracker_pauses.c.tracker).where(tracker_pauses.c.until > now)
    due = connection.execute(
        select(func.count(), func.min(deliveries.c.available_at)).where(
            deliveries.c.status == "queued",
            deliveries.c.available_at <= now - stall,
            deliveries.c.tracker.not_in(paused),
        )
    ).one()
    waiting, since = int(due[0] or 0), due[1]
    if not waiting:
        return None
    last: Any = connection.execute(select(func.max(workers.c.beat_at))).scalar()
    if last is not None and last >= now - stall:
        return None
    ago = "no worker has ever run" if last is None else f"no worker has made progress for {now - last:.0f} s"
    return f"{ago} while {waiting} deliveries are due (the oldest for {now - since:.0f} s)"


def dead_here(worker: str) -> bool:
    """True when ``worker`` (``host:pid:index``) ran in a process of this machine that is gone.

    Asked only before this process starts its own workers, so a lease under this process's
    own pid is a previous process's (a container's server is often pid 1 each time)."""
    parts = worker.rsplit(":", 2)
    if len(parts) != 3 or parts[0] != socket.gethostname() or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False
    return False
