"""``icp-triage accounts``: every account with its tier, fit and coverage."""

from __future__ import annotations

import os

import typer

from icp_triage.cli.options import ConfigOpt, Format, OutputOpt
from icp_triage.cli.output import emit, is_terminal


def accounts(
    config: ConfigOpt = None,
    format: Format = typer.Option(Format.table, "--format", "-f", help="table, json, csv, markdown or html."),
    output: OutputOpt = None,
) -> None:
    """List every account with its ICP tier, fit (0-100) and data coverage, best first.

    Example:  icp-triage accounts --format csv > accounts-scored.csv
    """
    from icp_triage.core.fit import score_all
    from icp_triage.reports.render import render_accounts
    from icp_triage.workspace import open_workspace

    workspace = open_workspace(config, env=os.environ)
    fits = score_all(workspace.accounts, workspace.config.profile)
    by_id = {a.id: a for a in workspace.accounts}
    emit(render_accounts(by_id, fits, format.value, color=output is None and is_terminal()), output)


def register(app: typer.Typer) -> None:
    app.command()(accounts)
