"""``icp-triage fit ACCOUNT``: one account's fit, criterion by criterion."""

from __future__ import annotations

import os
from enum import Enum

import typer

from icp_triage.cli.options import ConfigOpt, OutputOpt
from icp_triage.cli.output import emit, is_terminal


class FitFormat(str, Enum):
    """The formats fit has; its own choice so --help offers no format that then fails."""

    table = "table"
    json = "json"


def fit(
    account: str = typer.Argument(
        ..., help="Account id, name, alias or domain (e.g. acme, 'Acme Inc.', acme.io)."
    ),
    config: ConfigOpt = None,
    format: FitFormat = typer.Option(FitFormat.table, "--format", "-f", help="table or json."),
    output: OutputOpt = None,
) -> None:
    """Explain one account's ICP fit: each criterion met, missed or unknown, with its points.

    Example:  icp-triage fit "Acme Inc."
    """
    from icp_triage.core.attribution import AccountIndex
    from icp_triage.core.fit import score_fit
    from icp_triage.errors import DataError
    from icp_triage.workspace import open_workspace

    workspace = open_workspace(config, env=os.environ)
    found, reason = AccountIndex.build(workspace.accounts).text(account)
    if found is None:
        raise DataError(f"fit {account}: {reason or 'no such account'}; `icp-triage accounts` lists them")
    chosen = next(a for a in workspace.accounts if a.id == found)
    result = score_fit(chosen, workspace.config.profile)
    if format is FitFormat.json:
        from icp_triage.reports.json_report import dumps, fit_dict

        emit(dumps(fit_dict(chosen, result)), output)
    else:
        from icp_triage.reports.table import fit_table, to_text

        emit(to_text(*fit_table(chosen, result), color=output is None and is_terminal()), output)


def register(app: typer.Typer) -> None:
    app.command()(fit)
