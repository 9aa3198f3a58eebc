"""``icp-triage init``: write a commented starter icp.yml and an accounts.csv header."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import typer

STARTER_FILES = ("icp.yml", "accounts.csv")


def init(
    directory: Path = typer.Argument(
        Path("."), help="Folder to write into (created if missing).", file_okay=False
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite files that already exist."),
) -> None:
    """Write a commented starter icp.yml and an accounts.csv with the expected columns.

    Refuses to overwrite existing files unless --force is given.

    Example:  icp-triage init .github && icp-triage check -c .github/icp.yml
    """
    from icp_triage.errors import DataError

    targets = [directory / name for name in STARTER_FILES]
    # exists() is False for a symlink to nowhere, and writing would create its target
    # wherever it points: refused, even with --force.
    dangling = [str(t) for t in targets if t.is_symlink() and not t.exists()]
    if dangling:
        raise DataError(
            f"{', '.join(dangling)}: a symbolic link to a file that does not exist; init does not write "
            "through it (remove the link first)"
        )
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        raise DataError(
            f"{', '.join(existing)} already exist{'s' if len(existing) == 1 else ''}; pass --force to overwrite"
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for target in targets:
            target.write_text(_starter(target.name), "utf-8")
    except OSError as exc:
        raise DataError(f"{directory}: cannot write the starter files ({exc.strerror})") from None
    for target in targets:
        typer.echo(f"Wrote {target}")
    typer.echo("Next: fill accounts.csv from your CRM, edit the profile, then run `icp-triage check`.")


def _starter(name: str) -> str:
    """A starter file's text; icp.yml's first line names the installed version's JSON Schema,
    so an editor validates and completes it as it is typed."""
    from icp_triage import __version__
    from icp_triage.config.editor_schema import schema_url

    text = resources.files("icp_triage.starter").joinpath(name).read_text("utf-8")
    return text.replace("@SCHEMA_URL@", schema_url(__version__))


def register(app: typer.Typer) -> None:
    app.command()(init)
