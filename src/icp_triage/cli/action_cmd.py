"""``icp-triage action``: the step action.yml runs; reads the event from the runner's env."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

# Not the shared ConfigOpt: the action never looks for ./icp.yml, only for the file the
# workflow names (the action's `config` input) or the repository's .github/icp.yml.
ActionConfigOpt = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional on 3.10
    typer.Option(
        "--config",
        "-c",
        help="Path of icp.yml (default: $ICP_TRIAGE_CONFIG, else ./.github/icp.yml).",
        dir_okay=False,
    ),
]


def action(
    config: ActionConfigOpt = None,
    mode: Annotated[
        Optional[str],  # noqa: UP045 - typer needs Optional on 3.10
        typer.Option("--mode", help="auto, tag, rank or profile (default: $ICP_TRIAGE_MODE, else auto)."),
    ] = None,
    dry_run: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option(
            "--dry-run/--no-dry-run",
            help="Print the labels and comment it would write; write none (default: $ICP_TRIAGE_DRY_RUN).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run as a GitHub Actions step: tag the event's issue, or rank the backlog into the job summary.

    Reads GITHUB_EVENT_NAME and GITHUB_EVENT_PATH. Issue events (issues opened, edited,
    reopened, labeled, unlabeled, transferred; issue_comment created, edited) tag that one
    issue and set the outputs class, tier and icp-value; schedule and workflow_dispatch rank
    the backlog, append the Markdown report to the job summary and set the output report.
    Problems are printed as workflow commands (::error file=...,line=...::) for the run page.
    The config defaults to $ICP_TRIAGE_CONFIG, else .github/icp.yml.

    \b
    Example:  GITHUB_EVENT_NAME=issues GITHUB_EVENT_PATH=event.json icp-triage action --dry-run
    """
    from icp_triage.action.run import run_action

    code = run_action(os.environ, cwd=Path.cwd(), config=config, mode=mode, dry_run=dry_run)
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command()(action)
