"""The live backlog: requests stored by the workers and syncs, ranked on demand.

Each answer is ranked from the ``requests`` table, so every replica serves the same backlog;
a ranking is kept until that source's rows change. Tier-only views (``public_read:
tier-only`` without a token) come from a redacted copy of the backlog: no account ids or
names, no signal sources (a comment author, a ``Requested-by:`` line), no reasons that quote
them, and under ``weight_by: arr`` amounts in median accounts instead of revenue
(``core.disclosure.tier_only``, which the HTML report applies under ``names=False`` too).
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from icp_triage.core.backlog import Backlog, UnattributedItem
from icp_triage.core.disclosure import tier_only
from icp_triage.core.models import RawRequest
from icp_triage.service import snapshots
from icp_triage.service.settings import ServiceConfig
from icp_triage.service.store import reading, stored_requests
from icp_triage.service.syncs import sync_state


def _iso(value: float | None) -> str | None:
    return None if value is None else time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(value))


def load_requests(engine: Engine, source: str) -> list[RawRequest]:
    with reading(engine) as connection:
        rows = connection.execute(
            select(stored_requests.c.data)
            .where(stored_requests.c.source == source)
            .order_by(stored_requests.c.request_key)
        )
        return [RawRequest.model_validate_json(data) for (data,) in rows]


def _fingerprint(engine: Engine, source: str) -> tuple[Any, ...]:
    with reading(engine) as connection:
        found = connection.execute(
            select(
                func.count(),
                func.max(stored_requests.c.stored_at),
                func.sum(func.length(stored_requests.c.data)),
            ).where(stored_requests.c.source == source)
        ).one()
        return tuple(found)


class ReadSide:
    """Rank, explain and plan one source's stored requests."""

    def __init__(
        self, service: ServiceConfig, engine: Engine, clock: Callable[[], float] = time.time
    ) -> None:
        self.service = service
        self.engine = engine
        self.clock = clock
        self._lock = threading.Lock()
        self._ranked: dict[str, tuple[tuple[Any, ...], Backlog]] = {}

    def backlog(self, source: str) -> Backlog:
        mark = _fingerprint(self.engine, source)
        with self._lock:
            cached = self._ranked.get(source)
            if cached is not None and cached[0] == mark:
                return cached[1]
        requests = load_requests(self.engine, source)
        selection = self.service.source(source).selection
        requests = [r for r in requests if selection.keeps(r)]
        backlog = self.service.workspace.rank(requests)
        with self._lock:
            self._ranked[source] = (mark, backlog)
        snapshots.take(self.engine, source, backlog, now=self.clock())
        return backlog

    def synced(self, source: str) -> tuple[float | None, str | None]:
        """When ``source``'s backlog was last synced in full (None: not yet) and why its last
        sync failed, if it did: a backlog read before its first sync is not "nothing to do"."""
        with reading(self.engine) as connection:
            return sync_state(connection, source)

    def backlog_dict(self, source: str, *, full: bool) -> dict[str, Any]:
        from icp_triage.reports.json_report import backlog_dict, tier_only_dict

        backlog = self.backlog(source)
        data = backlog_dict(backlog) if full else tier_only_dict(backlog)
        synced_at, error = self.synced(source)
        data["synced_at"] = _iso(synced_at)
        data["sync_error"] = error if full else (error and "the last sync failed")
        return data

    def html(self, source: str, *, full: bool) -> str:
        from icp_triage.reports.html import backlog_html
        from icp_triage.reports.story import headline

        backlog = self.backlog(source)
        page = backlog_html(
            backlog,
            names=full,
            headline=headline(backlog),
            unknown_fit=self.service.workspace.config.ranking.unknown_fit,
        )
        banner = self.banner(source, full=full)
        page = page.replace("</body>", f"{snapshots.trend_table(self.trend(source, full=full))}\n</body>", 1)
        return page.replace("<body>", f"<body>\n{banner}", 1) if banner else page

    def trend(self, source: str, *, full: bool) -> list[dict[str, Any]]:
        """The daily snapshots, today's taken first if not yet (``service.snapshots``)."""
        self.backlog(source)
        return snapshots.trend(self.engine, source, full=full)

    def banner(self, source: str, *, full: bool) -> str | None:
        """A line above the report when the backlog is not synced yet or its last sync failed."""
        synced_at, error = self.synced(source)
        syncs = self.service.source(source).selection.resync is not None
        if error:
            when = _iso(synced_at) or "none yet"
            text = f"The last sync failed (last good sync: {when})" + (f": {error}" if full else ".")
        elif synced_at is None and syncs:
            text = (
                "Not synced yet: this backlog holds only the requests webhooks have brought so far; "
                "the first full sync of the source is still to come."
            )
        else:
            return None
        return f'<p class="banner" role="status"><b>{html.escape(text)}</b></p>'

    def explain(self, source: str, key: str, *, full: bool) -> dict[str, Any] | None:
        from icp_triage.core.explain import UnknownKey, explain
        from icp_triage.reports.explain_report import explain_dict

        backlog = self.backlog(source)
        if not full:
            item = tier_only(backlog).item(key)
            if item is None:
                return None
            if isinstance(item, UnattributedItem):
                return {"key": item.key, "title": item.title, "url": item.url, "class": item.klass}
            return {
                "key": item.key,
                "title": item.title,
                "url": item.url,
                "class": item.klass,
                "icp_share": None if item.icp_share is None else round(item.icp_share, 4),
                "accounts": len(item.contributions),
                "tiers": sorted(c.tier for c in item.contributions),
            }
        try:
            explanation = explain(backlog, key)
        except UnknownKey:
            return None
        return explain_dict(explanation, accounts=backlog.accounts)

    def plan(
        self, source: str, capacity: float, *, full: bool, include_opportunistic: bool = False
    ) -> dict[str, Any]:
        from icp_triage.core.planning import plan
        from icp_triage.reports.plan_report import plan_dict

        backlog = self.backlog(source)
        made = plan(
            backlog if full else tier_only(backlog), capacity, include_opportunistic=include_opportunistic
        )
        return plan_dict(made)
