"""Each source's daily snapshot (``core.snapshots``): taken the first time a source's backlog
is ranked on a UTC day (by a read) or synced (by a worker), kept in ``backlog_snapshots``, served by
``GET /trend`` and as a table on the HTML page.

One row per source and day: replicas racing for the same day insert once (ON CONFLICT DO
NOTHING), and a day's snapshot is never rewritten, so it keeps the backlog as it was then.
"""

from __future__ import annotations

import html
import json
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from icp_triage.core.backlog import Backlog
from icp_triage.core.models import RequestLike
from icp_triage.core.snapshots import public, snapshot_of
from icp_triage.service.queue import insert_for
from icp_triage.service.store import backlog_snapshots, reading

if TYPE_CHECKING:
    from icp_triage.service.settings import ServedSource
    from icp_triage.workspace import Workspace


def day_of(now: float) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(now))


def taken(engine: Engine, source: str, *, now: float) -> bool:
    """Whether ``source`` has its snapshot for ``now``'s day."""
    with reading(engine) as connection:
        found = connection.execute(
            select(backlog_snapshots.c.day).where(
                backlog_snapshots.c.source == source, backlog_snapshots.c.day == day_of(now)
            )
        ).first()
    return found is not None


def take(engine: Engine, source: str, backlog: Backlog, *, now: float) -> None:
    """Store today's snapshot of ``source`` unless one is stored already."""
    if taken(engine, source, now=now):
        return
    day = day_of(now)
    data = json.dumps(snapshot_of(backlog), separators=(",", ":"))
    with engine.begin() as connection:
        row = insert_for(connection)(backlog_snapshots).values(
            source=source, day=day, taken_at=now, data=data
        )
        connection.execute(row.on_conflict_do_nothing())


def after_sync(
    engine: Engine, served: ServedSource, workspace: Workspace, requests: Sequence[RequestLike], *, now: float
) -> None:
    """A full sync's requests ranked and kept as today's snapshot, unless one was taken: a day
    nobody reads the backlog still gets one (ranked only then, once a day)."""
    if taken(engine, served.name, now=now):
        return
    kept = [r for r in requests if served.selection.keeps(r)]
    take(engine, served.name, workspace.rank(kept), now=now)


def trend(engine: Engine, source: str, *, full: bool) -> list[dict[str, Any]]:
    """Every snapshot of ``source``, oldest first; tier-only (``core.snapshots.public``) unless ``full``."""
    with reading(engine) as connection:
        rows = connection.execute(
            select(backlog_snapshots.c.day, backlog_snapshots.c.data)
            .where(backlog_snapshots.c.source == source)
            .order_by(backlog_snapshots.c.day)
        ).all()
    found = []
    for day, data in rows:
        snapshot = json.loads(data)
        found.append({"day": day, **(snapshot if full else public(snapshot))})
    return found


def _share(part: dict[str, Any] | None) -> str:
    return "-" if part is None or part.get("share") is None else f"{part['share']:.0%}"


def trend_table(snapshots: list[dict[str, Any]]) -> str:
    """The snapshots as an HTML table (a share of demand per class and day), for the report page."""
    if not snapshots:
        return ""
    names = list(snapshots[-1]["classes"])
    head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
    rows = []
    for snap in snapshots[-90:]:  # the last 90 days on the page; GET /trend has them all
        cells = "".join(f"<td>{_share(snap['classes'].get(n))}</td>" for n in names)
        rows.append(f"<tr><th>{html.escape(snap['day'])}</th><td>{snap['requests']}</td>{cells}</tr>")
    return (
        '<section class="trend"><h2>Demand over time</h2>'
        "<p>Each class's share of the demand, from a snapshot taken each day (GET /trend).</p>"
        f"<table><thead><tr><th>day</th><th>requests</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )
