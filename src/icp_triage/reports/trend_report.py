"""The trend in every format: table, JSON, CSV, Markdown (with a Mermaid line chart) and the
data the HTML page draws. Pure: ``Trend -> str``.

Every format names the same periods, classes (``RequestClass`` order, all of them in JSON and
CSV; the table and Markdown leave out a class with no new demand in any period), shares and
verdicts, and carries the trend's notes: how asks were dated, and what was left out.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from icp_triage.core.tiers import RequestClass
from icp_triage.core.trend import PeriodDemand, Trend
from icp_triage.reports.line_chart import Line, Mark, line_chart_svg

NO_VERDICT = "No change in the ICP share of new demand beyond its 95% interval."


def _number(value: float) -> str:
    return f"{value:.1f}"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _interval(period: PeriodDemand) -> str:
    if period.interval is None:
        return "-"
    return f"{period.interval.low or 0.0:.0%} to {period.interval.high or 0.0:.0%}"


def shown_classes(trend: Trend) -> list[RequestClass]:
    """The classes with new demand in some period, in ``RequestClass`` order."""
    return [k for k in RequestClass if any(p.demand.get(k, 0.0) > 0 for p in trend.periods)]


def verdict_lines(trend: Trend) -> list[str]:
    """One sentence per verdict, or the one saying there is none."""
    if not trend.periods:
        return ["No dated demand to show."]
    return [f"{v.text[0].upper()}{v.text[1:]} ({v.detail})." for v in trend.verdicts] or [NO_VERDICT]


def period_rows(trend: Trend) -> tuple[list[str], list[list[str]]]:
    classes = shown_classes(trend)
    header = ["Period", *[str(k) for k in classes], "New demand", "ICP share", "95% interval", "Asks"]
    rows = [
        [
            p.label,
            *[_number(p.demand.get(k, 0.0)) for k in classes],
            _number(p.total),
            _share(p.icp_share),
            _interval(p),
            str(p.asks),
        ]
        for p in trend.periods
    ]
    return header, rows


def trend_title(trend: Trend) -> str:
    return f"New demand per {trend.by}" + (f" since {trend.since}" if trend.since else "")


def trend_table(trend: Trend) -> str:
    """Plain text: the verdicts, a table of the periods, the notes."""
    header, rows = period_rows(trend)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [trend_title(trend), "", *verdict_lines(trend), ""]
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))]
        lines.append("  ".join(cells).rstrip())
    lines += ["", *trend.notes]
    return "\n".join(lines) + "\n"


def trend_data(trend: Trend) -> dict[str, Any]:
    """The trend as JSON-ready data (docs/reference/json.md)."""
    return {
        "by": trend.by,
        "since": trend.since.isoformat() if trend.since else None,
        "periods": [
            {
                "period": p.label,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "demand": {str(k): round(p.demand.get(k, 0.0), 6) for k in RequestClass},
                "icp_demand": round(p.icp_demand, 6),
                "off_icp_demand": round(p.off_icp_demand, 6),
                "unknown_demand": round(p.unknown_demand, 6),
                "asks": p.asks,
                "effective_asks": round(p.effective_asks, 3),
                "icp_share": None if p.icp_share is None else round(p.icp_share, 4),
                "icp_share_interval": None
                if p.interval is None
                else [round(p.interval.low or 0.0, 4), round(p.interval.high or 0.0, 4)],
            }
            for p in trend.periods
        ],
        "verdicts": [
            {
                "period": v.label,
                "text": v.text,
                "baseline": list(v.baseline),
                "off_icp_share_before": round(v.before, 4),
                "off_icp_share_after": round(v.after, 4),
                "change_interval": [round(v.change.low or 0.0, 4), round(v.change.high or 0.0, 4)],
            }
            for v in trend.verdicts
        ],
        "asks_dated": {how.value: n for how, n in sorted(trend.dated.items(), key=lambda x: x[0].value)},
        "asks_before_since": trend.before_since,
        "notes": list(trend.notes),
    }


def trend_json(trend: Trend) -> str:
    return json.dumps(trend_data(trend), indent=2, ensure_ascii=False) + "\n"


def trend_csv(trend: Trend) -> str:
    """One row per period, every class a column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "period",
            "start",
            "end",
            *[f"demand_{k}" for k in RequestClass],
            "icp_demand",
            "off_icp_demand",
            "unknown_demand",
            "asks",
            "icp_share",
            "icp_share_low",
            "icp_share_high",
        ]
    )
    for p in trend.periods:
        low, high = (p.interval.low, p.interval.high) if p.interval else (None, None)
        writer.writerow(
            [
                p.label,
                p.start.isoformat(),
                p.end.isoformat(),
                *[f"{p.demand.get(k, 0.0):g}" for k in RequestClass],
                f"{p.icp_demand:g}",
                f"{p.off_icp_demand:g}",
                f"{p.unknown_demand:g}",
                p.asks,
                "" if p.icp_share is None else f"{p.icp_share:.4f}",
                "" if low is None else f"{low:.4f}",
                "" if high is None else f"{high:.4f}",
            ]
        )
    return out.getvalue()


def trend_mermaid(trend: Trend) -> str:
    """A Mermaid ``xychart-beta`` of new ICP and off-profile demand per period (no fence)."""
    labels = ", ".join(f'"{p.label}"' for p in trend.periods)
    top = max([p.icp_demand for p in trend.periods] + [p.off_icp_demand for p in trend.periods] + [1.0])
    return (
        "xychart-beta\n"
        f'    title "{trend_title(trend)}: ICP (first line), off-profile (second)"\n'
        f"    x-axis [{labels}]\n"
        f'    y-axis "New demand" 0 --> {top * 1.1:.1f}\n'
        f"    line [{', '.join(f'{p.icp_demand:.1f}' for p in trend.periods)}]\n"
        f"    line [{', '.join(f'{p.off_icp_demand:.1f}' for p in trend.periods)}]\n"
    )


def trend_markdown(trend: Trend) -> str:
    """A job summary or a wiki page: verdicts, the chart, the table, the notes."""
    header, rows = period_rows(trend)
    lines = [f"## {trend_title(trend)}", "", *[f"**{line}**" for line in verdict_lines(trend)], ""]
    if trend.periods:
        lines += ["```mermaid", trend_mermaid(trend).rstrip("\n"), "```", ""]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        lines.append("")
    lines += [f"- {note}" for note in trend.notes]
    return "\n".join(lines) + "\n"


def trend_svg(trend: Trend) -> str:
    """The ICP and off-profile shares of new demand per period, the ICP share's 95% interval
    shaded, each verdict marked at its period."""
    labels = [p.label for p in trend.periods]
    icp = Line(
        "ICP share",
        [p.icp_share for p in trend.periods],
        band=[(p.interval.low or 0.0, p.interval.high or 0.0) if p.interval else None for p in trend.periods],
    )
    off = Line("Off-profile share", [None if p.icp_share is None else 1 - p.icp_share for p in trend.periods])
    marks = [Mark(labels.index(v.label), "rose" if v.rose else "fell") for v in trend.verdicts]
    return line_chart_svg(
        labels,
        [icp, off],
        title=f"ICP share of new demand per {trend.by}",
        description=" ".join(verdict_lines(trend)),
        y_label="Share of new demand",
        y_max=1.0,
        y_format=lambda v: f"{v:.0%}",
        marks=marks,
        ident="trend-chart",
    )
