"""``icp-triage profile validate|suggest|diff``: test the ICP itself against customer outcomes."""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING, Optional

import typer

from icp_triage.cli import profile_diff_cmd, profile_suggest_cmd
from icp_triage.cli.options import ConfigOpt, OutputOpt, ReportFormat

if TYPE_CHECKING:  # annotations only: --help stays fast
    from icp_triage.core.validate import Validation

profile_app = typer.Typer(
    name="profile",
    help=(
        "Test the profile against real customer outcomes (won, retained, expansion, nps, usage, "
        "churned_at, support_tickets columns of the accounts): validate it, draft one from the "
        "best customers, or diff two versions.\n\n\b\nExample:  icp-triage profile validate --config .github/icp.yml"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)


def parse_day(text: str | None) -> date:
    """``--today`` as a date (default: today); BadParameter for anything else."""
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"expected a date such as 2026-11-30, got {text!r}") from None


TodayOpt = typer.Option(
    None, "--today", help="The date the profile's age is counted to (YYYY-MM-DD; default: today)."
)
SeedOpt = typer.Option(
    None, "--seed", help="Seed of the bootstrap and the held-out split (default: validation.seed, 0)."
)


def validate(
    config: ConfigOpt = None,
    format: ReportFormat = typer.Option(
        ReportFormat.table, "--format", "-f", help="table, json or markdown."
    ),
    output: OutputOpt = None,
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when there is any warning (for CI)."),
    max_share: Optional[float] = typer.Option(  # noqa: UP045
        None,
        "--max-share",
        min=0.01,
        max=1.0,
        help="Warn when the ICP holds more than this share of accounts (default 0.5).",
    ),
    seed: Optional[int] = SeedOpt,  # noqa: UP045
    today: Optional[str] = TodayOpt,  # noqa: UP045
) -> None:
    """Compare the ICP accounts (tiers A and B) with the rest on every outcome column.

    For each outcome: the ICP's rate or mean against the rest's, the lift (ratio) and the
    difference with 95% intervals (Wilson for rates, a seeded bootstrap for means), the
    counts, and a verdict: supported, contradicted, no difference, or too few accounts to
    say. Then the win rate by tier, and warnings: too broad, partial (the ICP takes in
    accounts meeting only part of what sets the best customers apart), persona (a person's
    attribute such as job_title), aspirational, dead criteria, stale version.

    Exits 0 whatever it finds (2 for bad config or data); with --strict, 1 on any warning.

    Example:  icp-triage profile validate --format markdown --strict
    """
    from icp_triage import evidence
    from icp_triage.cli.output import emit, is_terminal
    from icp_triage.core.validate import validate as run_validation
    from icp_triage.workspace import open_workspace

    day = parse_day(today)
    workspace = open_workspace(config, env=os.environ)
    settings = workspace.config.validation
    changes = {k: v for k, v in (("max_share", max_share), ("seed", seed)) if v is not None}
    settings = settings.model_copy(update=changes)
    table = evidence.outcomes(workspace, os.environ)
    loaded = workspace.config
    result = run_validation(
        workspace.accounts, loaded.profile, table, today=day, settings=settings, outcomes=loaded.outcomes
    )
    emit(render_validation(result, format.value, color=output is None and is_terminal()), output)
    if strict and result.warnings:
        raise typer.Exit(1)


def render_validation(result: Validation, fmt: str, *, color: bool = False) -> str:
    """The validation in ``fmt`` (table, json or markdown)."""
    from icp_triage.reports import profile_report

    if fmt == "json":
        return profile_report.validation_json(result)
    if fmt == "markdown":
        return profile_report.validation_markdown(result)
    from icp_triage.reports.table import page_width, to_text

    width = page_width(color)
    return to_text(*profile_report.validation_tables(result, width=width), color=color, width=width)


profile_app.command()(validate)
profile_suggest_cmd.register(profile_app)
profile_diff_cmd.register(profile_app)


def register(app: typer.Typer) -> None:
    app.add_typer(profile_app)
