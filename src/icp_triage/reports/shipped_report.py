"""``shipped`` in five formats, and its accounts list (``--accounts``) in three.

The adherence views (table, JSON, CSV, Markdown, HTML) hold classes, efforts and shares
only, never an account: the Action's job summary and published pages use them. The accounts
list names every account that asked for a shipped request, for a customer-success team to
tell them; it is CSV, JSON or a terminal table, never Markdown or HTML (the formats made to
be published), and never built from a report that went through ``tier_only``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Sequence

from icp_triage.core.shipped import Adherence, Period, ShippedItem, ShippedReport
from icp_triage.core.tiers import RequestClass
from icp_triage.core.untrusted import clip, md_text, one_line
from icp_triage.reports.csv_report import write_rows

BACKLOG = "open backlog"
ACCOUNT_FORMATS = ("csv", "json", "table")


def share(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def number(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _title(report: ShippedReport) -> str:
    since = f" since {report.since.isoformat()}" if report.since else ""
    return (
        f"Shipped: requests closed as completed, by {report.by}{since} "
        f"(profile {report.profile_name} {report.profile_version})"
    )


def _rows(report: ShippedReport) -> Iterator[tuple[str, Adherence]]:
    for period in report.periods:
        yield period.label, period.adherence
    yield BACKLOG, report.backlog


def _cell(adherence: Adherence, klass: RequestClass) -> str:
    part = adherence.of(klass)
    return f"{share(part.share)} ({number(part.effort)})"


def _grid(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]


def shipped_table(report: ShippedReport) -> str:
    head = ["period", "requests", "effort", *(str(k) for k in RequestClass)]
    rows = [head] + [
        [label, str(a.requests), number(a.effort), *(_cell(a, k) for k in RequestClass)]
        for label, a in _rows(report)
    ]
    lines = [
        _title(report),
        *report.notes,
        "",
        "Share of effort by class (effort in brackets):",
        *_grid(rows),
    ]
    for period in report.periods:
        lines += ["", f"{period.label}:"]
        lines += _grid([_item_row(i) for i in period.items])
    if not report.periods:
        lines += ["", "No request closed as completed in this span."]
    return "\n".join(lines) + "\n"


def _item_row(item: ShippedItem) -> list[str]:
    effort = number(item.effort) + (" (median)" if item.effort_assumed else "")
    return ["  " + item.key, clip(item.title, 50), str(item.klass), effort]


def _adherence_json(adherence: Adherence) -> dict[str, object]:
    return {
        "requests": adherence.requests,
        "effort": adherence.effort,
        "classes": {
            str(s.klass): {
                "requests": s.requests,
                "effort": s.effort,
                "share": None if s.share is None else round(s.share, 4),
            }
            for s in adherence.shares
        },
    }


def _item_json(item: ShippedItem, *, accounts: bool = False) -> dict[str, object]:
    found: dict[str, object] = {
        "key": item.key,
        "title": item.title,
        "url": item.url,
        "closed_at": item.closed_at.isoformat() if item.closed_at else None,
        "class": str(item.klass),
        "effort": item.effort,
        "effort_assumed": item.effort_assumed,
    }
    if accounts:
        found["accounts"] = [
            {"id": a.account_id, "name": a.name, "tier": str(a.tier), "signal": a.signal} for a in item.askers
        ]
    return found


def shipped_json(report: ShippedReport) -> str:
    document = {
        "by": report.by,
        "since": report.since.isoformat() if report.since else None,
        "profile": {"name": report.profile_name, "version": report.profile_version},
        "notes": list(report.notes),
        "periods": [
            {
                "period": p.label,
                "start": p.start.isoformat(),
                **_adherence_json(p.adherence),
                "shipped": [_item_json(i) for i in p.items],
            }
            for p in report.periods
        ],
        "backlog": _adherence_json(report.backlog),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def shipped_csv(report: ShippedReport) -> str:
    return write_rows(
        ["period", "class", "requests", "effort", "share"],
        (
            [label, str(s.klass), s.requests, s.effort, "" if s.share is None else round(s.share, 4)]
            for label, adherence in _rows(report)
            for s in adherence.shares
        ),
    )


def adherence_markdown(report: ShippedReport, periods: Sequence[Period] | None = None) -> list[str]:
    """The shares table as Markdown lines: ``periods`` (all by default) and the open backlog."""
    chosen = report.periods if periods is None else periods
    classes = list(RequestClass)
    lines = [
        "| Period | Requests | Effort | " + " | ".join(str(k) for k in classes) + " |",
        "|---|---:|---:|" + "---:|" * len(classes),
    ]
    for label, adherence in [*((p.label, p.adherence) for p in chosen), (BACKLOG, report.backlog)]:
        cells = [
            label,
            str(adherence.requests),
            number(adherence.effort),
            *(_cell(adherence, k) for k in classes),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def shipped_markdown(report: ShippedReport) -> str:
    lines = [f"## {md_text(_title(report))}", "", *(f"_{md_text(n)}_" for n in report.notes), ""]
    lines += ["Share of effort by class (effort in brackets):", "", *adherence_markdown(report)]
    for period in report.periods:
        lines += ["", f"### {period.label}", ""]
        for item in period.items:
            name = f"[{md_text(item.key)}]({item.url})" if item.url else md_text(item.key)
            median = " (median)" if item.effort_assumed else ""
            lines.append(
                f"- {name} {md_text(item.title)}: {item.klass}, effort {number(item.effort)}{median}"
            )
    return "\n".join(lines) + "\n"


def shipped_html(report: ShippedReport) -> str:
    e = html.escape
    classes = list(RequestClass)
    head = "".join(f"<th>{e(str(k))}</th>" for k in classes)
    rows = "".join(
        f"<tr><th>{e(label)}</th><td>{a.requests}</td><td>{e(number(a.effort))}</td>"
        + "".join(f"<td>{e(_cell(a, k))}</td>" for k in classes)
        + "</tr>"
        for label, a in _rows(report)
    )
    sections = []
    for period in report.periods:
        items = "".join(
            f"<li>{_link(i)} {e(one_line(i.title))}: {e(str(i.klass))}, effort {e(number(i.effort))}"
            f"{' (median)' if i.effort_assumed else ''}</li>"
            for i in period.items
        )
        sections.append(f"<h2>{e(period.label)}</h2><ul>{items}</ul>")
    notes = "".join(f"<p class=note>{e(n)}</p>" for n in report.notes)
    return (
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8>"
        f"<title>{e(_title(report))}</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}.note{color:#555}</style>"
        f"</head><body><h1>{e(_title(report))}</h1>{notes}"
        f"<table><thead><tr><th>period</th><th>requests</th><th>effort</th>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table>{''.join(sections)}</body></html>\n"
    )


def _link(item: ShippedItem) -> str:
    key = html.escape(item.key)
    if item.url and item.url.startswith(("https://", "http://")):
        return f'<a href="{html.escape(item.url)}">{key}</a>'
    return key


def render_shipped(report: ShippedReport, fmt: str) -> str:
    renderers = {
        "table": shipped_table,
        "json": shipped_json,
        "csv": shipped_csv,
        "markdown": shipped_markdown,
        "html": shipped_html,
    }
    return renderers[fmt](report)


# -- the accounts list: names customers, never published --------------------------------------


def accounts_csv(report: ShippedReport) -> str:
    def rows() -> Iterator[list[object]]:
        for period in report.periods:
            for item in period.items:
                base = [
                    period.label,
                    item.closed_at.isoformat() if item.closed_at else "",
                    item.key,
                    item.title,
                ]
                base += [item.url or "", str(item.klass)]
                for asker in item.askers or [None]:
                    if asker is None:
                        yield [*base, "", "", "", ""]
                    else:
                        yield [*base, asker.account_id, asker.name, str(asker.tier), asker.signal]

    return write_rows(
        ["period", "closed_at", "key", "title", "url", "class", "account_id", "account", "tier", "signal"],
        rows(),
    )


def accounts_json(report: ShippedReport) -> str:
    document = {
        "notes": list(report.notes),
        "shipped": [
            {"period": p.label, **_item_json(i, accounts=True)} for p in report.periods for i in p.items
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def accounts_table(report: ShippedReport) -> str:
    lines = [_title(report), *report.notes]
    for period in report.periods:
        for item in period.items:
            lines += ["", f"{item.key}  {clip(item.title, 60)}  ({period.label}, {item.klass})"]
            for a in item.askers:
                lines.append(f"  {clip(a.name, 40)} ({a.account_id}), tier {a.tier}: {one_line(a.signal)}")
            if not item.askers:
                lines.append("  no known account asked")
    return "\n".join(lines) + "\n"


def render_accounts(report: ShippedReport, fmt: str) -> str:
    return {"csv": accounts_csv, "json": accounts_json, "table": accounts_table}[fmt](report)
