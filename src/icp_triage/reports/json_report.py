"""The JSON shapes of DESIGN.md ("Data formats"); scripts and the Action depend on them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from icp_triage.core.backlog import Backlog, RankedItem, UnattributedItem
from icp_triage.core.disclosure import tier_only
from icp_triage.core.fit import Fit, best_first
from icp_triage.core.models import Account


def _num(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def item_dict(item: RankedItem) -> dict[str, Any]:
    return {
        "rank": item.rank,
        "key": item.key,
        "title": item.title,
        "url": item.url,
        "class": item.klass,
        "icp_value": _num(item.icp_value),
        "demand": _num(item.demand),
        "icp_share": _num(item.icp_share),
        "off_icp_demand": _num(item.off_icp_demand),
        "unknown_demand": _num(item.unknown_demand),
        "effort": item.effort,
        "effort_assumed": item.effort_assumed,
        "value_per_effort": _num(item.value_per_effort),
        "low_confidence": item.low_confidence,
        "demand_rank": item.demand_rank,
        "problems": [{"name": p.name, "matched": list(p.matched)} for p in item.problems],
        "urgent": item.urgent,
        "value_factor": _num(item.value_factor),
        "accounts": [
            {
                "id": c.account_id,
                "name": c.name,
                "tier": c.tier,
                "fit": _num(c.fit, 2),
                "signal": c.signal.kind,
                "strength": c.signal.strength,
                "source": c.signal.source,
                "triggers": [
                    {"attribute": t.attribute, "date": t.on.isoformat(), "within_days": t.within_days}
                    for t in c.triggers
                ],
            }
            for c in item.contributions
        ],
    }


def unattributed_dict(item: UnattributedItem) -> dict[str, Any]:
    return {
        "key": item.key,
        "title": item.title,
        "url": item.url,
        "reasons": list(item.reasons),
        "problems": [{"name": p.name, "matched": list(p.matched)} for p in item.problems],
        "urgent": item.urgent,
    }


def backlog_dict(backlog: Backlog, *, top: int | None = None) -> dict[str, Any]:
    """The ``rank --format json`` document; ``top`` keeps the first N of each list."""

    def cut(items: list[Any]) -> list[Any]:
        return items[:top] if top else items

    return {
        "profile": {"name": backlog.profile_name, "version": backlog.profile_version},
        "ranked": [item_dict(i) for i in cut(backlog.ranked)],
        "opportunistic": [item_dict(i) for i in cut(backlog.opportunistic)],
        "unknown_fit": [item_dict(i) for i in cut(backlog.unknown_fit)],
        "unattributed": [unattributed_dict(i) for i in cut(backlog.unattributed)],
    }


def tier_only_dict(backlog: Backlog) -> dict[str, Any]:
    """``backlog_dict`` of the backlog's tier-only view (``core.disclosure.tier_only``), each
    account reduced to its tier, fit, signal and strength."""
    data = backlog_dict(tier_only(backlog))
    for listed in ("ranked", "opportunistic", "unknown_fit"):
        for item in data[listed]:
            item["accounts"] = [
                {"tier": a["tier"], "fit": a["fit"], "signal": a["signal"], "strength": a["strength"]}
                for a in item["accounts"]
            ]
    return data


def backlog_json(backlog: Backlog, *, top: int | None = None) -> str:
    """``dumps(backlog_dict(backlog, top=top))``, some ten times faster (json_backlog)."""
    from icp_triage.reports.json_backlog import backlog_chunks

    return b"".join(backlog_chunks(backlog, top=top)).decode("utf-8")


def fit_dict(account: Account, fit: Fit) -> dict[str, Any]:
    return {
        "id": account.id,
        "name": account.display_name,
        "tier": fit.tier,
        "fit": _num(fit.fit, 2),
        "coverage": _num(fit.coverage),
        "summary": fit.summary,
        "explanation": [
            {
                "attribute": c.attribute,
                "rule": c.rule,
                "value": c.value,
                "status": c.status,
                "weight": c.weight,
                "points": c.points,
                **({"note": c.note} if c.note else {}),
            }
            for c in fit.criteria
        ]
        + [
            {
                "attribute": a.attribute,
                "rule": a.rule,
                "value": a.value,
                "status": a.status,
                "anti": "disqualify" if a.disqualify else "penalty",
                "points": -a.penalty if a.status == "met" and not a.disqualify else 0,
            }
            for a in fit.anti
        ],
    }


def accounts_list(accounts: Mapping[str, Account], fits: Mapping[str, Fit]) -> list[dict[str, Any]]:
    """DESIGN.md's ``accounts --format json`` list, best account first."""
    return [fit_dict(accounts[k], fits[k]) for k in best_first(fits)]


def dumps(data: Any) -> str:
    """Stable, byte-identical JSON for the same data, one list item per line.

    ``json.dumps(indent=...)`` falls back to the pure-Python encoder, ten times slower on a
    100k-request backlog; this keeps the C encoder and still diffs and greps line by line.
    """
    return _dump(data, "") + "\n"


def _dump(data: Any, indent: str) -> str:
    inner = indent + "  "
    if isinstance(data, dict) and data and any(isinstance(v, (list, dict)) for v in data.values()):
        parts = [f"{inner}{json.dumps(k)}: {_dump(v, inner)}" for k, v in data.items()]
        return "{\n" + ",\n".join(parts) + "\n" + indent + "}"
    if isinstance(data, list) and data:
        rows = [inner + json_line(v) for v in data]
        return "[\n" + ",\n".join(rows) + "\n" + indent + "]"
    return json_line(data)


def json_line(data: Any) -> str:
    """``data`` on one line, with ``", "`` and ``": "`` between items, non-ASCII as is."""
    return json.dumps(data, ensure_ascii=False, default=str)
