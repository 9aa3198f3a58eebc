"""Self-contained HTML reports: one file with inline CSS, inline SVG and a small inline script.

Why this shape: the report is mailed, attached to a ticket or opened from a CI artifact, often
offline, so it loads nothing (a Content-Security-Policy of ``default-src 'none'`` makes sure);
the script that sorts and filters is allowed by its SHA-256 hash, so even a tag smuggled into
a title could not run. Jinja2 autoescapes every value. Large backlogs are capped at
``max_rows`` rows per table with a note (100k rows would make a 50 MB page no browser
scrolls comfortably); CSV and JSON carry everything.

Jinja2 is imported inside ``_environment`` so commands that never render HTML do not pay for it.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from icp_triage import __version__
from icp_triage.core.backlog import Backlog
from icp_triage.core.disclosure import tier_only
from icp_triage.core.explain import Explanation
from icp_triage.core.fit import Fit, best_first, tier_counts
from icp_triage.core.models import Account
from icp_triage.core.planning import Plan
from icp_triage.core.readings import problem_readings
from icp_triage.core.tiers import TALLY_ORDER, RequestClass, tier_rank
from icp_triage.core.trend import Trend
from icp_triage.core.untrusted import one_line
from icp_triage.reports.chart_labels import place_labels
from icp_triage.reports.enrich_report import HEADER, INTRO, SECTION_ROWS, enrich_rows
from icp_triage.reports.explain_report import arithmetic, explain_headline
from icp_triage.reports.markdown import READING_ROWS, safe_url
from icp_triage.reports.numbers import ANTI_RESULT, amount, attribute_text, fit_text, percent
from icp_triage.reports.plan_report import PLACE_NOTE, place, summary
from icp_triage.reports.quadrant import QUADRANTS, X_AXIS, Point, chart_points, point_label
from icp_triage.reports.top import plan_rule, rule

MAX_ROWS = 1000
CHART_POINTS = 300
CHART_LABELS = 8


def _asset(name: str) -> str:
    return resources.files("icp_triage.reports").joinpath("templates").joinpath(name).read_text("utf-8")


@cache
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("icp_triage.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
        finalize=_inert,
    )
    env.filters.update(
        amount=amount,
        percent=percent,
        fit=fit_text,
        safe_url=safe_url,
        effort=_effort,
        value=_value,
        place=place,
        anti_result=ANTI_RESULT.__getitem__,  # "triggered" / "clear", as the terminal says
    )
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    env.globals.update(
        css=_markup(_asset("report.css")),
        script=_markup(script),
        script_hash=f"sha256-{digest}",
        version=__version__,
        # what the tables' filters offer: tiers as their tallies list them, classes in order
        tier_order=TALLY_ORDER,
        classes=tuple(RequestClass),
        ranked_classes=(RequestClass.ICP_CORE, RequestClass.MIXED),
        enrich_intro=INTRO,
        enrich_header=HEADER,
    )
    return env


def _inert(value: Any) -> Any:
    """Every text a template prints without control or bidi-override characters, as the table
    and Markdown show it (``untrusted.one_line``); our own markup (CSS, script) passes as is."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return one_line(value)
    return value


def _markup(text: str) -> Any:
    from markupsafe import Markup

    return Markup(text)


def _effort(value: float | None, assumed: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:g}" + ("*" if assumed else "")


def _value(value: object) -> str:
    return attribute_text(value)


def _render(template: str, **context: Any) -> str:
    return str(_environment().get_template(template).render(**context))


def svg_chart(points: list[Point], *, labels: int = CHART_LABELS) -> dict[str, Any]:
    """Coordinates for the inline SVG quadrant chart (the template draws them)."""
    width, height, left, top, right, bottom = 640, 420, 34, 14, 14, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    pad = 12  # keeps dots at 0% and 100% off the frame
    # Above the most demanded dot and below the least, room for the quadrant titles, so a dot
    # at the top-left (the biggest temptation) never covers "Opportunism".
    pad_top, pad_bottom = 30, 26
    drawn: list[dict[str, Any]] = []
    at: dict[tuple[float, float], dict[str, Any]] = {}
    for p in points:
        cx = round(left + pad + p.x * (plot_w - 2 * pad), 1)
        cy = round(top + pad_top + (1 - p.y) * (plot_h - pad_top - pad_bottom), 1)
        tip = f"{p.key}: {' '.join(p.title.split())[:120]} ({p.klass}, ICP share {percent(p.icp_share)}, demand {p.demand:.4g})"
        if (cx, cy) in at:  # the same values: one dot with a count, not three dots drawn as one
            same = at[(cx, cy)]
            same["count"] += 1
            same["r"] = 8
            same["tips"].append(tip)
            continue
        at[(cx, cy)] = point = {
            "key": p.key,
            "klass": p.klass,
            "cx": cx,
            "cy": cy,
            "r": 5,
            "count": 1,
            "tips": [tip],
            "label": point_label(p),
        }
        drawn.append(point)
    quadrants = [
        {"x": left + plot_w - 6, "y": top + 16, "anchor": "end", "text": QUADRANTS["quadrant-1"]},
        {"x": left + 6, "y": top + 16, "anchor": "start", "text": QUADRANTS["quadrant-2"]},
        {"x": left + 6, "y": top + plot_h - 8, "anchor": "start", "text": QUADRANTS["quadrant-3"]},
        {"x": left + plot_w - 6, "y": top + plot_h - 8, "anchor": "end", "text": QUADRANTS["quadrant-4"]},
    ]
    return {
        "width": width,
        "height": height,
        "left": left,
        "top": top,
        "plot_w": plot_w,
        "plot_h": plot_h,
        "points": drawn,
        "requests": len(points),  # the dots are fewer where requests coincide
        "labels": place_labels(drawn, quadrants, (left, top, left + plot_w, top + plot_h), limit=labels),
        "quadrants": quadrants,
        "x_axis": X_AXIS,
    }


