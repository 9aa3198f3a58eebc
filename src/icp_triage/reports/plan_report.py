"""``plan`` in every format: JSON, terminal table, CSV and Markdown (HTML is in html.py).

Each lists what was chosen, what was deferred with its reasons, the totals, the method and
the guarantee that comes with it, so a planning meeting can see the trade-off, not just
the answer.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from icp_triage.core.planning import Plan, PlanEntry
from icp_triage.core.tiers import RequestClass
from icp_triage.core.untrusted import clip, md_text, one_line
from icp_triage.reports.csv_report import write_rows
from icp_triage.reports.json_report import dumps
from icp_triage.reports.markdown import (
    DEFAULT_MAX_BYTES,
    Budget,
    left_out,
    md_link,
    table,
    take_rows,
)
from icp_triage.reports.numbers import amount
from icp_triage.reports.top import plan_rule


def _num(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _effort(entry: PlanEntry) -> str:
    if entry.effort is None:
        return "-"
    return f"{entry.effort:g}" + ("*" if entry.effort_assumed else "")


def place(entry: PlanEntry) -> str:
    """The ``#`` cell: ``3`` in the ranked backlog, ``opp. #1`` in the opportunistic list.

    An opportunistic request's rank is its place in its own list, so with
    ``--include-opportunistic`` two chosen requests could both read "1".
    """
    if entry.klass == RequestClass.OPPORTUNISTIC:
        return f"opp. #{entry.rank}"
    if entry.klass == RequestClass.UNKNOWN_FIT:  # its own list too, by demand
        return f"unk. #{entry.rank}"
    return str(entry.rank or "-")


PLACE_NOTE = "opp. #N = Nth in the opportunistic list"
"""The note under a plan's table (``unk. #N``, Nth in the unknown-fit list, reads alike)."""


def summary(plan: Plan) -> str:
    """One line: chosen count, value, capacity used."""
    return (
        f"{len(plan.chosen)} request(s) chosen, ICP value {amount(plan.total_value, plan.weight_by)}, "
        f"effort {plan.used:g} of {plan.capacity:g}; {len(plan.deferred)} deferred"
    )


def entry_dict(entry: PlanEntry) -> dict[str, Any]:
    return {
        "key": entry.key,
        "title": entry.title,
        "url": entry.url,
        "class": entry.klass,
        "rank": entry.rank or None,
        "list": entry.listed,
        "icp_value": _num(entry.icp_value),
        "effort": entry.effort,
        "effort_assumed": entry.effort_assumed,
        "value_per_effort": _num(entry.value_per_effort),
        "low_confidence": entry.low_confidence,
        **({"reasons": [{"code": r.code, "text": r.text} for r in entry.reasons]} if entry.reasons else {}),
    }


def plan_dict(plan: Plan) -> dict[str, Any]:
    """The JSON shape of ``plan --format json``."""
    return {
        "capacity": plan.capacity,
        "used": _num(plan.used),
        "total_value": _num(plan.total_value),
        "method": plan.method,
        "guarantee": plan.guarantee,
        "upper_bound": _num(plan.upper_bound),
        "unit": plan.unit,
        "discretisation": plan.discretisation,
        "rounded": list(plan.rounded),
        "include_opportunistic": plan.include_opportunistic,
        "confident_only": plan.confident_only,
        "weight_by": plan.weight_by,
        "notes": list(plan.notes),
        "chosen": [entry_dict(e) for e in plan.chosen],
        "deferred": [entry_dict(e) for e in plan.deferred],
    }


def plan_json(plan: Plan) -> str:
    return dumps(plan_dict(plan))


