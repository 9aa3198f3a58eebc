"""GitHub's write budget shared by every replica through the database.

GitHub blocks a token (or an App installation) that makes more than 80 content-creating
requests a minute or 500 an hour (``adapters/github/pacing``). Each process's client paces
its own writes, but two replicas and a worker each keeping to 80 a minute make 240: so
before a job may write, it reserves its writes in ``write_budget`` under the budget it
writes with, in a transaction that counts every replica's writes of the last minute and
hour (PostgreSQL: under an advisory lock per budget; SQLite: under its one write lock),
and after the job the reservation becomes what the job actually wrote. A job that finds
no room waits inline when the wait is short, else is handed back until the budget has
room (``RetryLater``), like any rate limit.

The tracker names the budget and its caps (``Credentials.write_quota``: GitHub's per App
installation, or per token known by a hash of it, never the token itself).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, literal, select, update
from sqlalchemy.engine import Engine

from icp_triage.adapters.dialect import WriteQuota
from icp_triage.service.queue import database_now
from icp_triage.service.store import write_budget

RESERVED_PER_JOB = 3  # one issue's writes: its labels, its comment, and a label made new
MINUTE, HOUR = 60.0, 3600.0


@dataclass(frozen=True)
class Reservation:
    id: int
    budget: str
    writes: int


def _wait_for(
    times: list[tuple[float, int]], since: float, cap: int, want: int, now: float, span: float
) -> float:
    """Seconds until the window ``span`` long holds ``want`` more writes under ``cap``."""
    inside = [(at, n) for at, n in times if at > since]
    over = sum(n for _, n in inside) + want - cap
    if over <= 0:
        return 0.0
    for at, n in inside:  # oldest first: the window has room once enough of them left it
        over -= n
        if over <= 0:
            return max(0.0, at + span - now)
    return span


def reserve(
    engine: Engine, quota: WriteQuota, writes: int = RESERVED_PER_JOB, *, now: float | None = None
) -> Reservation | float:
    """Reserve ``writes`` under ``quota`` now, or the seconds until it has room.

    ``now`` None: the database's clock, one for every replica."""
    budget = quota.name
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            lock = func.pg_advisory_xact_lock(func.hashtextextended(literal(f"write_budget {budget}"), 0))
            connection.execute(select(lock))
        now = database_now(connection, now)
        connection.execute(
            delete(write_budget).where(write_budget.c.budget == budget, write_budget.c.at <= now - HOUR)
        )
        rows = connection.execute(
            select(write_budget.c.at, write_budget.c.writes)
            .where(write_budget.c.budget == budget)
            .order_by(write_budget.c.at)
        ).all()
        times = [(float(at), int(n)) for at, n in rows]
        wait = max(
            _wait_for(times, now - MINUTE, quota.per_minute, writes, now, MINUTE),
            _wait_for(times, now - HOUR, quota.per_hour, writes, now, HOUR),
        )
        if wait > 0:
            return wait
        made = connection.execute(
            write_budget.insert().values(budget=budget, at=now, writes=writes).returning(write_budget.c.id)
        ).scalar_one()
        return Reservation(int(made), budget, writes)


def settle(engine: Engine, reservation: Reservation, used: int) -> None:
    """Turn a reservation into the writes the job made (none: the row goes)."""
    with engine.begin() as connection:
        if used <= 0:
            connection.execute(delete(write_budget).where(write_budget.c.id == reservation.id))
        elif used != reservation.writes:
            connection.execute(
                update(write_budget).where(write_budget.c.id == reservation.id).values(writes=used)
            )


def spent(engine: Engine, budget: str, *, now: float | None = None) -> tuple[int, int]:
    """The writes counted under ``budget`` in the last minute and the last hour."""
    with engine.begin() as connection:
        now = database_now(connection, now)
        rows = connection.execute(
            select(write_budget.c.at, write_budget.c.writes).where(
                write_budget.c.budget == budget, write_budget.c.at > now - HOUR
            )
        ).all()
    return sum(n for at, n in rows if at > now - MINUTE), sum(n for _, n in rows)