def _cap(max_rows: int | None, top: int | None) -> int:
    """Rows per table: ``top`` when given (the cut every format makes), else ``max_rows``."""
    return top if top else (max_rows or MAX_ROWS)


def backlog_html(
    backlog: Backlog,
    *,
    top: int | None = None,
    max_rows: int = MAX_ROWS,
    names: bool = True,
    headline: str | None = None,
    unknown_fit: float = 0.5,
    generated: datetime | None = None,
) -> str:
    """The ranked backlog page: chart, ranked, opportunistic, unknown-fit and unattributed tables,
    and the accounts to enrich (not in a tier-only page: they are named).

    ``names=False`` renders the backlog's tier-only view (``core.disclosure.tier_only``):
    tiers instead of accounts, and amounts in median accounts instead of revenue.
    """
    if not names:
        backlog = tier_only(backlog)
    cap = _cap(max_rows, top)
    return _render(
        "backlog.html.j2",
        profile_name=backlog.profile_name,
        profile_version=backlog.profile_version,
        weight_by=backlog.weight_by,
        headline=headline,
        ranked=backlog.ranked[:cap],
        ranked_total=len(backlog.ranked),
        opportunistic=backlog.opportunistic[:cap],
        opportunistic_total=len(backlog.opportunistic),
        unknown_fit_items=backlog.unknown_fit[:cap],
        unknown_fit_total=len(backlog.unknown_fit),
        enrich=enrich_rows(backlog, rows=SECTION_ROWS) if names else [],
        unattributed=backlog.unattributed[:cap],
        unattributed_total=len(backlog.unattributed),
        chart=svg_chart(chart_points(backlog, limit=CHART_POINTS)),
        names=names,
        unknown_fit=unknown_fit,
        generated=_stamp(generated),
        top_rule=rule(top) if top else None,
        focus=backlog.focus,
        readings=problem_readings(backlog),
        reading_rows=READING_ROWS,
    )


def _stamp(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC") if when else ""


def accounts_html(
    accounts: Mapping[str, Account], fits: Mapping[str, Fit], *, max_rows: int = 5 * MAX_ROWS
) -> str:
    """Every account with tier, fit, coverage and ARR; sortable and filterable by tier."""
    keys = best_first(fits)
    rows = [
        {"account": accounts[k], "fit": fits[k], "order": tier_rank(fits[k].tier)} for k in keys[:max_rows]
    ]
    counts = {t: n for t, n in tier_counts(fits).items() if n}
    return _render("accounts.html.j2", rows=rows, total=len(keys), tiers=counts, generated="")


def enrich_html(backlog: Backlog) -> str:
    """``accounts --enrich``: every unknown-fit account by the demand it carries (core.enrich)."""
    rows = enrich_rows(backlog)
    return _render("enrich.html.j2", enrich=rows, generated="")


def explain_html(e: Explanation) -> str:
    """One request's accounts, arithmetic and fits."""
    return _render("explain.html.j2", e=e, maths=arithmetic(e), headline=explain_headline(e), generated="")


def trend_html(trend: Trend) -> str:
    """The trend page: verdicts, the shares' line chart (inline SVG), the periods, the notes."""
    from icp_triage.reports.trend_report import period_rows, trend_svg, trend_title, verdict_lines

    header, rows = period_rows(trend)
    return _render(
        "trend.html.j2",
        title=trend_title(trend),
        verdicts=verdict_lines(trend),
        chart=_markup(trend_svg(trend)) if trend.periods else None,
        header=header,
        rows=rows,
        notes=trend.notes,
        generated="",
    )


def plan_html(plan: Plan, *, top: int | None = None, max_rows: int = MAX_ROWS) -> str:
    """The sprint plan: chosen, deferred with reasons, method and guarantee.

    Both tables hold at most ``top`` rows, else ``max_rows``, with a note: a large capacity
    can choose tens of thousands of requests, as many as a backlog page would show.
    """
    cap = _cap(max_rows, top)
    return _render(
        "plan.html.j2",
        plan=plan,
        chosen=plan.chosen[:cap],
        deferred=plan.deferred[:cap],
        summary=summary(plan),
        place_note=PLACE_NOTE,
        generated="",
        top_rule=plan_rule(top) if top else None,
    )
