"""Terminal tables (rich) for the ranked backlog, accounts and one account's fit.

Keys, titles, account names, reasons and attribute values are untrusted: each cell goes
through ``untrusted.one_line`` (or ``_clip``) so no escape sequence reaches the terminal.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Mapping, Sequence

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from icp_triage.core.backlog import Backlog, RankedItem
from icp_triage.core.enrich import Enrichment
from icp_triage.core.fit import Fit, best_first
from icp_triage.core.models import Account
from icp_triage.core.tiers import RequestClass, Tier, tier_rank
from icp_triage.core.untrusted import clip, one_line
from icp_triage.reports.layout import Behind, Fitted
from icp_triage.reports.numbers import ANTI_RESULT, amount, anti_points, fit_text, percent
from icp_triage.reports.top import rule

TIER_STYLE = {
    Tier.A: "bold green",
    Tier.B: "green",
    Tier.C: "yellow",
    Tier.D: "red",
    Tier.ANTI: "bold red",
    Tier.UNKNOWN: "dim",
}
CLASS_STYLE = {
    RequestClass.ICP_CORE: "bold green",
    RequestClass.MIXED: "yellow",
    RequestClass.OPPORTUNISTIC: "bold red",
    RequestClass.UNKNOWN_FIT: "magenta",
    RequestClass.UNATTRIBUTED: "dim",
}


def to_text(*renderables: RenderableType, color: bool = False, width: int | None = None) -> str:
    """Render to a string; ``color`` means a terminal: ANSI styles and the terminal's own width.

    Not a terminal (a pipe, a file), the width is a fixed 140 so the output does not depend
    on where it was produced. A terminal gets exactly its width, however narrow: wider lines
    would be cut or wrapped by the terminal itself.
    """
    if width is None:
        width = shutil.get_terminal_size((140, 40)).columns if color else 140
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        markup=False,
    )
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()


def _tiers(item: RankedItem) -> Text:
    """``3xA 1xB 1xunknown``: how many requesters of each tier, best first."""
    counts: dict[Tier, int] = {}
    for c in item.contributions:
        counts[c.tier] = counts.get(c.tier, 0) + 1
    text = Text()
    for tier in sorted(counts, key=tier_rank):
        if text:
            text.append(" ")
        text.append(f"{counts[tier]}x{tier}", style=TIER_STYLE[tier])
    return text


TITLE_COMFORT = 24
"""Cells a title needs to be recognised ("Sync cohorts to Snowfla…"); below it a narrow
terminal's table hides its secondary columns to give the title room."""


def _clip(text: str, width: int = 48) -> str:
    return clip(text, width)


def _cut_caption(shown: int | None, total: int, *, by_option: bool) -> str | None:
    """What the caption says when a table shows fewer rows than its list holds."""
    if not shown or total <= shown:
        return None
    if by_option:
        return f"first {shown} of {total}: {rule(shown)}"
    return f"first {shown} of {total}; --top N shows more, --format csv or json lists all"


def ranked_table(backlog: Backlog, *, top: int | None = None, by_option: bool = True) -> Fitted:
    items = backlog.ranked[:top] if top else backlog.ranked
    table = Table(title=f"Ranked backlog: {len(backlog.ranked)} requests by ICP value", box=box.SIMPLE_HEAD)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("raw #", justify="right", style="dim", no_wrap=True)
    table.add_column("key", no_wrap=True, min_width=12)
    table.add_column("title", no_wrap=True)
    table.add_column("class", no_wrap=True)
    table.add_column("ICP value", justify="right", no_wrap=True)
    table.add_column("demand", justify="right", no_wrap=True)
    table.add_column("ICP share", justify="right", no_wrap=True)
    table.add_column("requesters", no_wrap=True)
    for item in items:
        flag = " ?" if item.low_confidence else ""
        table.add_row(
            str(item.rank),
            f"#{item.demand_rank}",
            one_line(item.key),
            _clip(item.title, 40),
            Text(item.klass, style=CLASS_STYLE[item.klass]),
            amount(item.icp_value, backlog.weight_by) + flag,
            amount(item.demand, backlog.weight_by),
            percent(item.icp_share),
            _tiers(item),
        )
    cut = _cut_caption(top, len(backlog.ranked), by_option=by_option)
    table.caption = "\n".join(filter(None, [cut, "? = low confidence (a requester's fit is unknown)"]))
    # Under about 90 columns the title would be cut to a word or two: the raw rank and the
    # share (ICP value over demand, both still shown) make room for it first.
    return Fitted(
        table,
        shrink={"title": 10, "requesters": 10},
        drop=("raw #", "ICP share"),
        comfort={"title": TITLE_COMFORT},
    )


