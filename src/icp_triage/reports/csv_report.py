"""CSV that opens safely in a spreadsheet: stable columns, formula injection neutralised.

Column lists are part of the contract (spreadsheets and scripts address columns by name):
add new columns at the end, never rename or reorder.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from icp_triage.core.backlog import Backlog, RankedItem
from icp_triage.core.fit import Fit, best_first
from icp_triage.core.models import Account

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Prefix text a spreadsheet would run as a formula (OWASP "CSV injection") with ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    # A spreadsheet may skip leading blanks before it sees the "=", so look past them.
    if text.startswith(_FORMULA_START) or text.lstrip(" \n").startswith(_FORMULA_START):
        return "'" + text
    return text


def write_rows(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


def accounts_csv(accounts: Mapping[str, Account], fits: Mapping[str, Fit]) -> str:
    return write_rows(
        ["id", "name", "tier", "fit", "coverage", "arr", "summary"],
        (
            [
                key,
                accounts[key].display_name,
                fits[key].tier,
                None if fits[key].fit is None else round(fits[key].fit or 0.0, 2),
                round(fits[key].coverage, 4),
                accounts[key].arr,
                fits[key].summary,
            ]
            for key in best_first(fits)
        ),
    )


BACKLOG_COLUMNS = [
    "list",
    "rank",
    "demand_rank",
    "key",
    "title",
    "url",
    "class",
    "icp_value",
    "demand",
    "icp_demand",
    "off_icp_demand",
    "icp_share",
    "effort",
    "effort_assumed",
    "value_per_effort",
    "low_confidence",
    "icp_accounts",
    "accounts",
    "tiers",
    "reasons",
    "problems",
    "urgent",
    "triggered",
    "value_factor",
    "unknown_demand",
]


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _item_row(listed: str, item: RankedItem) -> list[Any]:
    behind = sorted(item.contributions, key=lambda c: (-c.demand, c.account_id))
    return [
        listed,
        item.rank,
        item.demand_rank,
        item.key,
        item.title,
        item.url,
        item.klass,
        _round(item.icp_value),
        _round(item.demand),
        _round(item.icp_demand),
        _round(item.off_icp_demand),
        _round(item.icp_share),
        item.effort,
        item.effort_assumed,
        _round(item.value_per_effort),
        item.low_confidence,
        item.icp_accounts,
        ";".join(c.account_id for c in behind),
        ";".join(c.tier for c in behind),
        "",
        ";".join(p.name for p in item.problems),
        item.urgent,
        item.triggered,
        _round(item.value_factor),
        _round(item.unknown_demand),
    ]


def backlog_csv(backlog: Backlog, *, top: int | None = None) -> str:
    """One row per request: ranked, opportunistic, unknown-fit, then unattributed (``top`` per list)."""

    def cut(items: list[Any]) -> list[Any]:
        return items[:top] if top else items

    rows: list[list[Any]] = [_item_row(i.klass.listed, i) for i in cut(backlog.ranked)]
    rows += [_item_row(i.klass.listed, i) for i in cut(backlog.opportunistic)]
    rows += [_item_row(i.klass.listed, i) for i in cut(backlog.unknown_fit)]
    rows += [
        [u.klass.listed, None, None, u.key, u.title, u.url, u.klass]
        + [None] * 5
        + [None, False, None, False, 0, "", "", "; ".join(u.reasons)]
        + [";".join(p.name for p in u.problems), u.urgent, False, None, None]
        for u in cut(backlog.unattributed)
    ]
    return write_rows(BACKLOG_COLUMNS, rows)
