"""``profile validate`` as a terminal table, JSON or Markdown (for a pull request comment).

It names no account: counts, rates and lifts only, so the Markdown is safe in a public
pull request whatever ``tagging.disclose`` says.
"""

from __future__ import annotations

import math
from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from icp_triage.core.stats import Interval
from icp_triage.core.untrusted import md_text, one_line
from icp_triage.core.validate import VERDICT_TEXT, OutcomeCheck, Validation
from icp_triage.reports.json_report import dumps
from icp_triage.reports.markdown import table

VERDICT_STYLE = {
    "supported": "green",
    "contradicted": "bold red",
    "no_difference": "yellow",
    "too_few": "dim",
}
WARNING_TITLE = {
    "too_broad": "too broad",
    "partial": "partial",
    "persona": "persona, not company",
    "aspirational": "aspirational",
    "dead_criterion": "dead criterion",
    "stale": "stale",
    "problem_stale": "stale problem",
    "off_problem": "problems miss the ICP's asks",
}


def figure(value: float | None, digits: int = 4) -> float | None:
    """A figure for JSON: rounded, and None where it has no finite value (strict JSON parsers
    refuse ``NaN`` and ``Infinity``, which ``json.dumps`` writes for them)."""
    return None if value is None or not math.isfinite(value) else round(value, digits)


def _pair(ci: Interval) -> list[float | None]:
    return [figure(ci.low), figure(ci.high)]


def outcome_dict(check: OutcomeCheck) -> dict[str, Any]:
    c = check.comparison
    return {
        "name": check.name,
        "column": check.column,
        "kind": check.kind,
        "lower_is_better": check.lower_is_better,
        "icp": figure(c.a) if c else None,
        "rest": figure(c.b) if c else None,
        "lift": figure(check.lift),
        "ci": _pair(check.ci),
        "difference": figure(c.difference) if c else None,
        "difference_ci": _pair(c.difference_ci) if c else [None, None],
        "n_icp": check.n_icp,
        "n_rest": check.n_rest,
        "verdict": check.verdict,
    }


def validation_dict(result: Validation) -> dict[str, Any]:
    return {
        "profile": {"name": result.profile_name, "version": result.profile_version},
        "accounts": result.accounts,
        "icp_accounts": result.icp_accounts,
        "icp_share": figure(result.icp_share),
        "outcomes": [outcome_dict(c) for c in result.outcomes],
        "win_rate_by_tier": [
            {
                "tier": r.tier,
                "won": r.won,
                "n": r.n,
                "rate": figure(r.rate),
                "ci": [figure(r.low), figure(r.high)],
            }
            for r in result.win_rate_by_tier
        ],
        "problems": [
            {
                "name": p.name,
                "icp_share": figure(p.icp_share),
                "off_icp_share": figure(p.off_icp_share),
                "requests": p.requests,
                "last_asked": p.last_asked.isoformat() if p.last_asked else None,
            }
            for p in result.problems
        ],
        "icp_share_addressing_no_problem": figure(result.problems_none),
        "warnings": [{"kind": w.kind, "message": w.message} for w in result.warnings],
        "notes": list(result.notes),
    }


PROBLEM_COLUMNS = ("problem", "ICP demand", "off-profile demand", "requests", "last asked")


def problem_rows(result: Validation) -> list[list[str]]:
    """One row per declared problem, then the ICP demand that addresses none of them."""

    def share(value: float | None) -> str:
        return "-" if value is None else f"{value:.0%}"

    rows = [
        [
            one_line(p.name),
            share(p.icp_share),
            share(p.off_icp_share),
            str(p.requests),
            str(p.last_asked or "never"),
        ]
        for p in result.problems
    ]
    return [*rows, ["(none of them)", share(result.problems_none), "", "", ""]]


def validation_json(result: Validation) -> str:
    return dumps(validation_dict(result))


def value_text(check: OutcomeCheck, value: float | None) -> str:
    """A rate as a percentage, a mean with three significant figures."""
    if value is None:
        return "-"
    return f"{value:.0%}" if check.kind == "rate" else f"{value:.3g}"


def lift_text(lift: float | None, ci: Interval) -> str:
    """``2.67 [1.60, 4.51]``; an unbounded end reads ``inf``, no ratio ``n/a``."""
    if lift is None:
        return "n/a"
    if ci.low is None and ci.high is None:
        return f"{lift:.2f} [n/a]"
    low = f"{ci.low:.2f}" if ci.low is not None else "?"
    high = f"{ci.high:.2f}" if ci.high is not None else "inf"
    return f"{lift:.2f} [{low}, {high}]"


def difference_text(check: OutcomeCheck) -> str:
    """``+25 pts [13, 36]`` for a rate, ``+1.93 [1.39, 2.42]`` for a mean."""
    c = check.comparison
    if c is None:
        return "-"
    low, high = c.difference_ci.low or 0.0, c.difference_ci.high or 0.0
    if check.kind == "rate":
        return f"{100 * c.difference:+.0f} pts [{100 * low:.0f}, {100 * high:.0f}]"
    return f"{c.difference:+.3g} [{low:.3g}, {high:.3g}]"


def _outcome_label(check: OutcomeCheck) -> str:
    """``retained``, ``support_tickets* (support_tickets_90d)``: a star marks lower-is-better."""
    label = check.name + ("*" if check.lower_is_better else "")
    return label if check.column in (check.name, "churned_at") else f"{label} ({check.column})"


def _headline(result: Validation) -> str:
    return (
        f"Profile '{one_line(result.profile_name)}' version {one_line(result.profile_version)}: "
        f"{result.icp_accounts} of {result.accounts} accounts in the ICP ({result.icp_share:.0%})."
    )


WIDE = 134
"""The terminal width the one-line-per-figure table needs; narrower, figures share cells."""


def _narrow_grid(result: Validation) -> Table:
    """The outcomes for a terminal under WIDE columns (80 is common): ICP and rest in one
    cell, lift over difference, counts as ``ICP/rest``, so every figure stays whole rather
    than cut to an ellipsis."""
    grid = Table(
        box=box.SIMPLE_HEAD,
        title=f"ICP (tiers {', '.join(result.icp_tiers)}) against the rest, 95% intervals",
        caption="* lower is better",
    )
    grid.add_column("outcome", min_width=16, max_width=22, overflow="fold")
    grid.add_column("ICP / rest", justify="right", no_wrap=True)
    grid.add_column("lift\ndifference [95% CI]", justify="right", no_wrap=True)
    grid.add_column("n ICP\n/rest", justify="right", no_wrap=True)
    grid.add_column("verdict", min_width=7)
    for check in result.outcomes:
        c = check.comparison
        label = one_line(_outcome_label(check)).replace(" (", "\n(", 1)  # the column below
        grid.add_row(
            label,
            f"{value_text(check, c.a if c else None)} / {value_text(check, c.b if c else None)}",
            f"{lift_text(check.lift, check.ci)}\n{difference_text(check)}",
            f"{check.n_icp}/{check.n_rest}",
            Text(VERDICT_TEXT[check.verdict], style=VERDICT_STYLE[check.verdict]),
        )
    return grid


