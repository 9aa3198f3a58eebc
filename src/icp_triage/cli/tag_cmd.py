"""``icp-triage tag``: label and comment GitHub issues or Jira issues with their ICP class and fit."""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from icp_triage.cli.options import CacheOpt, ConfigOpt, InputOpt, RefreshOpt, tracker_wiring
from icp_triage.cli.output import progress, show

OnlyOpt = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on 3.10
    typer.Option(
        "--only",
        metavar="KEY",
        help="Tag only this issue (owner/repo#12, or FR-42 on Jira): one read, at most a few writes.",
    ),
]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Print every planned write (labels, comments) and make none.")
]


def tag(
    ctx: typer.Context,
    config: ConfigOpt = None,
    input: InputOpt = None,
    only: OnlyOpt = None,
    dry_run: DryRunOpt = False,
    cache: CacheOpt = None,
    refresh: RefreshOpt = False,
) -> None:
    """Label each issue of the configured source (GitHub or Jira) with its ICP class and its
    best requester's fit tier, and keep one comment on it that explains them.

    Labels look like icp:core, icp:mixed, icp:opportunistic, icp:unattributed and icp-fit:A
    (prefix from tagging.prefix); only labels with that prefix are ever removed. The comment
    is found again (GitHub: a hidden marker; Jira: an issue property) and edited in place,
    and a run with nothing changed writes nothing. With tagging.disclose: tier-only (the
    default) nothing written names an account or a revenue figure.

    GitHub: the token needs issues write access (GITHUB_TOKEN or GH_TOKEN). Writes keep to
    GitHub's secondary limits (80 a minute, 500 an hour; 1 s apart once many are made), and
    the run first says how long they will take. When this hour's budget runs out, tag stops
    between two issues, says how many are left and when to run it again, and exits 1; the
    re-run continues where it stopped, since tagging is idempotent.

    Jira: JIRA_EMAIL and JIRA_API_TOKEN (Cloud) or JIRA_TOKEN (Data Center), with "Edit
    issues" and "Add comments"; the comment is ADF on Cloud, wiki markup on Data Center, and
    the source's icp_value_field gets the ICP value only where it cannot reveal revenue.

    Example:  icp-triage tag --dry-run
    """
    from icp_triage.workspace import open_workspace

    run_on = tracker_wiring(ctx)
    workspace = open_workspace(
        config, env=os.environ, clock=run_on.clock, sleep=run_on.sleep, tracker=run_on.tracker
    )
    dry = dry_run or workspace.config.tagging.dry_run
    echo = show if dry else progress
    admit = workspace.only_check(only) if only is not None else None
    if input is None and only is not None:  # one issue: read it fresh and rank it alone
        run = workspace.tag_issue(only, env=os.environ, dry_run=dry, echo=echo, cache=cache, admit=admit)
    else:
        run = workspace.tag_backlog(
            input,
            env=os.environ,
            only=only,
            dry_run=dry,
            echo=echo,
            cache=cache,
            refresh=refresh,
            progress=progress,
        )
    issues, writes = len(run.issues), len(run.writes)
    if run.dry_run:
        typer.echo(
            f"Dry run: {writes} planned write(s) on {run.touched} of {issues} issue(s); nothing written."
        )
    else:
        requests = run.requests
        typer.echo(
            f"Tagged {issues} issue(s): {writes} write(s) on {run.touched}, "
            f"{issues - run.touched} already up to date ({requests} {run.tracker_name} request(s) in all)."
        )


def register(app: typer.Typer) -> None:
    app.command()(tag)
