"""``icp-triage accounts``: every account with its tier, fit and coverage; ``--enrich``: the
unknown-fit accounts worth looking up in the CRM first."""

from __future__ import annotations

import os

import typer

from icp_triage.cli.options import (
    CacheOpt,
    ConfigOpt,
    Format,
    InputOpt,
    OutputOpt,
    RefreshOpt,
    tracker_wiring,
)
from icp_triage.cli.output import emit, is_terminal, progress, warn_all


def accounts(
    ctx: typer.Context,
    config: ConfigOpt = None,
    format: Format = typer.Option(Format.table, "--format", "-f", help="table, json, csv, markdown or html."),
    output: OutputOpt = None,
    enrich: bool = typer.Option(
        False,
        "--enrich",
        help=(
            "List the accounts of unknown fit that asked for something, by the demand they carry across "
            "the backlog, with the criteria they lack and how many requests would change class with "
            "their fit known (all they lack met, or none). Reads the backlog."
        ),
    ),
    input: InputOpt = None,
    cache: CacheOpt = None,
    refresh: RefreshOpt = False,
) -> None:
    """List every account with its ICP tier, fit (0-100) and data coverage, best first.

    With --enrich, the PM's to-do list for the CRM: the accounts whose fit is unknown, most
    demand first, what each lacks, and what knowing it would change.

    Example:  icp-triage accounts --format csv > accounts-scored.csv
    Example:  icp-triage accounts --enrich
    """
    from icp_triage.workspace import open_workspace

    color = output is None and is_terminal()
    if enrich:
        from icp_triage.reports.render import render_enrich

        run_on = tracker_wiring(ctx)
        workspace = open_workspace(
            config, env=os.environ, clock=run_on.clock, sleep=run_on.sleep, tracker=run_on.tracker
        )
        requests = workspace.requests(input, env=os.environ, cache=cache, refresh=refresh, progress=progress)
        backlog = workspace.rank(
            requests, orgs_by_login=workspace.github_orgs(requests, env=os.environ, cache=cache)
        )
        warn_all(backlog.notes)
        emit(render_enrich(backlog, format.value, color=color), output)
        return
    from icp_triage.core.fit import score_all
    from icp_triage.reports.render import render_accounts

    workspace = open_workspace(config, env=os.environ)
    fits = score_all(workspace.accounts, workspace.config.profile)
    by_id = {a.id: a for a in workspace.accounts}
    emit(render_accounts(by_id, fits, format.value, color=color), output)


def register(app: typer.Typer) -> None:
    app.command()(accounts)
