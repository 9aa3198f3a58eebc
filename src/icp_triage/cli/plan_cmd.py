"""``icp-triage plan --capacity N``: the set of requests that returns the most ICP value."""

from __future__ import annotations

import math
import os
from typing import Optional

import typer

from icp_triage.cli import lifetime
from icp_triage.cli.options import ConfigOpt, Format, InputOpt, OutputOpt, tracker_wiring
from icp_triage.cli.output import emit, is_terminal, warn, warn_all


def _capacity(value: float) -> float:
    """A finite number of points, 0 or more.

    ``float`` accepts "inf" and "nan": inf overflowed the knapsack's grid (reported as a
    bug) and nan failed click's ``min=0`` check with a message about the range, not the
    value. Both are usage errors (exit 2) saying what a capacity must be.
    """
    if not math.isfinite(value) or value < 0:
        raise typer.BadParameter(f"{value:g}: expected a finite number of story points, 0 or more")
    return value


def plan(
    ctx: typer.Context,
    capacity: float = typer.Option(
        ...,
        "--capacity",
        "-C",
        callback=_capacity,
        help="Effort the sprint can take, in story points (fractions allowed).",
    ),
    config: ConfigOpt = None,
    input: InputOpt = None,
    include_opportunistic: bool = typer.Option(
        False, "--include-opportunistic", help="Also consider opportunistic and unattributed requests."
    ),
    confident_only: bool = typer.Option(
        False, "--confident-only", help="Defer low-confidence requests (a requester's fit is unknown)."
    ),
    format: Format = typer.Option(Format.table, "--format", "-f", help="table, json, csv, markdown or html."),
    top: Optional[int] = typer.Option(  # noqa: UP045 - typer needs Optional on 3.10
        None,
        "--top",
        "-n",
        min=1,
        help="Show the first N chosen and N deferred requests (table, markdown, html; JSON and CSV list all).",
    ),
    output: OutputOpt = None,
) -> None:
    """Plan a sprint: the requests that maximise ICP value within --capacity.

    Effort comes from a request's estimate, else a `size:` or `points:` label (see
    `planning:` in icp.yml), else the median effort, marked as assumed. The choice is an
    exact 0/1 knapsack when it fits in memory, else a greedy by value per effort (at least
    half the optimum, with the bound for this backlog stated). Everything not chosen is listed
    with the reason: no capacity left, opportunistic, low confidence, ...

    Example:  icp-triage plan --capacity 20 --input requests.json --format markdown
    """
    from icp_triage.core.planning import plan as make_plan
    from icp_triage.reports.render import render_plan
    from icp_triage.workspace import open_workspace

    run_on = tracker_wiring(ctx)
    workspace = open_workspace(
        config, env=os.environ, clock=run_on.clock, sleep=run_on.sleep, tracker=run_on.tracker
    )
    backlog = workspace.rank(workspace.requests(input, env=os.environ))
    lifetime.keep(backlog)
    warn_all(backlog.notes)
    result = make_plan(
        backlog, capacity, include_opportunistic=include_opportunistic, confident_only=confident_only
    )
    if format is not Format.table or output is not None:  # the table shows its notes itself
        for note in result.notes:
            warn(note)
    color = output is None and is_terminal()
    emit(render_plan(result, format.value, top=top, color=color), output)


def register(app: typer.Typer) -> None:
    app.command()(plan)
