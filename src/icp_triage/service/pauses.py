"""Tracker pauses: a rate limit stops every worker, on every replica, claiming a tracker's
deliveries until it passes (the claim in ``queue`` skips a paused tracker). A pause is the
later of the stored one and the new one, clamped before it gets here
(``failures.clamp_pause``); an admin may see and end them (``routes/admin.py``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Connection, Engine

from icp_triage.service.queue import insert_for
from icp_triage.service.store import tracker_pauses


def pause_tracker(engine: Engine, tracker: str, *, until: float, reason: str) -> None:
    """Stop every worker claiming ``tracker``'s deliveries until ``until`` (a rate limit)."""
    with engine.begin() as connection:
        pause(connection, tracker, until=until, reason=reason)


def pause(connection: Connection, tracker: str, *, until: float, reason: str) -> None:
    """``pause_tracker`` inside a transaction of the caller's (the job's release): the later
    of the stored pause and this one holds."""
    insert = insert_for(connection)(tracker_pauses).values(tracker=tracker, until=until, reason=reason)
    later = func.max if connection.dialect.name == "sqlite" else func.greatest
    connection.execute(
        insert.on_conflict_do_update(
            index_elements=["tracker"],
            set_={"until": later(insert.excluded.until, tracker_pauses.c.until), "reason": reason},
        )
    )


def pauses(connection: Connection, *, now: float) -> list[dict[str, Any]]:
    """The trackers paused now: each with its end and reason."""
    rows = connection.execute(
        select(tracker_pauses).where(tracker_pauses.c.until > now).order_by(tracker_pauses.c.tracker)
    )
    return [dict(row._mapping) for row in rows]


def unpause(connection: Connection, tracker: str) -> bool:
    """Clear ``tracker``'s pause; False when it had none."""
    gone = connection.execute(delete(tracker_pauses).where(tracker_pauses.c.tracker == tracker))
    return bool(gone.rowcount)
