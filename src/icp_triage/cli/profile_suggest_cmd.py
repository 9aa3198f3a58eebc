"""``icp-triage profile suggest``: draft a profile from the customers with the best outcomes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from icp_triage.cli.options import ConfigOpt

if TYPE_CHECKING:  # annotations only: --help stays fast
    from icp_triage.workspace import Workspace


def suggest(
    config: ConfigOpt = None,
    output: Optional[Path] = typer.Option(  # noqa: UP045
        None,
        "--output",
        "-o",
        dir_okay=False,
        help="Write a complete icp.yml here: the current file with the drafted profile. Never icp.yml itself.",
    ),
    force: bool = typer.Option(False, "--force", help="With --output: replace a file that exists."),
    best_share: Optional[float] = typer.Option(  # noqa: UP045
        None, "--best-share", min=0.05, max=0.5, help="Share of customers counted as the best (default 0.2)."
    ),
    seed: Optional[int] = typer.Option(  # noqa: UP045
        None, "--seed", help="Seed of the held-out split (default: validation.seed, 0)."
    ),
    today: Optional[str] = typer.Option(  # noqa: UP045
        None, "--today", help="Date for the draft's version (YYYY-MM-DD; default today)."
    ),
) -> None:
    """Draft a profile from the best customers (top 20% by a composite of their outcomes).

    Per attribute, the values or numeric ranges over-represented among the best customers
    become criteria, weighted by their lift (2 points per doubling); the same search on the
    worst 20% gives anti signals. The ICP line (tiers) goes at the fit level whose ICP holds
    the best customers most often, with at least validation.min_accounts accounts; two
    criteria each weak alone and strong together are both required. The draft is built on
    70% of the customers (a seeded split) and judged on the other 30%, beside the current
    profile. Outcome weights of the composite: `outcomes: {weights: {retained: 2, nps: 1}}`
    in icp.yml.

    Prints the draft as commented YAML; icp.yml is never changed. --output writes a complete
    icp.yml (the current one with the drafted profile) that `icp-triage check` accepts.

    Example:  icp-triage profile suggest --output icp.draft.yml
    """
    from icp_triage import evidence
    from icp_triage.cli.output import emit
    from icp_triage.cli.profile_cmd import parse_day
    from icp_triage.core.suggest import suggest as draft_profile
    from icp_triage.errors import DataError
    from icp_triage.reports.profile_yaml import header, profile_yaml
    from icp_triage.workspace import open_workspace

    day = parse_day(today)
    workspace = open_workspace(config, env=os.environ)
    if output is not None:
        _refuse_inputs(output, workspace, force=force)
    changes = {k: v for k, v in (("best_share", best_share), ("seed", seed)) if v is not None}
    settings = workspace.config.validation.model_copy(update=changes)
    table = evidence.outcomes(workspace, os.environ)
    typer.echo(f"Drafting from {len(workspace.accounts)} accounts...", err=True)
    result = draft_profile(
        workspace.accounts,
        table,
        workspace.config.profile,
        today=day,
        outcomes=workspace.config.outcomes,
        settings=settings,
    )
    current = workspace.config.profile
    top = header(result, current, best_share=settings.best_share, holdout=settings.holdout)
    block = profile_yaml(result, current)
    if output is None:
        emit(top + block, None)
        return
    if not block:
        raise DataError(
            f"{workspace.loaded.path}: no profile drafted, so nothing written to {output}: {'; '.join(result.notes)}"
        )
    from icp_triage.config.rewrite import drafted_config
    from icp_triage.files.textfile import read_text

    text = read_text(workspace.loaded.path, label=str(workspace.loaded.path))
    emit(drafted_config(workspace.loaded, text, top + block, output), output)
    typer.echo(f"Check it:  icp-triage check --config {output}", err=True)


def _refuse_inputs(output: Path, workspace: Workspace, *, force: bool) -> None:
    """BadParameter when ``--output`` names the config or the accounts file, or an existing file."""
    loaded = workspace.loaded
    target = output.resolve()
    inputs = {loaded.path.resolve(): "the config being read"}
    if loaded.config.accounts:
        inputs[loaded.resolve(loaded.config.accounts).resolve()] = "the accounts file"
    if target in inputs:
        raise typer.BadParameter(
            f"{output} is {inputs[target]}; suggest never overwrites it", param_hint="--output"
        )
    if output.exists() and not force:
        raise typer.BadParameter(f"{output} exists; pass --force to replace it", param_hint="--output")


def register(app: typer.Typer) -> None:
    app.command()(suggest)
