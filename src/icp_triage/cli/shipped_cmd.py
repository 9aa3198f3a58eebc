"""``icp-triage shipped``: what was closed as completed, and how much of it served the ICP."""

from __future__ import annotations

import os
from datetime import datetime
from enum import Enum
from typing import Optional

import typer

from icp_triage.cli.options import ConfigOpt, Format, InputOpt, OutputOpt, tracker_wiring
from icp_triage.cli.output import emit, warn_all


class By(str, Enum):
    quarter = "quarter"
    month = "month"


def _since(value: Optional[str]) -> Optional[str]:  # noqa: UP045 - typer needs Optional on 3.10
    """A calendar date, YYYY-MM-DD; anything else is a usage error naming the value."""
    if value is None:
        return None
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        raise typer.BadParameter(f"{value!r}: expected a date such as 2026-07-01 (YYYY-MM-DD)") from None
    return value


def shipped(
    ctx: typer.Context,
    since: Optional[str] = typer.Option(  # noqa: UP045 - typer needs Optional on 3.10
        None, "--since", callback=_since, help="Only requests closed on or after this date (YYYY-MM-DD)."
    ),
    by: By = typer.Option(By.quarter, "--by", help="Group by quarter or month of the closing date."),
    accounts: bool = typer.Option(
        False,
        "--accounts",
        help="List every shipped request with the accounts that asked (name, tier, signal): CSV by "
        "default, or --format json or table. Names customers: never publish it.",
    ),
    config: ConfigOpt = None,
    input: InputOpt = None,
    format: Optional[Format] = typer.Option(  # noqa: UP045 - typer needs Optional on 3.10
        None, "--format", "-f", help="table (default), json, csv, markdown or html; csv with --accounts."
    ),
    output: OutputOpt = None,
) -> None:
    """What shipped, and for whom: requests closed as completed, per quarter (or month).

    A request shipped when it was closed as completed: GitHub's state reason COMPLETED, a
    Jira resolution in the done status category, or `"state": "closed", "state_reason":
    "completed"` in a request file. They are classed with today's accounts and profile (the
    output says so), and each class's share of the shipped effort (estimate or effort label,
    the median where missing) is set beside the same share of the open backlog: the ICP
    adherence of what was built.

    Example:  icp-triage shipped --since 2026-01-01 --format markdown
    """
    from icp_triage.reports.shipped_report import ACCOUNT_FORMATS, render_accounts, render_shipped
    from icp_triage.shipped_run import shipped_report
    from icp_triage.workspace import open_workspace

    fmt = (format or (Format.csv if accounts else Format.table)).value
    if accounts and fmt not in ACCOUNT_FORMATS:
        raise typer.BadParameter(
            f"--accounts names customers, so it is written as {', '.join(ACCOUNT_FORMATS)} only, never as "
            f"{fmt}, a format made to be published",
            param_hint="'--format'",
        )
    run_on = tracker_wiring(ctx)
    workspace = open_workspace(
        config, env=os.environ, clock=run_on.clock, sleep=run_on.sleep, tracker=run_on.tracker
    )
    requests = workspace.requests(input, env=os.environ)
    day = datetime.strptime(since, "%Y-%m-%d").date() if since else None
    report = shipped_report(workspace, requests, by=by.value, since=day)
    if fmt != "table" or output is not None:  # the table shows its notes itself
        warn_all(report.notes)
    emit(render_accounts(report, fmt) if accounts else render_shipped(report, fmt), output)


def register(app: typer.Typer) -> None:
    app.command()(shipped)
