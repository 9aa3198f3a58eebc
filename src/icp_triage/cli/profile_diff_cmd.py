"""``icp-triage profile diff OLD NEW``: what a new profile version changes, reviewed like code."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from icp_triage.cli.options import ConfigOpt, InputOpt, OutputOpt, ReportFormat


def diff(
    old: Optional[Path] = typer.Argument(  # noqa: UP045
        None, help="The old icp.yml (leave out with --against).", dir_okay=False
    ),
    new: Optional[Path] = typer.Argument(  # noqa: UP045
        None, help="The new icp.yml (default: --config, ./icp.yml).", dir_okay=False
    ),
    against: Optional[str] = typer.Option(  # noqa: UP045
        None, "--against", help="Compare with the config as it was at this git revision (e.g. main, HEAD~1)."
    ),
    config: ConfigOpt = None,
    input: InputOpt = None,
    places: int = typer.Option(
        5, "--places", "-n", min=0, help="List requests that move more than this many places."
    ),
    format: ReportFormat = typer.Option(
        ReportFormat.table, "--format", "-f", help="table, json or markdown."
    ),
    names: Optional[bool] = typer.Option(  # noqa: UP045
        None,
        "--names/--no-names",
        help=(
            "List the accounts that change tier by name, or only count them by tier (default: names, "
            "unless the accounts come from $ICP_TRIAGE_ACCOUNTS, a secret)."
        ),
    ),
    output: OutputOpt = None,
    today: Optional[str] = typer.Option(None, "--today", help="Date for the stale check (YYYY-MM-DD)."),  # noqa: UP045
) -> None:
    """Compare two profile versions on the same accounts and backlog.

    Lists the accounts that change tier, the requests that move more than --places places
    in the ranked backlog, the requests that switch class (opportunistic to icp-core and
    back), and each outcome's lift under both. The accounts, outcomes and requests are the
    NEW config's. Exits 0; 2 for a config, data or git problem.

    \b
    Examples:  icp-triage profile diff old/icp.yml icp.yml
               icp-triage profile diff --against main
    """
    from icp_triage import evidence
    from icp_triage.cli.output import emit, is_terminal
    from icp_triage.cli.profile_cmd import parse_day
    from icp_triage.config.loader import find_config, load_config, parse_config
    from icp_triage.workspace import open_workspace

    if against is not None and new is not None:
        raise typer.BadParameter(
            "give OLD NEW, or --against REF (and --config), not both", param_hint="--against"
        )
    day = parse_day(today)
    if against is not None:
        from icp_triage.adapters.git import show_file

        new_path = old if old is not None else find_config(config, cwd=Path.cwd())
        label = f"{against}:{new_path.name}"
        old_profile = parse_config(show_file(against, new_path), label=label, path=new_path).config.profile
    else:
        if old is None:
            raise typer.BadParameter("name the OLD icp.yml, or pass --against REF", param_hint="OLD")
        new_path = new if new is not None else find_config(config, cwd=Path.cwd())
        old_profile = load_config(old).config.profile
    workspace = open_workspace(new_path, env=os.environ)
    requests = None
    source = workspace.config.source
    if input is not None or (source is not None and source.file is not None):
        requests = workspace.file_requests(input)
    elif source is not None:
        from icp_triage.cli.output import progress

        requests = workspace.requests(None, env=os.environ, progress=progress)
    if names is None:
        from icp_triage.adapters.account_records import ENV_VAR

        names = not os.environ.get(ENV_VAR, "").strip()
    result = evidence.profile_diff(
        workspace, old_profile, requests, env=os.environ, today=day, threshold=places
    )
    from icp_triage.reports import profile_diff_report

    if format is ReportFormat.json:
        text = profile_diff_report.diff_json(result, names=names)
    elif format is ReportFormat.markdown:
        text = profile_diff_report.diff_markdown(result, names=names)
    else:
        from icp_triage.reports.table import to_text

        text = to_text(
            *profile_diff_report.diff_tables(result, names=names), color=output is None and is_terminal()
        )
    emit(text, output)


def register(app: typer.Typer) -> None:
    app.command()(diff)
