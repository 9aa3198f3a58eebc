"""Bounded storage on SQLite and PostgreSQL: a purge over 100,000 synthetic deliveries brings
the table back under the retention window in batches whose cost does not grow with the table
(each its own short transaction), and a failed round never ends the retention thread."""

from __future__ import annotations

import statistics

from sqlalchemy import func, insert, select

from icp_triage.service.retention import BATCH, DAY, Retention, purge
from icp_triage.service.store import deliveries

NOW = 1_800_000_000.0
ROWS = 100_000
KEPT = 4_000  # recent, queued or processing: the window's own rows


def _synthetic(engine) -> None:
    rows = []
    for n in range(ROWS):
        recent = n < KEPT
        status = ("queued", "processing", "done", "failed")[n % 4] if recent else ("done", "failed")[n % 2]
        age = (n % 20) * DAY if recent else (31 + n % 300) * DAY
        rows.append(
            {
                "tracker": "github",
                "delivery_id": f"d-{n}",
                "event": "issues.opened",
                "source": "github:acme/app",
                "request_key": f"acme/app#{n % 5000}",
                "status": status,
                "attempts": 1,
                "available_at": NOW - age,
                "received_at": NOW - age,
                "finished_at": None if status in ("queued", "processing") else NOW - age,
                "body_sha256": f"{n:064x}",
            }
        )
    with engine.begin() as connection:
        for start in range(0, ROWS, 10_000):
            connection.execute(insert(deliveries), rows[start : start + 10_000])


def _count(engine) -> int:
    with engine.begin() as connection:
        return int(connection.execute(select(func.count()).select_from(deliveries)).scalar_one())


def test_a_purge_of_100000_rows_ends_under_the_bound_in_short_batches(engine, database_url, capsys) -> None:
    _synthetic(engine)
    assert _count(engine) == ROWS
    batches = list(purge(engine, now=NOW, days=30))
    assert _count(engine) == KEPT  # every settled row past the window is gone, nothing else
    assert all(b.deleted <= BATCH for b in batches)  # no transaction deletes more than a batch
    assert len(batches) >= (ROWS - KEPT) // BATCH
    full = [b.seconds for b in batches[:5]]  # the table still holds ~100,000 rows
    emptied = [b.seconds for b in batches[-6:-1]]  # a few thousand left
    # A batch costs the same whether the table is full or nearly empty (the purge walks an
    # index; it never scans the table), so the lock a batch holds is a property of its size.
    assert statistics.median(full) <= 10 * statistics.median(emptied) + 0.02, (full, emptied)
    with capsys.disabled():
        worst = max(batches, key=lambda b: b.seconds)
        print(
            f"\nretention on {database_url.split(':')[0]}: {len(batches)} batches of {BATCH}, "
            f"median {statistics.median(b.seconds for b in batches) * 1000:.1f} ms wall, "
            f"worst {worst.seconds * 1000:.1f} ms, median CPU "
            f"{statistics.median(b.cpu_seconds for b in batches) * 1000:.1f} ms"
        )


def test_a_round_that_fails_is_logged_and_the_thread_goes_on(engine, mocker, caplog) -> None:
    _synthetic_small = [
        {
            "tracker": "github", "delivery_id": "old", "event": "issues.opened", "source": "s",
            "request_key": "acme/app#1", "status": "done", "attempts": 1, "available_at": 0.0,
            "received_at": 0.0, "finished_at": 0.0,
        }
    ]  # fmt: skip
    with engine.begin() as connection:
        connection.execute(insert(deliveries), _synthetic_small)
    failing = mocker.Mock(side_effect=[RuntimeError("database is locked"), NOW])
    retention = Retention(engine, days=30, every=0.01, clock=failing)
    retention.start()
    try:
        for _ in range(500):
            if _count(engine) == 0:
                break
            retention._stop.wait(0.01)
    finally:
        retention.stop()
    assert _count(engine) == 0  # the second round ran after the first failed
    assert "retention: a round failed" in caplog.text and "database is locked" in caplog.text
