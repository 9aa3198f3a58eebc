"""``icp-triage rank``: the ranked backlog, the opportunistic list and the unattributed list."""

from __future__ import annotations

import os

import typer

from icp_triage.cli import lifetime
from icp_triage.cli.options import (
    CacheOpt,
    ConfigOpt,
    Format,
    InputOpt,
    OutputOpt,
    RefreshOpt,
    TopOpt,
    tracker_wiring,
)
from icp_triage.cli.output import emit, is_terminal, note_cut, progress, warn_all


def rank(
    ctx: typer.Context,
    config: ConfigOpt = None,
    input: InputOpt = None,
    format: Format = typer.Option(Format.table, "--format", "-f", help="table, json, csv, markdown or html."),
    top: TopOpt = None,
    output: OutputOpt = None,
    cache: CacheOpt = None,
    refresh: RefreshOpt = False,
) -> None:
    """Rank the backlog by ICP value and list feature opportunism apart.

    Each request is scored from the accounts that asked for it: ICP value weighs their demand
    by their fit, and requests driven by off-profile accounts go to their own list, ordered
    by the size of the temptation. The table shows each request's rank by raw demand beside
    its ICP rank, so the difference is visible.

    Example:  icp-triage rank --input requests.json --format json --top 20
    """
    from icp_triage.reports.render import render_backlog
    from icp_triage.reports.story import headline
    from icp_triage.workspace import open_workspace

    run_on = tracker_wiring(ctx)
    workspace = open_workspace(
        config, env=os.environ, clock=run_on.clock, sleep=run_on.sleep, tracker=run_on.tracker
    )
    requests = workspace.requests(input, env=os.environ, cache=cache, refresh=refresh, progress=progress)
    backlog = workspace.rank(
        requests, orgs_by_login=workspace.github_orgs(requests, env=os.environ, cache=cache)
    )
    lifetime.keep(backlog)
    warn_all(backlog.notes)
    note_cut(backlog, top, format.value)
    if format is Format.json:  # 79 MB at 100k requests: written in chunks, never one str
        from icp_triage.reports.json_backlog import backlog_chunks

        emit(backlog_chunks(backlog, top=top), output)
        return
    text = render_backlog(
        backlog,
        format.value,
        top=top,
        color=output is None and is_terminal(),
        headline=headline(backlog) if format in (Format.markdown, Format.html) else None,
        unknown_fit=workspace.config.ranking.unknown_fit,
    )
    emit(text, output)


def register(app: typer.Typer) -> None:
    app.command()(rank)
