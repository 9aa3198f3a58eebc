"""GitHub-flavoured Markdown reports: the ranked backlog (a job summary) and the accounts.

Titles and account names are untrusted (anyone can open an issue), so every piece of text
goes through ``md_text``: one line without control characters (``untrusted.one_line``), Markdown punctuation backslash-escaped, ``<``, ``>`` and
``&`` as entities (no raw HTML reaches GitHub's renderer), and a zero-width joiner after
every ``@`` so ``@org/team`` in a title never pings anyone. Links are only ``http(s)``.

A job summary may hold at most 1 MiB per step
(https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions#step-isolation-and-limits);
``backlog_markdown`` stops adding rows before ``max_bytes`` and says how many it left out.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import quote, urlsplit

from icp_triage import __version__
from icp_triage.core.backlog import Backlog, RankedItem
from icp_triage.core.disclosure import IN_MEDIAN_ACCOUNTS, median_account_unit
from icp_triage.core.readings import problem_readings
from icp_triage.core.tiers import tier_rank
from icp_triage.core.untrusted import md_text
from icp_triage.reports.numbers import amount, counted, percent
from icp_triage.reports.quadrant import chart_points, quadrant_mermaid
from icp_triage.reports.top import rule

SUMMARY_LIMIT = 1024 * 1024
DEFAULT_MAX_BYTES = 1_000_000  # leaves room under SUMMARY_LIMIT for what else a step appends
CHART_POINTS = 25
UNATTRIBUTED_ROWS = 50
"""Unattributed requests listed when no --top is given; --top N lists N (within the budget)."""


def safe_url(url: str | None) -> str | None:
    """``url`` if it is http(s), with characters that would end a Markdown link encoded."""
    if not url:
        return None
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.casefold()
    except ValueError:
        return None
    if scheme not in ("http", "https"):
        return None
    return quote(url, safe=":/?#[]@!$&'*+,;=%~-._")


def md_link(text: str, url: str | None, *, width: int | None = None) -> str:
    """``[text](url)`` for an http(s) URL, else the escaped text alone."""
    label = md_text(text, width=width)
    target = safe_url(url)
    return f"[{label}]({target})" if target else label


def table(header: Sequence[str], align: str, rows: Sequence[Sequence[str]]) -> list[str]:
    """A GFM table; ``align`` has one of ``l``/``r`` per column; cells must be escaped already."""
    marks = {"l": "---", "r": "--:"}
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks[a] for a in align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


class Budget:
    """Adds lines while a byte budget lasts; remembers whether it had to stop."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def fits(self, line: str, reserve: int = 0) -> bool:
        return self.used + len(line.encode("utf-8")) + 1 + reserve <= self.limit

    def take(self, lines: Sequence[str]) -> list[str]:
        for line in lines:
            self.used += len(line.encode("utf-8")) + 1
        return list(lines)


def _tiers(item: RankedItem) -> str:
    return " ".join(sorted((c.tier for c in item.contributions), key=tier_rank)) or "-"


def _money(backlog: Backlog, *, names: bool) -> tuple[Callable[[float], str], str]:
    """How amounts print, and the footer's word for it.

    Under ``weight_by: arr`` amounts are revenue; a tier-only report (``names=False``, for a
    public job summary) shows them in median accounts instead (``core.disclosure``).
    """
    w = backlog.weight_by
    unit = None if names else median_account_unit(backlog)
    if unit is None:
        return (lambda value: amount(value, w)), f"weighted by {w}"
    return (lambda value: f"{value / unit:.1f}"), f"weighted by ARR, {IN_MEDIAN_ACCOUNTS}"


def _focus(item: RankedItem, *, names: bool) -> list[str]:
    """The problem cell: the ICP problems it addresses, ``‼`` when urgent (or, naming
    accounts, when one asking has an active trigger); empty when icp.yml declares none."""
    urgent = item.urgent is not None or (names and item.triggered)
    text = ", ".join(md_text(p.name, width=40) for p in item.problems) or "-"
    return [("‼ " if urgent else "") + text]


