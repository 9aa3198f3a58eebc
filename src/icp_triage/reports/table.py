"""Terminal tables (rich) for the ranked backlog, accounts and one account's fit.

Keys, titles, account names, reasons and attribute values are untrusted: each cell goes
through ``untrusted.one_line`` (or ``_clip``) so no escape sequence reaches the terminal.
"""

from __future__ import annotations

import io
import os
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
from icp_triage.reports.numbers import (
    ANTI_RESULT,
    amount,
    anti_points,
    attribute_text,
    counted,
    fit_text,
    percent,
)
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


PIPE_WIDTH = 140
"""Columns of a report that goes to a pipe or a file when ``COLUMNS`` is not set."""


def page_width(color: bool) -> int:
    """The width a text report is laid out for; ``color`` means a terminal.

    A terminal gets exactly its width, however narrow: wider lines would be cut or wrapped
    by the terminal itself. Not a terminal (a pipe, a file), ``COLUMNS`` when it is set, as
    other command-line tools do: ``icp-triage demo | head`` in an 80-column window was laid
    out for 140 and wrapped into a mess. Without it, a fixed 140, so the output does not
    depend on where it was produced (the goldens set ``COLUMNS=140``).
    """
    if color:
        return shutil.get_terminal_size((PIPE_WIDTH, 40)).columns
    given = os.environ.get("COLUMNS", "").strip()
    return int(given) if given.isdigit() and 0 < int(given) <= 10_000 else PIPE_WIDTH


def to_text(*renderables: RenderableType, color: bool = False, width: int | None = None) -> str:
    """Render to a string; ``color`` means a terminal: ANSI styles; the width is ``page_width``'s."""
    if width is None:
        width = page_width(color)
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


def focus_cell(item: RankedItem) -> str:
    """``! Warehouse-native analytics +1``: the first ICP problem the request addresses, how many
    more, and ``!`` when it is urgent or an account asking has an active trigger."""
    mark = "! " if item.urgent is not None or item.triggered else ""
    if not item.problems:
        return mark + "-"
    more = f" +{len(item.problems) - 1}" if len(item.problems) > 1 else ""
    return mark + _clip(item.problems[0].name, 18) + more


FOCUS_NOTE = "problem: the ICP problem it addresses; ! = urgent, or an account asking has a trigger"

TITLE_COMFORT = 24
"""Cells a title needs to be recognised ("Sync cohorts to Snowfla…"); below it a narrow
terminal's table hides its secondary columns to give the title room."""


SPARE_FIRST = ("ICP share", "requesters")
"""The ranked table's columns a narrow terminal hides first, in this order, to give the title
``TITLE_COMFORT`` cells: the share (ICP value over demand, both still shown), then the tier
mix (the class sums it up). ``#`` against ``raw #`` is the tool's whole point, and the
figures, the key and the class are what a row is: they are never hidden (an 80-column
terminal hid ``raw #`` first, which left the ICP rank with nothing to compare to). A column
added to the table that a reader can spare goes into this order."""


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
    table = Table(
        title=f"Ranked backlog: {counted(len(backlog.ranked), 'request')} by ICP value", box=box.SIMPLE_HEAD
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("raw #", justify="right", style="dim", no_wrap=True)
    table.add_column("key", no_wrap=True, min_width=12)
    table.add_column("title", no_wrap=True)
    table.add_column("class", no_wrap=True)
    table.add_column("ICP value", justify="right", no_wrap=True)
    table.add_column("demand", justify="right", no_wrap=True)
    table.add_column("ICP share", justify="right", no_wrap=True)
    table.add_column("requesters", no_wrap=True)
    if backlog.focus:
        table.add_column("problem", no_wrap=True)
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
            *([focus_cell(item)] if backlog.focus else []),
        )
    cut = _cut_caption(top, len(backlog.ranked), by_option=by_option)
    # a legend only for a mark some row carries: "? = low confidence" under a table without one misleads
    legend = (
        "? = low confidence (a requester's fit is unknown)" if any(i.low_confidence for i in items) else None
    )
    focus = FOCUS_NOTE if backlog.focus else None  # also names the problem column
    table.caption = "\n".join(filter(None, [cut, legend, focus]))
    return Fitted(
        table,
        shrink={"title": 10, "requesters": 10, "problem": 8},
        drop=(("problem",) if backlog.focus else ()) + SPARE_FIRST,
        comfort={"title": TITLE_COMFORT},
    )


def opportunistic_table(backlog: Backlog, *, top: int | None = None, by_option: bool = True) -> Fitted:
    items = backlog.opportunistic[:top] if top else backlog.opportunistic
    table = Table(
        title=f"Feature opportunism: {counted(len(backlog.opportunistic), 'request')} driven by off-profile demand",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("raw #", justify="right", style="dim", no_wrap=True)
    table.add_column("key", no_wrap=True, min_width=12)
    table.add_column("title", no_wrap=True)
    table.add_column("off-ICP demand", justify="right", no_wrap=True)
    table.add_column("ICP share", justify="right", no_wrap=True)
    table.add_column("accounts behind it", no_wrap=True)
    if backlog.focus:
        table.add_column("problem", no_wrap=True)
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
            *([focus_cell(item)] if backlog.focus else []),
        )
    table.caption = _cut_caption(top, len(backlog.opportunistic), by_option=by_option)
    # Its raw rank stays at any width: "would be #1 by raw demand" is what the table shows.
    return Fitted(
        table,
        shrink={"title": 10, "accounts behind it": 18, "problem": 8},
        drop=("problem",) if backlog.focus else (),
    )


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
        title=f"Unattributed: {counted(len(backlog.unattributed), 'request')} with no known account",
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
    table = Table(title=counted(len(accounts), "account"), box=box.SIMPLE_HEAD)
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
    return [head, criteria_table(fit)]


def criteria_table(fit: Fit, *, title: str | None = None) -> Fitted:
    """One account's criteria and anti signals, as ``fit`` and ``explain`` both show them.

    Fitted to the width like every other table, with the same border: ``explain``'s own
    copy wrapped at 80 columns in a 140-column terminal, in another border style.
    """
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    for name in ("criterion", "rule", "value", "result", "points"):
        table.add_column(name, justify="right" if name == "points" else "left")
    style = {"met": "green", "missed": "red", "unknown": "dim"}
    for c in fit.criteria:
        value = "-" if c.value is None else _clip(_value_text(c.value), 40)
        result = c.status + (f" ({c.note})" if c.note and c.note != "no value" else "")
        table.add_row(
            one_line(c.attribute),
            one_line(c.rule),
            value,
            Text(result, style=style[c.status]),
            f"{c.points:g}/{c.weight:g}",
        )
    for a in fit.anti:
        value = "-" if a.value is None else _clip(_value_text(a.value), 40)
        table.add_row(
            f"anti: {one_line(a.attribute)}",
            one_line(a.rule),
            value,
            Text(ANTI_RESULT[a.status], style="bold red" if a.status == "met" else "dim"),
            anti_points(a.status, a.penalty, a.disqualify),
        )
    return Fitted(table, shrink={"rule": 12, "value": 10, "result": 6})


def _value_text(value: object) -> str:
    return attribute_text(value)
