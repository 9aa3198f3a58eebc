"""The live backlog: requests stored by the workers and syncs, ranked on demand.

Each answer is ranked from the ``requests`` table, so every replica serves the same backlog;
a ranking is kept until that source's rows change. Tier-only views (``public_read:
tier-only`` without a token) come from a redacted copy of the backlog: no account ids or
names, no signal sources (a comment author, a ``Requested-by:`` line), no reasons that quote
them, and under ``weight_by: arr`` amounts in median accounts instead of revenue.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from icp_triage.core.backlog import Backlog, RankedItem, UnattributedItem
from icp_triage.core.models import RawRequest
from icp_triage.service.settings import ServiceConfig
from icp_triage.service.store import stored_requests as R

TIER_ONLY_REASON = "names no known account"


def load_requests(engine: Engine, source: str) -> list[RawRequest]:
    with engine.begin() as connection:
        rows = connection.execute(select(R.c.data).where(R.c.source == source).order_by(R.c.request_key))
        return [RawRequest.model_validate_json(data) for (data,) in rows]


def _fingerprint(engine: Engine, source: str) -> tuple[Any, ...]:
    with engine.begin() as connection:
        found = connection.execute(
            select(func.count(), func.max(R.c.stored_at), func.sum(func.length(R.c.data))).where(
                R.c.source == source
            )
        ).one()
        return tuple(found)


def _redact_item(item: RankedItem, unit: float) -> RankedItem:
    def scale(value: float | None) -> float | None:
        return None if value is None else value / unit

    contributions = tuple(
        dataclasses.replace(c, account_id="", name="", worth=c.worth / unit) for c in item.contributions
    )
    return dataclasses.replace(
        item,
        icp_value=item.icp_value / unit,
        demand=item.demand / unit,
        icp_demand=item.icp_demand / unit,
        off_icp_demand=item.off_icp_demand / unit,
        value_per_effort=scale(item.value_per_effort),
        contributions=contributions,
    )


def tier_only(backlog: Backlog) -> Backlog:
    """The backlog with nothing that names an account or its revenue."""
    unit = (backlog.median_arr or 1.0) if backlog.weight_by == "arr" else 1.0
    weight_by = (
        "arr, in median accounts (no revenue shown)" if backlog.weight_by == "arr" else backlog.weight_by
    )
    return dataclasses.replace(
        backlog,
        weight_by=weight_by,
        ranked=[_redact_item(i, unit) for i in backlog.ranked],
        opportunistic=[_redact_item(i, unit) for i in backlog.opportunistic],
        unattributed=[
            UnattributedItem(u.key, u.title, u.url, u.created_at, (TIER_ONLY_REASON,), ())
            for u in backlog.unattributed
        ],
        fits={},
        accounts={},
        attributions={},
        median_arr=None,
        notes=(),
    )


def tier_only_dict(backlog: Backlog) -> dict[str, Any]:
    """``rank --format json``'s shape from a tier-only backlog, accounts reduced to tier and signal."""
    from icp_triage.reports.json_report import backlog_dict

    data = backlog_dict(backlog)
    for listed in ("ranked", "opportunistic"):
        for item in data[listed]:
            item["accounts"] = [
                {"tier": a["tier"], "fit": a["fit"], "signal": a["signal"], "strength": a["strength"]}
                for a in item["accounts"]
            ]
    return data


class ReadSide:
    """Rank, explain and plan one source's stored requests."""

    def __init__(self, service: ServiceConfig, engine: Engine) -> None:
        self.service = service
        self.engine = engine
        self._lock = threading.Lock()
        self._ranked: dict[str, tuple[tuple[Any, ...], Backlog]] = {}

    def backlog(self, source: str) -> Backlog:
        mark = _fingerprint(self.engine, source)
        with self._lock:
            cached = self._ranked.get(source)
            if cached is not None and cached[0] == mark:
                return cached[1]
        requests = load_requests(self.engine, source)
        github = self.service.source(source).source.github
        if github is not None and github.state != "all":  # a closed issue leaves an open backlog
            requests = [r for r in requests if r.state.lower() == github.state]
        backlog = self.service.workspace.rank(requests)
        with self._lock:
            self._ranked[source] = (mark, backlog)
        return backlog

    def backlog_dict(self, source: str, *, full: bool) -> dict[str, Any]:
        from icp_triage.reports.json_report import backlog_dict

        backlog = self.backlog(source)
        return backlog_dict(backlog) if full else tier_only_dict(tier_only(backlog))

    def html(self, source: str, *, full: bool) -> str:
        from icp_triage.reports.html import backlog_html
        from icp_triage.reports.story import headline

        backlog = self.backlog(source)
        shown = backlog if full else tier_only(backlog)
        return backlog_html(
            shown,
            names=full,
            headline=headline(shown),
            unknown_fit=self.service.workspace.config.ranking.unknown_fit,
        )

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
                "icp_share": round(item.icp_share, 4),
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
