"""``icp-triage accounts``: every account with its tier, fit and coverage."""

from __future__ import annotations

import os

import typer

from icp_triage.cli.options import ConfigOpt, Format, OutputOpt
from icp_triage.cli.output import emit, is_terminal


def accounts(
    config: ConfigOpt = None,
    format: Format = typer.Option(Format.table, "--format", "-f", help="table, json or csv."),
    output: OutputOpt = None,
) -> None:
    """List every account with its ICP tier, fit (0-100) and data coverage, best first.

    Example:  icp-triage accounts --format csv > accounts-scored.csv
    """
    from icp_triage.core.fit import score_all
    from icp_triage.errors import DataError
    from icp_triage.workspace import open_workspace

    workspace = open_workspace(config, env=os.environ)
    fits = score_all(workspace.accounts, workspace.config.profile)
    by_id = {a.id: a for a in workspace.accounts}
    if format is Format.json:
        from icp_triage.reports.json_report import accounts_list, dumps

        text = dumps(accounts_list(by_id, fits))
    elif format is Format.csv:
        from icp_triage.reports.csv_report import accounts_csv

        text = accounts_csv(by_id, fits)
    elif format is Format.table:
        from icp_triage.reports.table import accounts_table, to_text

        text = to_text(accounts_table(by_id, fits), color=output is None and is_terminal())
    else:
        raise DataError(f"--format {format.value}: accounts supports table, json and csv")
    emit(text, output)


def register(app: typer.Typer) -> None:
    app.command()(accounts)