def validation_tables(result: Validation, *, width: int = 140) -> list[RenderableType]:
    """The terminal report; ``width`` is the console's, so a narrow terminal gets the
    layout that fits it."""
    parts: list[RenderableType] = [Text(_headline(result))]
    if result.outcomes and width < WIDE:
        parts.append(_narrow_grid(result))
    elif result.outcomes:
        grid = Table(
            box=box.SIMPLE_HEAD,
            title=f"ICP (tiers {', '.join(result.icp_tiers)}) against the rest, 95% intervals",
            caption="* lower is better",
        )
        for name, justify in (
            ("outcome", "left"),
            ("ICP", "right"),
            ("rest", "right"),
            ("lift [95% CI]", "right"),
            ("difference [95% CI]", "right"),
            ("n ICP", "right"),
            ("n rest", "right"),
            ("verdict", "left"),
        ):
            grid.add_column(name, justify=justify, no_wrap=name == "outcome")  # type: ignore[arg-type]
        for check in result.outcomes:
            c = check.comparison
            grid.add_row(
                one_line(_outcome_label(check)),
                value_text(check, c.a if c else None),
                value_text(check, c.b if c else None),
                lift_text(check.lift, check.ci),
                difference_text(check),
                str(check.n_icp),
                str(check.n_rest),
                Text(VERDICT_TEXT[check.verdict], style=VERDICT_STYLE[check.verdict]),
            )
        parts.append(grid)
    if result.win_rate_by_tier:
        tiers = Table(box=box.SIMPLE_HEAD, title="Win rate by tier")
        for name in ("tier", "won", "deals", "win rate [95% CI]"):
            tiers.add_column(name, justify="left" if name == "tier" else "right")
        for row in result.win_rate_by_tier:
            tiers.add_row(
                row.tier, str(row.won), str(row.n), f"{row.rate:.0%} [{row.low:.0%}, {row.high:.0%}]"
            )
        parts.append(tiers)
    if result.problems:
        problems = Table(box=box.SIMPLE_HEAD, title="Problems: the share of demand addressing each")
        for name in PROBLEM_COLUMNS:
            problems.add_column(name, justify="left" if name in ("problem", "last asked") else "right")
        for cells in problem_rows(result):
            problems.add_row(*cells)
        parts.append(problems)
    for warning in result.warnings:
        parts.append(
            Text(f"Warning ({WARNING_TITLE[warning.kind]}): {one_line(warning.message)}", style="yellow")
        )
    for note in result.notes:
        parts.append(Text(f"Note: {one_line(note)}"))
    if not result.warnings:
        parts.append(Text("No warnings.", style="green"))
    return parts


def validation_markdown(result: Validation, *, heading: str = "##") -> str:
    lines = [f"{heading} Profile validation", "", md_text(_headline(result)), ""]
    if result.outcomes:
        rows = []
        for check in result.outcomes:
            c = check.comparison
            rows.append(
                [
                    md_text(_outcome_label(check)),
                    value_text(check, c.a if c else None),
                    value_text(check, c.b if c else None),
                    lift_text(check.lift, check.ci),
                    difference_text(check),
                    f"{check.n_icp} / {check.n_rest}",
                    f"**{VERDICT_TEXT[check.verdict]}**"
                    if check.verdict == "contradicted"
                    else VERDICT_TEXT[check.verdict],
                ]
            )
        header = ["Outcome", "ICP", "Rest", "Lift [95% CI]", "Difference [95% CI]", "n ICP / rest", "Verdict"]
        starred = any(c.lower_is_better for c in result.outcomes)
        lines += [*table(header, "lrrrrrl", rows), "", *(["\\* lower is better", ""] if starred else [])]
    if result.win_rate_by_tier:
        rows = [
            [r.tier, str(r.won), str(r.n), f"{r.rate:.0%} [{r.low:.0%}, {r.high:.0%}]"]
            for r in result.win_rate_by_tier
        ]
        lines += [
            "Win rate by tier:",
            "",
            *table(["Tier", "Won", "Deals", "Win rate [95% CI]"], "lrrr", rows),
            "",
        ]
    if result.problems:
        cells = [[md_text(r[0]), *r[1:]] for r in problem_rows(result)]
        lines += [
            "Problems: the share of demand addressing each:",
            "",
            *table(list(PROBLEM_COLUMNS), "lrrrl", cells),
            "",
        ]
    if result.warnings:
        lines += [f"- **{WARNING_TITLE[w.kind]}**: {md_text(w.message)}" for w in result.warnings]
    else:
        lines.append("No warnings.")
    lines += [f"- Note: {md_text(n)}" for n in result.notes]
    return "\n".join(lines) + "\n"
