"""Pick the renderer for ``--format``; each returns the whole document as text.

One function per noun (backlog, accounts, explanation, plan) so every command offers the
same five formats; renderers are imported on use, so ``rank --format json`` never imports
rich or Jinja2.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from icp_triage.errors import DataError

if TYPE_CHECKING:  # annotations only: a command imports what it renders, nothing more
    from icp_triage.core.backlog import Backlog
    from icp_triage.core.explain import Explanation
    from icp_triage.core.fit import Fit
    from icp_triage.core.models import Account
    from icp_triage.core.planning import Plan
    from icp_triage.core.trend import Trend

FORMATS = ("table", "json", "csv", "markdown", "html")


def _unknown(fmt: str) -> DataError:
    return DataError(f"--format {fmt}: unknown format; use one of {', '.join(FORMATS)}")


def render_backlog(
    backlog: Backlog,
    fmt: str,
    *,
    top: int | None = None,
    color: bool = False,
    headline: str | None = None,
    unknown_fit: float = 0.5,
) -> str:
    """The ranked backlog in ``fmt``; ``top`` keeps the first N of each list, in every format."""
    if fmt == "json":
        from icp_triage.reports.json_report import backlog_json

        return backlog_json(backlog, top=top)
    if fmt == "table":
        from icp_triage.reports.table import backlog_tables, to_text

        return to_text(*backlog_tables(backlog, top=top), color=color)
    if fmt == "csv":
        from icp_triage.reports.csv_report import backlog_csv

        return backlog_csv(backlog, top=top)
    if fmt == "markdown":
        from icp_triage.reports.markdown import backlog_markdown

        return backlog_markdown(backlog, top=top, headline=headline)
    if fmt == "html":
        from icp_triage.reports.html import backlog_html

        return backlog_html(backlog, top=top, headline=headline, unknown_fit=unknown_fit)
    raise _unknown(fmt)


def render_accounts(
    accounts: Mapping[str, Account], fits: Mapping[str, Fit], fmt: str, *, color: bool = False
) -> str:
    """Every account's tier and fit in ``fmt``."""
    if fmt == "json":
        from icp_triage.reports.json_report import accounts_list, dumps

        return dumps(accounts_list(accounts, fits))
    if fmt == "csv":
        from icp_triage.reports.csv_report import accounts_csv

        return accounts_csv(accounts, fits)
    if fmt == "table":
        from icp_triage.reports.table import accounts_table, to_text

        return to_text(accounts_table(accounts, fits), color=color)
    if fmt == "markdown":
        from icp_triage.reports.accounts_markdown import accounts_markdown

        return accounts_markdown(accounts, fits)
    if fmt == "html":
        from icp_triage.reports.html import accounts_html

        return accounts_html(accounts, fits)
    raise _unknown(fmt)


def render_enrich(backlog: Backlog, fmt: str, *, color: bool = False) -> str:
    """The accounts to enrich (``core.enrich``) in ``fmt``."""
    if fmt not in FORMATS:
        raise _unknown(fmt)
    from icp_triage.reports.enrich_report import render_enrich as render

    return render(backlog, fmt, color=color)


def render_explanation(
    explanation: Explanation, fmt: str, *, accounts: Mapping[str, Account], color: bool = False
) -> str:
    """One request's explanation in ``fmt``."""
    if fmt == "json":
        from icp_triage.reports.explain_report import explain_json

        return explain_json(explanation, accounts=accounts)
    if fmt == "csv":
        from icp_triage.reports.explain_report import explain_csv

        return explain_csv(explanation)
    if fmt == "table":
        from icp_triage.reports.explain_table import explain_tables
        from icp_triage.reports.table import to_text

        return to_text(*explain_tables(explanation), color=color)
    if fmt == "markdown":
        from icp_triage.reports.explain_report import explain_markdown

        return explain_markdown(explanation)
    if fmt == "html":
        from icp_triage.reports.html import explain_html

        return explain_html(explanation)
    raise _unknown(fmt)


def render_plan(plan: Plan, fmt: str, *, top: int | None = None, color: bool = False) -> str:
    """A sprint plan in ``fmt``; ``top`` limits the chosen and deferred rows shown (not JSON or CSV)."""
    if fmt == "json":
        from icp_triage.reports.plan_report import plan_json

        return plan_json(plan)
    if fmt == "csv":
        from icp_triage.reports.plan_report import plan_csv

        return plan_csv(plan)
    if fmt == "table":
        from icp_triage.reports.plan_report import plan_tables
        from icp_triage.reports.table import to_text

        return to_text(*plan_tables(plan, top=top), color=color)
    if fmt == "markdown":
        from icp_triage.reports.plan_report import plan_markdown

        return plan_markdown(plan, top=top)
    if fmt == "html":
        from icp_triage.reports.html import plan_html

        return plan_html(plan, top=top)
    raise _unknown(fmt)


def render_trend(trend: Trend, fmt: str) -> str:
    """New demand over time in ``fmt``."""
    from icp_triage.reports import trend_report

    if fmt == "html":
        from icp_triage.reports.html import trend_html

        return trend_html(trend)
    renderers = {
        "json": trend_report.trend_json,
        "csv": trend_report.trend_csv,
        "table": trend_report.trend_table,
        "markdown": trend_report.trend_markdown,
    }
    if fmt not in renderers:
        raise _unknown(fmt)
    return renderers[fmt](trend)