def plan_csv(plan: Plan) -> str:
    """One row per request: chosen or deferred, with the reasons joined by ``; ``."""
    header = [
        "decision",
        "key",
        "title",
        "url",
        "class",
        "rank",
        "icp_value",
        "effort",
        "effort_assumed",
        "value_per_effort",
        "low_confidence",
        "reason_codes",
        "reasons",
        "list",
    ]
    rows = [
        [
            decision,
            e.key,
            e.title,
            e.url,
            e.klass,
            e.rank or None,
            _num(e.icp_value),
            e.effort,
            e.effort_assumed,
            _num(e.value_per_effort),
            e.low_confidence,
            " ".join(r.code for r in e.reasons),
            "; ".join(r.text for r in e.reasons),
            e.listed,
        ]
        for decision, entries in (("chosen", plan.chosen), ("deferred", plan.deferred))
        for e in entries
    ]
    return write_rows(header, rows)


def _legend(shown: Sequence[PlanEntry]) -> list[str]:
    """The chosen table's legend: a mark only when a row shown carries it."""
    marks = ["* = assumed effort (the median)"] if any(e.effort_assumed for e in shown) else []
    marks += ["? = low confidence"] if any(e.low_confidence for e in shown) else []
    marks += [PLACE_NOTE] if any(place(e).startswith("opp.") for e in shown) else []
    return marks


DEFERRED_SPARE_FIRST = ("class", "title")
"""The deferred table's columns a narrow terminal hides first, in this order, to keep the
reason whole: the class (an opportunistic or unattributed request's reason starts with it),
then the title (the key still names the request)."""

WHY_COMFORT = 36
"""Cells the reason needs whole: "no capacity left: needs 13, 120 left" and the like."""


def plan_tables(plan: Plan, *, top: int | None = None) -> list[RenderableType]:
    """Rich renderables: the summary, chosen and deferred (first ``top`` of each, else 100), the method.

    Keys, titles and reasons are untrusted and go through ``one_line``: no escape sequence in
    an issue title reaches the terminal.
    """
    from icp_triage.reports.layout import Fitted
    from icp_triage.reports.table import TABLE_ROWS

    top = top or TABLE_ROWS
    w = plan.weight_by
    chosen = Table(title=f"Plan: {summary(plan)}", box=box.SIMPLE_HEAD, title_justify="left")
    for name, justify in (("#", "right"), ("key", "left"), ("title", "left"), ("class", "left")):
        chosen.add_column(name, justify=justify)  # type: ignore[arg-type]
    for name in ("ICP value", "effort", "value/effort"):
        chosen.add_column(name, justify="right")
    for e in plan.chosen[:top]:
        chosen.add_row(
            place(e),
            one_line(e.key),
            clip(e.title, 48),
            e.klass,
            amount(e.icp_value, w) + (" ?" if e.low_confidence else ""),
            _effort(e),
            "-" if e.value_per_effort is None else amount(e.value_per_effort, w),
        )
    cut = f"first {top} of {len(plan.chosen)}" if len(plan.chosen) > top else None
    chosen.caption = "\n".join(filter(None, [cut, "; ".join(_legend(plan.chosen[:top]))]))
    shown = plan.deferred[:top] if top else plan.deferred
    deferred = Table(title=f"Deferred: {len(plan.deferred)}", box=box.SIMPLE_HEAD, title_justify="left")
    for name in ("key", "title", "class", "ICP value", "effort", "why"):
        deferred.add_column(name, justify="right" if name in ("ICP value", "effort") else "left")
    for e in shown:
        deferred.add_row(
            one_line(e.key),
            clip(e.title, 40),
            e.klass,
            amount(e.icp_value, w),
            _effort(e),
            one_line("; ".join(r.text for r in e.reasons)),
        )
    if top and len(plan.deferred) > top:
        deferred.caption = f"first {top} of {len(plan.deferred)}"
    # One line per request at any width: the title gives way, not the figures; in the
    # deferred list the reason is what it exists to show, so the class, then the title, are
    # hidden before the reason is cut ("no capacity left: needs..." said nothing).
    fitted = [
        Fitted(chosen, shrink={"title": 10}),
        Fitted(
            deferred, shrink={"title": 10, "why": 16}, drop=DEFERRED_SPARE_FIRST, comfort={"why": WHY_COMFORT}
        ),
    ]
    method = Text()
    method.append("Method: ", style="bold")
    method.append(plan.guarantee + "\n")
    method.append("Effort: ", style="bold")
    method.append(plan.discretisation + "\n")
    for note in plan.notes:
        method.append(f"Note: {one_line(note)}\n", style="yellow")
    return [*fitted, method]


