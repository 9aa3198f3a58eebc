"""``icp-triage demo``: rank the bundled demo backlog, with no token and no network."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Optional

import typer

from icp_triage.cli.options import Format, TopOpt

DEMO_FILES = ("icp.yml", "accounts.csv", "requests.json")
DEMO_DAY = (2026, 11, 2)
"""The demo data's "today": the profile's age is counted to it, so the output never changes."""


def demo(
    write: Optional[Path] = typer.Option(  # noqa: UP045
        None,
        "--write",
        help="Write the demo's icp.yml, accounts.csv and requests.json to this folder.",
        file_okay=False,
    ),
    format: Format = typer.Option(Format.table, "--format", "-f", help="table, json, csv, markdown or html."),
    top: TopOpt = 10,
    force: bool = typer.Option(False, "--force", help="With --write: overwrite existing files."),
) -> None:
    """Rank a fictional B2B SaaS vendor's backlog and show what ICP ranking changes.

    Prints the ranked backlog (with each request's rank by raw demand), the opportunistic
    list and the unattributed list, then the one line that tells the story, and (table and
    markdown) the profile's validation against the demo customers' outcomes. With --write,
    copies the demo files to start your own setup from.

    \b
    Examples:  icp-triage demo
               icp-triage demo --write ./my-icp
    """
    if write is not None:
        _write(write, force=force)
        return
    from datetime import date

    from icp_triage import evidence
    from icp_triage.cli.output import for_terminal, is_terminal, note_cut
    from icp_triage.cli.profile_cmd import render_validation
    from icp_triage.core.trend import trend
    from icp_triage.core.validate import validate
    from icp_triage.reports.render import render_backlog
    from icp_triage.reports.story import drift, headline
    from icp_triage.workspace import open_workspace

    folder = resources.files("icp_triage.demo_data")
    with resources.as_file(folder) as path:
        workspace = open_workspace(Path(path) / "icp.yml", env={})
        backlog = workspace.rank(workspace.file_requests(None))
        table = evidence.outcomes(workspace, {})
    color = is_terminal()
    note_cut(backlog, top, format.value)
    typer.echo(render_backlog(backlog, format.value, top=top, color=color), nl=False)
    if format is Format.table:
        typer.echo(for_terminal(headline(backlog), report=True))
        slid = drift(trend(backlog))  # the planted slide of the demo's last quarter
        if slid:
            typer.echo(for_terminal(slid, report=True))
    if format in (Format.table, Format.markdown):
        config = workspace.config
        checked = validate(
            workspace.accounts,
            config.profile,
            table,
            today=date(*DEMO_DAY),
            settings=config.validation,
            outcomes=config.outcomes,
        )
        if format is Format.table:
            question = "Is the profile itself right? `icp-triage profile validate` on the demo customers:"
            typer.echo(f"\n{for_terminal(question, report=True)}\n")
        else:
            typer.echo("")
        typer.echo(render_validation(checked, format.value, color=color), nl=False)


def _write(folder: Path, *, force: bool) -> None:
    from icp_triage.errors import DataError

    targets = [folder / name for name in DEMO_FILES]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        raise DataError(f"{', '.join(existing)}: already exists; pass --force to overwrite")
    source = resources.files("icp_triage.demo_data")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for target in targets:
            target.write_bytes(source.joinpath(target.name).read_bytes())
    except OSError as exc:
        raise DataError(f"{folder}: cannot write the demo files ({exc.strerror})") from None
    typer.echo(f"Wrote {', '.join(str(t) for t in targets)}")
    typer.echo(f"Try: icp-triage rank --config {folder / 'icp.yml'}")


def register(app: typer.Typer) -> None:
    app.command()(demo)