def _ranked_row(item: RankedItem, fmt: Callable[[float], str]) -> list[str]:
    flag = " ⚠" if item.low_confidence else ""
    return [
        str(item.rank),
        f"#{item.demand_rank}",
        md_link(item.key, item.url),
        md_text(item.title, width=80),
        item.klass,
        fmt(item.icp_value) + flag,
        fmt(item.demand),
        percent(item.icp_share),
        _tiers(item),
    ]


def _who(item: RankedItem, *, names: bool) -> str:
    behind = sorted(item.contributions, key=lambda c: (-c.demand, c.account_id))
    if not names:
        return ", ".join(c.tier for c in behind[:5]) + (f" +{len(behind) - 5}" if len(behind) > 5 else "")
    shown = [f"{md_text(c.name, width=30)} ({c.tier})" for c in behind[:3]]
    return ", ".join(shown) + (f" +{len(behind) - 3}" if len(behind) > 3 else "")


def _opportunistic_row(item: RankedItem, fmt: Callable[[float], str], *, names: bool) -> list[str]:
    return [
        str(item.rank),
        f"#{item.demand_rank}",
        md_link(item.key, item.url),
        md_text(item.title, width=60),
        fmt(item.off_icp_demand),
        percent(item.icp_share),
        _who(item, names=names),
    ]


def _unknown_fit_row(item: RankedItem, fmt: Callable[[float], str], *, names: bool) -> list[str]:
    return [
        str(item.rank),
        f"#{item.demand_rank}",
        md_link(item.key, item.url),
        md_text(item.title, width=60),
        fmt(item.demand),
        _who(item, names=names),
    ]


def take_rows(
    budget: Budget, header: list[str], rows: Iterable[list[str]], limit: int | None, reserve: int
) -> tuple[list[str], int]:
    """Take table rows while the budget (less ``reserve``) lasts; returns lines and rows shown.

    ``rows`` is consumed lazily: at 100k requests only the first thousand or so are rendered.
    """
    shown = 0
    lines = budget.take(header)
    for row in itertools.islice(rows, limit) if limit else rows:
        line = "| " + " | ".join(row) + " |"
        if not budget.fits(line, reserve):
            break
        lines += budget.take([line])
        shown += 1
    return lines, shown


