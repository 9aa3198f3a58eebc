"""``plan`` in every format: JSON, terminal table, CSV and Markdown (HTML is in html.py).

Each lists what was chosen, what was deferred with its reasons, the totals, the method and
the guarantee that comes with it, so a planning meeting can see the trade-off, not just
the answer.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from icp_triage.core.planning import Plan, PlanEntry
from icp_triage.reports.csv_report import write_rows
from icp_triage.reports.json_report import dumps
from icp_triage.reports.markdown import DEFAULT_MAX_BYTES, md_link, md_text, table
from icp_triage.reports.numbers import amount
from icp_triage.reports.untrusted import clip, one_line


def _num(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _effort(entry: PlanEntry) -> str:
    if entry.effort is None:
        return "-"
    return f"{entry.effort:g}" + ("*" if entry.effort_assumed else "")


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
        ]
        for decision, entries in (("chosen", plan.chosen), ("deferred", plan.deferred))
        for e in entries
    ]
    return write_rows(header, rows)


def plan_tables(plan: Plan, *, top: int | None = None) -> list[RenderableType]:
    """Rich renderables: the summary, chosen, deferred (first ``top``, else 100) and the method.

    Keys, titles and reasons are untrusted and go through ``one_line``: no escape sequence in
    an issue title reaches the terminal.
    """
    from icp_triage.reports.table import TABLE_ROWS

    top = top or TABLE_ROWS
    w = plan.weight_by
    chosen = Table(title=f"Plan: {summary(plan)}", box=box.SIMPLE_HEAD, title_justify="left")
    for name, justify in (("#", "right"), ("key", "left"), ("title", "left"), ("class", "left")):
        chosen.add_column(name, justify=justify, no_wrap=name == "key")  # type: ignore[arg-type]
    for name in ("ICP value", "effort", "value/effort"):
        chosen.add_column(name, justify="right")
    for e in plan.chosen:
        chosen.add_row(
            str(e.rank or "-"),
            one_line(e.key),
            clip(e.title, 48),
            e.klass,
            amount(e.icp_value, w) + (" ?" if e.low_confidence else ""),
            _effort(e),
            "-" if e.value_per_effort is None else amount(e.value_per_effort, w),
        )
    chosen.caption = "* = assumed effort (the median); ? = low confidence"
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
    method = Text()
    method.append("Method: ", style="bold")
    method.append(plan.guarantee + "\n")
    method.append("Effort: ", style="bold")
    method.append(plan.discretisation + "\n")
    for note in plan.notes:
        method.append(f"Note: {one_line(note)}\n", style="yellow")
    return [chosen, deferred, method]


def plan_markdown(plan: Plan, *, top: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """GitHub-flavoured Markdown of the plan; every untrusted string escaped.

    The deferred list stops before ``max_bytes`` (a job summary holds 1 MiB) with a note.
    """
    w = plan.weight_by
    lines = [f"## Sprint plan: capacity {plan.capacity:g}", "", f"**{md_text(summary(plan))}**", ""]
    rows = [
        [
            str(e.rank or "-"),
            md_link(e.key, e.url),
            md_text(e.title, width=80),
            e.klass,
            amount(e.icp_value, w) + (" ⚠" if e.low_confidence else ""),
            md_text(_effort(e)),
        ]
        for e in plan.chosen
    ]
    lines += [f"### Chosen ({len(plan.chosen)})", ""]
    lines += (
        table(["#", "request", "title", "class", "ICP value", "effort"], "rlllrr", rows)
        if rows
        else ["None."]
    )
    candidates = plan.deferred[:top] if top else plan.deferred
    used = sum(len(line.encode("utf-8")) + 1 for line in lines) + 4096  # headers, method, notes
    rows = []
    for e in candidates:
        row = [
            md_link(e.key, e.url),
            md_text(e.title, width=60),
            e.klass,
            amount(e.icp_value, w),
            md_text(_effort(e)),
            md_text("; ".join(r.text for r in e.reasons)),
        ]
        used += sum(len(cell.encode("utf-8")) + 3 for cell in row) + 3
        if used > max_bytes:
            break
        rows.append(row)
    lines += ["", f"### Deferred ({len(plan.deferred)})", ""]
    lines += (
        table(["request", "title", "class", "ICP value", "effort", "why"], "lllrrl", rows)
        if rows
        else ["None."]
    )
    if len(rows) < len(plan.deferred):
        why = f"--top {top}" if top and len(rows) >= top else "a GitHub job summary holds at most 1024 KiB"
        lines += [
            "",
            f"_Showing {len(rows):,} of {len(plan.deferred):,} deferred ({why}); CSV and JSON list all._",
        ]
    lines += [
        "",
        f"- **Method**: {md_text(plan.guarantee)}",
        f"- **Effort**: {md_text(plan.discretisation)}; \\* = assumed (the median effort)",
        *[f"- **Note**: {md_text(note)}" for note in plan.notes],
        "",
    ]
    return "\n".join(lines)
