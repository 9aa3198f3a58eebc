"""``explain KEY`` in a terminal: the headline, who is behind the request, the arithmetic,
each account's fit and the signals that named nobody.

Every string that came from an issue, a comment or the accounts file goes through
``one_line``, so no escape sequence in a title reaches the terminal.
"""

from __future__ import annotations

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from icp_triage.core.explain import Explanation
from icp_triage.core.untrusted import clip, one_line
from icp_triage.reports.explain_report import (
    ACCOUNT_COLUMNS,
    TIMES,
    arithmetic,
    explain_headline,
    figure,
)
from icp_triage.reports.layout import Fitted
from icp_triage.reports.numbers import amount, fit_text
from icp_triage.reports.table import criteria_table


def explain_tables(e: Explanation) -> list[RenderableType]:
    """Rich renderables: the headline, the accounts, the arithmetic, each fit, the unmatched.

    Every string that came from an issue, a comment or the accounts file (title, key, names,
    signal sources, values, reasons) goes through ``one_line``: a title's escape sequences
    never reach the terminal.
    """
    w = e.weight_by
    title = clip(e.title, 500)  # a 10 MB title would fill the terminal
    out: list[RenderableType] = [Text(f"{one_line(explain_headline(e))}\n{title}", style="bold")]
    if e.parts:
        accounts = Table(title="Accounts behind it", box=box.SIMPLE_HEAD, title_justify="left")
        for name in ACCOUNT_COLUMNS:
            accounts.add_column(
                name, justify="right" if name in ("fit", "strength", "demand", "value") else "left"
            )
        for p in e.parts:
            accounts.add_row(
                f"{one_line(p.name)} ({one_line(p.account_id)})",
                p.tier + (" ICP" if p.icp else ""),
                fit_text(p.fit),
                p.signal.kind,
                figure(p.signal.strength),
                one_line(p.signal.source),
                amount(p.worth, w) + ("*" if p.worth_source == "median-arr" else ""),
                amount(p.demand, w),
                figure(p.factor) + ("*" if p.fit is None else ""),
                amount(p.value, w),
            )
        # a legend for each mark some row carries, and only those: "worth*: ARR unknown" under
        # weight_by: accounts, where no worth is an ARR, read as a problem with the data
        legend = [
            *(
                ["worth*: ARR unknown, the median ARR stands in"]
                if any(p.worth_source == "median-arr" for p in e.parts)
                else []
            ),
            *(
                [f"{TIMES} fit*: fit unknown, counts {figure(e.unknown_fit)}"]
                if any(p.fit is None for p in e.parts)
                else []
            ),
        ]
        accounts.caption = "; ".join(legend) or None
        # Ten columns do not fit 80: the factors each row multiplies (strength, worth, fit
        # factor) give way first, since the arithmetic below writes every one of them out.
        out.append(
            Fitted(
                accounts,
                shrink={"account": 14, "from": 14},
                drop=(TIMES + " fit", "worth", "strength"),
                comfort={"account": 22, "from": 22},
            )
        )
        others = [(p, s) for p in e.parts for s in p.also_seen]
        if others:
            extra = Text("Also seen (an account counts once, at its strongest signal):\n", style="dim")
            for p, s in others:
                extra.append(
                    f"  {one_line(p.account_id)}: {s.kind} {figure(s.strength)} from {one_line(s.source)}\n",
                    style="dim",
                )
            out.append(extra)
    maths = Text()
    for name, formula in arithmetic(e).items():
        maths.append(f"{name}: ", style="bold")
        maths.append(one_line(formula) + "\n")
    out.append(maths)
    for p in e.parts:
        title = f"Fit of {one_line(p.account_id)}: {one_line(p.explanation.summary)}"
        out.append(criteria_table(p.explanation, title=title))
    if e.unmatched or e.reasons:
        un = Table(title="Signals that named no known account", box=box.SIMPLE_HEAD, title_justify="left")
        for name in ("signal", "value", "from", "why"):
            un.add_column(name)
        for u in e.unmatched:
            un.add_row(u.kind, one_line(u.value), one_line(u.source), one_line(u.reason))
        if not e.unmatched:
            for reason in e.reasons:
                un.add_row("-", "-", "-", one_line(reason))
        out.append(un)
    return out