def backlog_markdown(
    backlog: Backlog,
    *,
    top: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    names: bool = True,
    headline: str | None = None,
    whole: str = "the CSV and JSON reports list all",
) -> str:
    """The ranked backlog as a GitHub job summary, at most ``max_bytes`` of UTF-8.

    ``names=False`` shows tiers instead of account names (for public repositories), in the
    reasons of unattributed requests too. ``whole`` says where a reader finds what the
    budget left out.
    """
    chart = _chart(backlog)
    fmt, weighting = _money(backlog, names=names)
    footer = ["", f"<sub>icp-triage {__version__} · {weighting}</sub>"]
    budget = Budget(max_bytes)
    out = budget.take(
        [
            f"## ICP-ranked backlog: {md_text(backlog.profile_name)} (version {md_text(backlog.profile_version)})",
            "",
            *([f"> {md_text(headline)}", ""] if headline else []),
            f"**{len(backlog.ranked)}** ranked · **{len(backlog.opportunistic)}** opportunistic · "
            + (f"**{len(backlog.unknown_fit)}** unknown fit · " if backlog.unknown_fit else "")
            + f"**{len(backlog.unattributed)}** unattributed",
            "",
        ]
    )
    closing = chart + footer
    closing_size = sum(len(x.encode("utf-8")) + 1 for x in closing) + 2048  # notes and headers
    focus = backlog.focus

    def opp_row(item: RankedItem) -> list[str]:
        return _opportunistic_row(item, fmt, names=names) + (_focus(item, names=names) if focus else [])

    ranked_rows = (_ranked_row(i, fmt) + (_focus(i, names=names) if focus else []) for i in backlog.ranked)
    # Room kept for the opportunistic table: its size, up to a quarter of the budget. Rows
    # are rendered only until that is known, and reused below.
    floor_cap = max(max_bytes // 4, 0)
    opp_first: list[list[str]] = []
    opp_floor = 0
    for item in backlog.opportunistic:
        if opp_floor >= floor_cap:
            break
        opp_first.append(opp_row(item))
        opp_floor += len("| ".join(opp_first[-1])) + 8
    opp_floor = min(opp_floor, floor_cap)
    opp_rows = itertools.chain(opp_first, map(opp_row, backlog.opportunistic[len(opp_first) :]))
    header = [
        f"### Ranked by ICP value ({len(backlog.ranked)})",
        "",
        *table(
            ["#", "by demand", "request", "title", "class", "ICP value", "demand", "ICP share", "requesters"]
            + (["problem"] if focus else []),
            "rrlllrrrl" + ("l" if focus else ""),
            [],
        ),
    ]
    lines, shown = take_rows(budget, header, ranked_rows, top, closing_size + opp_floor)
    out += lines
    out += budget.take(left_out(shown, len(backlog.ranked), "ranked requests", top, whole))
    out += budget.take(_legend(backlog.ranked[:shown], focus=focus, names=names))
    header = [
        f"### Feature opportunism ({len(backlog.opportunistic)})",
        "",
        "Requests driven by off-profile demand, largest temptation first.",
        "",
        *table(
            ["#", "by demand", "request", "title", "off-ICP demand", "ICP share", "accounts behind it"]
            + (["problem"] if focus else []),
            "rrllrrl" + ("l" if focus else ""),
            [],
        ),
    ]
    if backlog.opportunistic:
        lines, shown = take_rows(budget, header, opp_rows, top, closing_size)
        out += lines
        out += budget.take(left_out(shown, len(backlog.opportunistic), "opportunistic requests", top, whole))
    else:
        out += budget.take([header[0], "", "None: no request is driven mainly by off-profile demand."])
    out += _unknown_fit(backlog, fmt, budget, top, closing_size, whole, names=names)
    out += budget.take(_readings(backlog, fmt, budget, closing_size))
    if names:  # the section names accounts: a tier-only summary leaves it out
        from icp_triage.reports.enrich_report import enrich_section

        out += budget.take(enrich_section(backlog, fmt))
    out += budget.take(["", *_unattributed(backlog, budget, closing_size, top, names=names), ""])
    out += closing
    return "\n".join(out) + "\n"


def _chart(backlog: Backlog) -> list[str]:
    """The quadrant chart of the requests with the most demand, as Mermaid, under its heading."""
    points = chart_points(backlog, limit=CHART_POINTS)
    chart = ["### ICP share against demand", ""]
    if not points:
        return [*chart, "_No attributed request to plot._"]
    return [
        *chart,
        "```mermaid",
        *quadrant_mermaid(points, title="ICP share vs demand").splitlines(),
        "```",
        f"<sub>The {counted(len(points), 'request')} with the most demand; demand relative to the largest "
        "(square-root scale).</sub>",
    ]


def _legend(shown: Sequence[RankedItem], *, focus: bool, names: bool) -> list[str]:
    """The marks the shown ranked rows carry, explained: a legend for a mark no row carries misleads."""
    legend = [""]
    if any(i.low_confidence for i in shown):
        legend.append(
            "⚠ = low confidence: a requester's fit is unknown and counts half (`ranking.unknown_fit`)."
        )
    if focus and any(i.urgent is not None or (names and i.triggered) for i in shown):
        legend.append("‼ = urgent (`profile.urgency`), or an account asking has an active trigger.")
    return [*legend, ""] if len(legend) > 1 else legend


def _unknown_fit(
    backlog: Backlog,
    fmt: Callable[[float], str],
    budget: Budget,
    top: int | None,
    reserve: int,
    whole: str,
    *,
    names: bool,
) -> list[str]:
    """The unknown-fit list, most demand first, within the budget; nothing when it is empty."""
    if not backlog.unknown_fit:
        return []
    header = [
        "",
        f"### Unknown fit ({len(backlog.unknown_fit)})",
        "",
        "Requests asked for only by accounts whose fit is unknown: neither ICP nor off-profile "
        "until the CRM says more. Most demand first.",
        "",
        *table(["#", "by demand", "request", "title", "demand", "accounts behind it"], "rrllrl", []),
    ]
    rows = (_unknown_fit_row(i, fmt, names=names) for i in backlog.unknown_fit)
    lines, shown = take_rows(budget, header, rows, top, reserve)
    return lines + budget.take(left_out(shown, len(backlog.unknown_fit), "unknown-fit requests", top, whole))


READING_ROWS = 5
"""Requests listed under each problem reading; the tables above list them all."""


def _readings(backlog: Backlog, fmt: Callable[[float], str], budget: Budget, reserve: int) -> list[str]:
    """The two problem readings (``core.readings``), a few requests each, within the budget."""
    lines: list[str] = []
    for reading in problem_readings(backlog):
        block = [
            "",
            f"### {reading.title} ({len(reading.items)})",
            "",
            f"_{reading.meaning[0].upper()}{reading.meaning[1:]}._",
            "",
        ]
        if not reading.items:
            block.append("None.")
        for item in reading.items[:READING_ROWS]:
            problems = ", ".join(md_text(p.name, width=40) for p in item.problems)
            block.append(
                f"- {md_link(item.key, item.url)} {md_text(item.title, width=60)}: "
                + (
                    f"{problems}; off-ICP demand {fmt(item.off_icp_demand)}"
                    if problems
                    else f"ICP value {fmt(item.icp_value)}, ICP share {percent(item.icp_share)}"
                )
            )
        if len(reading.items) > READING_ROWS:
            block.append(f"- _and {len(reading.items) - READING_ROWS:,} more_")
        if not budget.fits("\n".join(block), reserve + len("\n".join(lines))):
            break
        lines += block
    return lines


def left_out(
    shown: int,
    total: int,
    noun: str,
    top: int | None,
    whole: str,
    top_rule: Callable[[int], str] = rule,
) -> list[str]:
    """The note under a Markdown list that shows fewer rows than it holds, saying why: the
    ``--top`` rule (``top_rule``), or the job summary's size and where the rest is (``whole``)."""
    if shown >= total:
        return []
    if top and shown >= top:
        return ["", f"_Showing {shown:,} of {total:,} {noun}: {top_rule(top)}._"]
    why = f"a GitHub job summary holds at most {SUMMARY_LIMIT // 1024} KiB"
    return ["", f"_Showing {shown:,} of {total:,} {noun} ({why}); {whole}._"]


def _unattributed(
    backlog: Backlog, budget: Budget, reserve: int, top: int | None, *, names: bool
) -> list[str]:
    count = len(backlog.unattributed)
    lines = [f"### Unattributed ({count})", ""]
    if not count:
        return [*lines, "Every request was attributed to at least one known account."]
    lines.append(
        f"**{count}** request{'s name' if count != 1 else ' names'} no known account; "
        "`icp-triage explain KEY` shows each signal and why it did not match."
    )
    lines += ["", "<details><summary>Show them</summary>", ""]
    shown = 0
    for item in backlog.unattributed[: top or UNATTRIBUTED_ROWS]:
        # an ambiguous match names the accounts it could be; the public form counts them
        texts = item.reasons if names else (item.public_reasons or item.reasons)
        reason = texts[0] if texts else "no requester signal"
        line = (
            f"- {md_link(item.key, item.url)} {md_text(item.title, width=60)}: {md_text(reason, width=100)}"
        )
        if not budget.fits(line, reserve + 64):
            break
        lines.append(line)
        budget.used += len(line.encode("utf-8")) + 1
        shown += 1
    if top and shown == top < count:
        lines.append(f"- _and {count - shown:,} more: {rule(top)}_")
    elif shown < count:
        lines.append(f"- _and {count - shown:,} more_")
    return [*lines, "", "</details>"]