def plan_markdown(plan: Plan, *, top: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """GitHub-flavoured Markdown of the plan, at most ``max_bytes`` of UTF-8; untrusted text escaped.

    A job summary holds 1 MiB, and a large capacity can choose thousands of requests, so
    both lists stop before the budget (the deferred list keeps up to a quarter of it) with a
    note saying how many were left out. ``top`` keeps the first N of each list.
    """
    w = plan.weight_by
    closing = [
        "",
        f"- **Method**: {md_text(plan.guarantee)}",
        f"- **Effort**: {md_text(plan.discretisation)}; \\* = assumed (the median effort)",
        f"- **#**: the place in the ranked backlog; {PLACE_NOTE}",
        *[f"- **Note**: {md_text(note)}" for note in plan.notes],
        "",
    ]
    reserve = sum(len(line.encode("utf-8")) + 1 for line in closing) + 2048  # notes and headers
    budget = Budget(max_bytes)
    out = budget.take(
        [f"## Sprint plan: capacity {plan.capacity:g}", "", f"**{md_text(summary(plan))}**", ""]
    )
    deferred_rows = (_deferred_row(e, w) for e in plan.deferred)
    # Room kept for the deferred table: its size, up to a quarter of the budget, so a plan
    # that chose everything it could still shows why the rest waits.
    deferred_first: list[list[str]] = []
    deferred_floor = 0
    for row in itertools.islice(deferred_rows, top):
        deferred_first.append(row)
        deferred_floor += sum(len(cell.encode("utf-8")) + 3 for cell in row) + 3
        if deferred_floor >= max_bytes // 4:
            break
    deferred_floor = min(deferred_floor, max_bytes // 4)
    out += budget.take([f"### Chosen ({len(plan.chosen)})", ""])
    if plan.chosen:
        header = table(["#", "request", "title", "class", "ICP value", "effort"], "rlllrr", [])
        chosen_rows = (_chosen_row(e, w) for e in plan.chosen)
        lines, shown = take_rows(budget, header, chosen_rows, top, reserve + deferred_floor)
        out += lines + budget.take(_cut(shown, len(plan.chosen), "chosen requests", top))
    else:
        out += budget.take(["None."])
    out += budget.take(["", f"### Deferred ({len(plan.deferred)})", ""])
    if plan.deferred:
        header = table(["request", "title", "class", "ICP value", "effort", "why"], "lllrrl", [])
        rows = itertools.chain(deferred_first, deferred_rows)
        lines, shown = take_rows(budget, header, rows, top, reserve)
        out += lines + budget.take(_cut(shown, len(plan.deferred), "deferred requests", top))
    else:
        out += budget.take(["None."])
    return "\n".join(out + closing)


def _chosen_row(e: PlanEntry, weight_by: str) -> list[str]:
    return [
        place(e),
        md_link(e.key, e.url),
        md_text(e.title, width=80),
        e.klass,
        amount(e.icp_value, weight_by) + (" ⚠" if e.low_confidence else ""),
        md_text(_effort(e)),
    ]


def _deferred_row(e: PlanEntry, weight_by: str) -> list[str]:
    return [
        md_link(e.key, e.url),
        md_text(e.title, width=60),
        e.klass,
        amount(e.icp_value, weight_by),
        md_text(_effort(e)),
        md_text("; ".join(r.text for r in e.reasons)),
    ]


def _cut(shown: int, total: int, noun: str, top: int | None) -> list[str]:
    """The note under a Markdown list of the plan that shows fewer rows than it holds."""
    return left_out(shown, total, noun, top, "CSV and JSON list all", top_rule=plan_rule)
