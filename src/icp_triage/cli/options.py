"""Options shared by several commands, declared once so their help reads the same."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"


class ReportFormat(str, Enum):
    """The formats of the ``profile`` commands: no csv or html, so --help offers none."""

    table = "table"
    json = "json"
    markdown = "markdown"


ConfigOpt = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional on 3.10
    typer.Option(
        "--config",
        "-c",
        help="Path of icp.yml (default: ./icp.yml, then ./.github/icp.yml).",
        dir_okay=False,
    ),
]
InputOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--input",
        "-i",
        help="A JSON request file (the `file` source format) to rank instead of the configured source.",
        dir_okay=False,
    ),
]
OutputOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--output", "-o", help="Write to this file instead of standard output.", dir_okay=False),
]
TopOpt = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--top",
        "-n",
        min=1,
        help=(
            "Keep the first N of each list (ranked, opportunistic, unattributed) in every format; "
            "the report notes the cut (JSON and CSV: on stderr). Without it, JSON and CSV hold everything."
        ),
    ),
]
CacheOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--cache",
        help="Directory of the tracker sync cache, GitHub or Jira (default: the user cache dir, e.g. ~/.cache/icp-triage).",
        file_okay=False,
    ),
]
RefreshOpt = Annotated[
    bool,
    typer.Option("--refresh", help="Ignore the sync cache and read every issue again."),
]


@dataclass(frozen=True)
class TrackerWiring:
    """The clock and sleep a command's tracker client runs on, and optionally the tracker
    itself; the real ones unless a caller hands its own as the click context's ``obj``
    (tests: ``CliRunner().invoke(app, args, obj=TrackerWiring(clock, sleep))`` records rate-limit
    waits instead of sleeping; ``TrackerWiring(tracker=...)`` runs a command on an in-memory tracker)."""

    clock: Callable[[], float] | None = None
    sleep: Callable[[float], None] | None = None
    tracker: Any = None  # an adapters.base.Tracker


def tracker_wiring(ctx: typer.Context) -> TrackerWiring:
    """The ``TrackerWiring`` handed to the CLI, else the real clock and sleep."""
    return ctx.obj if isinstance(ctx.obj, TrackerWiring) else TrackerWiring()
