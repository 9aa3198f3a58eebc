"""A day's snapshot of a ranked backlog: per class, how many requests and how much demand,
and each class's share of the demand.

The service keeps one per source and day, so the drift of demand can be read later as it
was: Jira votes carry no date and a deleted issue leaves no trace, so only a record made on
the day counts them as they were. A snapshot is plain JSON; ``public`` is its tier-only
view: counts and shares, and under ``weight_by: arr`` demand in median accounts instead of
revenue (``core.disclosure``'s unit).
"""

from __future__ import annotations

from typing import Any

from icp_triage.core.backlog import Backlog
from icp_triage.core.disclosure import IN_MEDIAN_ACCOUNTS, median_account_unit
from icp_triage.core.tiers import RequestClass


def snapshot_of(backlog: Backlog) -> dict[str, Any]:
    """``{"requests", "weight_by", "unit", "classes": {class: {"requests", "demand", "share"}}}``,
    every class in ``RequestClass``'s order; ``unit`` is the median account's ARR under
    ``weight_by: arr`` (what ``public`` divides by), else None."""
    counts = dict.fromkeys(RequestClass, 0)
    demand = dict.fromkeys(RequestClass, 0.0)
    for item in (*backlog.ranked, *backlog.opportunistic):
        counts[item.klass] += 1
        demand[item.klass] += item.demand
    for unattributed in backlog.unattributed:
        counts[unattributed.klass] += 1
    total = sum(demand.values())
    return {
        "requests": sum(counts.values()),
        "weight_by": backlog.weight_by,
        "unit": median_account_unit(backlog),
        "classes": {
            str(k): {
                "requests": counts[k],
                "demand": round(demand[k], 4),
                "share": round(demand[k] / total, 4) if total > 0 else None,
            }
            for k in RequestClass
        },
    }


def public(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot with no revenue: demand in median accounts under ``weight_by: arr``."""
    unit = snapshot.get("unit")
    classes = {
        name: {**part, "demand": round(part["demand"] / unit, 4) if unit else part["demand"]}
        for name, part in snapshot["classes"].items()
    }
    weight_by = f"arr, {IN_MEDIAN_ACCOUNTS}" if unit else snapshot.get("weight_by")
    return {"requests": snapshot["requests"], "weight_by": weight_by, "classes": classes}
