"""Where command output goes: stdout or ``--output``; progress and warnings to stderr only."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from icp_triage.errors import DataError


def emit(text: str, output: Path | None) -> None:
    """Write ``text`` to ``output`` (creating parent folders) or to stdout."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DataError(f"{output}: cannot write the report ({exc.strerror})") from None
    typer.echo(f"Wrote {output} ({len(text.encode('utf-8')):,} bytes).", err=True)


def is_terminal() -> bool:
    return sys.stdout.isatty()


def warn(message: str) -> None:
    typer.echo(f"Warning: {message}", err=True)


def progress(message: str) -> None:
    """A progress line on stderr (long syncs), never on stdout."""
    typer.echo(message, err=True)