def opportunistic_table(backlog: Backlog, *, top: int | None = None, by_option: bool = True) -> Fitted:
    items = backlog.opportunistic[:top] if top else backlog.opportunistic
    table = Table(
        title=f"Feature opportunism: {len(backlog.opportunistic)} requests driven by off-profile demand",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("raw #", justify="right", style="dim", no_wrap=True)
    table.add_column("key", no_wrap=True, min_width=12)
    table.add_column("title", no_wrap=True)
    table.add_column("off-ICP demand", justify="right", no_wrap=True)
    table.add_column("ICP share", justify="right", no_wrap=True)
    table.add_column("accounts behind it", no_wrap=True)
    for item in items:
        behind = sorted(item.contributions, key=lambda c: (-c.demand, c.account_id))
        who = Behind(
            ((one_line(c.name), c.tier, TIER_STYLE[c.tier]) for c in behind[:2]),
            more=max(0, len(behind) - 2),
        )
        table.add_row(
            str(item.rank),
            f"#{item.demand_rank}",
            one_line(item.key),
            _clip(item.title, 40),
            amount(item.off_icp_demand, backlog.weight_by),
            percent(item.icp_share),
            who,
        )
    table.caption = _cut_caption(top, len(backlog.opportunistic), by_option=by_option)
    # Its raw rank stays at any width: "would be #1 by raw demand" is what the table shows.
    return Fitted(table, shrink={"title": 10, "accounts behind it": 18})


def unknown_fit_table(backlog: Backlog, *, top: int | None = None, by_option: bool = True) -> Fitted:
    """Requests asked for only by accounts of unknown fit, most demand first: neither ICP nor
    off-profile until the CRM says more (``accounts --enrich`` says what to look up)."""
    items = backlog.unknown_fit[:top] if top else backlog.unknown_fit
    table = Table(
        title=f"Unknown fit: {len(backlog.unknown_fit)} requests asked for only by accounts of unknown fit",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("raw #", justify="right", style="dim", no_wrap=True)
    table.add_column("key", no_wrap=True, min_width=12)
    table.add_column("title", no_wrap=True)
    table.add_column("demand", justify="right", no_wrap=True)
    table.add_column("accounts behind it", no_wrap=True)
    for item in items:
        behind = sorted(item.contributions, key=lambda c: (-c.demand, c.account_id))
        table.add_row(
            str(item.rank),
            f"#{item.demand_rank}",
            one_line(item.key),
            _clip(item.title, 40),
            amount(item.demand, backlog.weight_by),
            ", ".join(one_line(c.name) for c in behind[:2])
            + (f" +{len(behind) - 2}" if len(behind) > 2 else ""),
        )
    table.caption = _cut_caption(top, len(backlog.unknown_fit), by_option=by_option)
    return Fitted(table, shrink={"title": 10, "accounts behind it": 18})


def unattributed_table(backlog: Backlog, *, top: int | None = None, by_option: bool = True) -> Fitted:
    items = backlog.unattributed[:top] if top else backlog.unattributed
    table = Table(
        title=f"Unattributed: {len(backlog.unattributed)} requests with no known account",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("key", no_wrap=True, min_width=12)
    table.add_column("title", no_wrap=True)
    table.add_column("why", no_wrap=True)
    for item in items:
        reason = item.reasons[0] if item.reasons else ""
        more = f" (+{len(item.reasons) - 1} more)" if len(item.reasons) > 1 else ""
        table.add_row(one_line(item.key), _clip(item.title, 36), _clip(reason, 64) + more)
    table.caption = _cut_caption(top, len(backlog.unattributed), by_option=by_option)
    return Fitted(table, shrink={"title": 10, "why": 16})


TABLE_ROWS = 100
"""Rows per terminal table when no --top is given: rich takes over a minute on 100k rows,
and nobody reads that many in a terminal; without --top, CSV and JSON list everything."""


def backlog_tables(backlog: Backlog, *, top: int | None = None) -> list[RenderableType]:
    """The tables (ranked, opportunistic, unknown-fit when any, unattributed): the first ``top`` rows of each list, else the first ``TABLE_ROWS``."""
    by_option = top is not None
    rows = top or TABLE_ROWS
    return [
        ranked_table(backlog, top=rows, by_option=by_option),
        opportunistic_table(backlog, top=rows, by_option=by_option),
        *([unknown_fit_table(backlog, top=rows, by_option=by_option)] if backlog.unknown_fit else []),
        unattributed_table(backlog, top=rows, by_option=by_option),
    ]


def enrich_table(found: Sequence[Enrichment], weight_by: str) -> Fitted:
    """``accounts --enrich``: the unknown-fit accounts by the demand they carry (core.enrich)."""
    table = Table(
        title=f"Accounts to enrich: {len(found)} of unknown fit, by the demand they carry",
        box=box.SIMPLE_HEAD,
    )
    for name, justify in (("id", "left"), ("name", "left"), ("demand", "right"), ("requests", "right")):
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    table.add_column("lacks")
    table.add_column("if all met", no_wrap=True)
    table.add_column("if none met", no_wrap=True)
    for e in found:
        table.add_row(
            one_line(e.account_id),
            _clip(e.name, 30),
            amount(e.demand, weight_by),
            str(e.requests),
            _clip(e.lacking_text, 60) or "-",
            f"{e.if_met}: {len(e.changed_if_met)} change class",
            f"{e.if_missed}: {len(e.changed_if_missed)} change class",
        )
    table.caption = "if all met / none met: the tier with every criterion it lacks met or missed, and how many of its requests would change class"
    return Fitted(table, shrink={"name": 12, "lacks": 16})


def accounts_table(accounts: Mapping[str, Account], fits: Mapping[str, Fit]) -> Fitted:
    """One line per account at any width: the name and the summary give way (``fit ID`` has the rest)."""
    table = Table(title=f"{len(accounts)} accounts", box=box.SIMPLE_HEAD)
    for name, justify in (
        ("id", "left"),
        ("name", "left"),
        ("tier", "left"),
        ("fit", "right"),
        ("coverage", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column("why")
    for key in best_first(fits):
        fit = fits[key]
        table.add_row(
            one_line(key),
            _clip(accounts[key].display_name, 30),
            Text(fit.tier, style=TIER_STYLE[fit.tier]),
            fit_text(fit.fit),
            percent(fit.coverage),
            _clip(fit.summary, 60),
        )
    return Fitted(table, shrink={"name": 12, "why": 20})


def fit_table(account: Account, fit: Fit) -> list[RenderableType]:
    head = Text()
    head.append(f"{one_line(account.display_name)} ({one_line(account.id)}): tier ")
    head.append(fit.tier, style=TIER_STYLE[fit.tier])
    head.append(f", fit {fit_text(fit.fit)}, coverage {percent(fit.coverage)}\n{one_line(fit.summary)}")
    table = Table(box=box.SIMPLE_HEAD)
    for name in ("criterion", "rule", "value", "result", "points"):
        table.add_column(name, justify="right" if name == "points" else "left")
    style = {"met": "green", "missed": "red", "unknown": "dim"}
    for c in fit.criteria:
        value = "-" if c.value is None else _clip(_value_text(c.value), 30)
        result = c.status + (f" ({c.note})" if c.note and c.note != "no value" else "")
        table.add_row(
            one_line(c.attribute),
            one_line(c.rule),
            value,
            Text(result, style=style[c.status]),
            f"{c.points:g}/{c.weight:g}",
        )
    for a in fit.anti:
        value = "-" if a.value is None else _clip(_value_text(a.value), 30)
        table.add_row(
            f"anti: {one_line(a.attribute)}",
            one_line(a.rule),
            value,
            Text(ANTI_RESULT[a.status], style="bold red" if a.status == "met" else "dim"),
            anti_points(a.status, a.penalty, a.disqualify),
        )
    return [head, table]


def _value_text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)
