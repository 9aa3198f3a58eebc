"""Accounts to enrich (``accounts --enrich``, and a section of the Markdown and HTML backlog).

The rows are ``core.enrich``'s: each unknown-fit account with the demand it carries across
the backlog, the criteria whose attributes it lacks, and how many requests would change
class with its fit known, all it lacks met or none. Names are untrusted text: Markdown goes
through ``md_text``, the table through ``one_line``, HTML through Jinja's autoescape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from icp_triage.core.backlog import Backlog
from icp_triage.core.enrich import Enrichment, enrich
from icp_triage.core.untrusted import md_text, one_line
from icp_triage.reports.numbers import amount, percent

SECTION_ROWS = 10
"""Accounts the backlog report's section lists: a to-do list, not an export (``accounts --enrich`` lists all)."""

INTRO = (
    "Accounts whose fit is unknown (too little CRM data), by the demand they carry across the backlog: "
    "what they lack, and how many requests would change class once their fit is known "
    "(every criterion they lack met, or none)."
)
HEADER = ["account", "demand", "requests", "lacks", "if all met", "if none met"]


def change_text(tier: str, changed: Sequence[str]) -> str:
    """``A: 3 change class``: the tier the account would have, and how many requests move."""
    return f"{tier}: {len(changed)} change class"


def enrich_dict(e: Enrichment) -> dict[str, Any]:
    """One account in ``accounts --enrich --format json``."""
    return {
        "id": e.account_id,
        "name": e.name,
        "coverage": round(e.coverage, 4),
        "demand": round(e.demand, 4),
        "requests": e.requests,
        "lacks": [{"attribute": c.attribute, "rule": c.rule, "weight": c.weight} for c in e.lacking],
        "if_all_met": {
            "tier": e.if_met,
            "changes_class": len(e.changed_if_met),
            "requests": list(e.changed_if_met),
        },
        "if_none_met": {
            "tier": e.if_missed,
            "changes_class": len(e.changed_if_missed),
            "requests": list(e.changed_if_missed),
        },
    }


def _row(e: Enrichment, fmt: Callable[[float], str], name: Callable[[str], str]) -> list[str]:
    return [
        f"{name(e.name)} ({name(e.account_id)})",
        fmt(e.demand),
        str(e.requests),
        name(e.lacking_text) or "-",
        change_text(e.if_met, e.changed_if_met),
        change_text(e.if_missed, e.changed_if_missed),
    ]


def enrich_section(backlog: Backlog, fmt: Callable[[float], str], *, rows: int = SECTION_ROWS) -> list[str]:
    """The backlog report's Markdown section (nothing when no account's fit is unknown)."""
    found = enrich(backlog)
    if not found:
        return []
    lines = ["", f"### Accounts to enrich ({len(found)})", "", INTRO, ""]
    lines += _md_table([_row(e, fmt, lambda t: md_text(t, width=60)) for e in found[:rows]])
    if len(found) > rows:
        lines += ["", f"_Showing {rows} of {len(found)}: `icp-triage accounts --enrich` lists all._"]
    return lines


def _md_table(rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(HEADER) + " |", "|---|--:|--:|---|---|---|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def enrich_rows(backlog: Backlog, *, rows: int | None = None) -> list[dict[str, Any]]:
    """The HTML section's rows: cells as text, escaped by the template."""
    w = backlog.weight_by
    return [
        {
            "cells": _row(e, lambda v: amount(v, w), one_line),
            "demand": e.demand,
            "coverage": percent(e.coverage),
        }
        for e in enrich(backlog)[:rows]
    ]


def render_enrich(backlog: Backlog, fmt: str, *, color: bool = False) -> str:
    """``accounts --enrich`` in ``fmt``: every unknown-fit account that asked for something."""
    found = enrich(backlog)
    w = backlog.weight_by
    if fmt == "json":
        from icp_triage.reports.json_report import dumps

        return dumps([enrich_dict(e) for e in found])
    if fmt == "csv":
        from icp_triage.reports.csv_report import write_rows

        return write_rows(
            [
                "id",
                "name",
                "coverage",
                "demand",
                "requests",
                "lacks",
                "if_all_met_tier",
                "if_all_met_changes",
                "if_none_met_tier",
                "if_none_met_changes",
            ],
            (
                [
                    e.account_id,
                    e.name,
                    round(e.coverage, 4),
                    round(e.demand, 4),
                    e.requests,
                    e.lacking_text,
                    e.if_met,
                    len(e.changed_if_met),
                    e.if_missed,
                    len(e.changed_if_missed),
                ]
                for e in found
            ),
        )
    if fmt == "markdown":
        lines = [f"## Accounts to enrich ({len(found)})", "", INTRO, ""]
        if found:
            lines += _md_table(
                [_row(e, lambda v: amount(v, w), lambda t: md_text(t, width=60)) for e in found]
            )
        else:
            lines.append("None: every account that asked for something has a known fit.")
        return "\n".join(lines) + "\n"
    if fmt == "html":
        from icp_triage.reports.html import enrich_html

        return enrich_html(backlog)
    from icp_triage.reports.table import enrich_table, to_text

    return to_text(enrich_table(found, w), color=color)
