"""``icp-triage trend``: new demand per month or quarter, the ICP share of it, and a verdict
when that share moved beyond its 95% interval."""

from __future__ import annotations

import os
from datetime import date
from enum import Enum
from typing import Optional

import typer

from icp_triage.cli import lifetime
from icp_triage.cli.options import ConfigOpt, Format, InputOpt, OutputOpt, tracker_wiring
from icp_triage.cli.output import emit, warn_all


class By(str, Enum):
    month = "month"
    quarter = "quarter"


def _since(value: Optional[str]) -> Optional[date]:  # noqa: UP045 - typer needs Optional on 3.10
    """A calendar date, YYYY-MM-DD."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r}: expected a date such as 2026-01-01") from None


def trend(
    ctx: typer.Context,
    by: By = typer.Option(By.quarter, "--by", help="Periods: month or quarter."),
    since: Optional[str] = typer.Option(  # noqa: UP045
        None, "--since", help="Leave out asks before this date (YYYY-MM-DD); default: all history."
    ),
    config: ConfigOpt = None,
    input: InputOpt = None,
    format: Format = typer.Option(Format.table, "--format", "-f", help="table, json, csv, markdown or html."),
    output: OutputOpt = None,
) -> None:
    """New demand per period by class, the ICP share of it with a 95% interval, and a verdict
    where that share moved beyond its interval.

    Each account counts once per request, when it first asked (its earliest signal: the
    request, a comment, a +1), at its strongest signal's strength; a signal with no time of
    its own counts at its request's created_at, and the output says how many did.

    Example:  icp-triage trend --by quarter --since 2026-01-01 --format markdown
    """
    from icp_triage.core.trend import trend as make_trend
    from icp_triage.reports.render import render_trend
    from icp_triage.workspace import open_workspace

    start = _since(since)
    run_on = tracker_wiring(ctx)
    workspace = open_workspace(
        config, env=os.environ, clock=run_on.clock, sleep=run_on.sleep, tracker=run_on.tracker
    )
    backlog = workspace.rank(workspace.requests(input, env=os.environ))
    lifetime.keep(backlog)
    warn_all(backlog.notes)
    emit(render_trend(make_trend(backlog, by=by.value, since=start), format.value), output)


def register(app: typer.Typer) -> None:
    app.command()(trend)
