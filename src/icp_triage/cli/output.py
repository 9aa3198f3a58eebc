"""Where command output goes: stdout or ``--output``; progress and warnings to stderr only."""

from __future__ import annotations

import codecs
import os
import shutil
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from icp_triage.errors import DataError

if TYPE_CHECKING:  # annotations only: --help stays fast
    from icp_triage.core.backlog import Backlog


def emit(text: str | Iterable[bytes], output: Path | None) -> None:
    """Write ``text`` to ``output`` or to stdout; raises DataError when ``output`` is a file
    the command read or its folder does not exist (files.output_guard).

    ``text`` may come as UTF-8 chunks (``rank --format json``, 79 MB at 100k requests): they
    are written as they come wherever the text would be written as UTF-8 with "\\n" line ends
    anyway, else joined and decoded, so the bytes written never depend on the form.
    """
    if not isinstance(text, str) and not _utf8_as_is(output):
        text = b"".join(text).decode("utf-8")
    if output is None:
        if isinstance(text, str):
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            for chunk in text:
                sys.stdout.buffer.write(chunk)
        sys.stdout.flush()
        return
    from icp_triage.files.output_guard import check_output

    check_output(output)
    try:
        if isinstance(text, str):
            output.write_text(text, encoding="utf-8")
            size = len(text.encode("utf-8"))
        else:
            with output.open("wb") as file:
                size = sum(file.write(chunk) for chunk in text)
    except OSError as exc:
        raise DataError(f"{output}: cannot write the report ({exc.strerror})") from None
    typer.echo(f"Wrote {output} ({size:,} bytes).", err=True)


def _utf8_as_is(output: Path | None) -> bool:
    """Whether UTF-8 bytes are what writing the text would write: no "\\r\\n" (Windows), UTF-8."""
    if os.linesep != "\n":
        return False
    if output is not None:
        return True
    encoding = getattr(sys.stdout, "encoding", None)
    return (
        isinstance(encoding, str)
        and codecs.lookup(encoding).name == "utf-8"
        and hasattr(sys.stdout, "buffer")
    )


def is_terminal() -> bool:
    return sys.stdout.isatty()


def for_terminal(text: str, *, err: bool = False, indent: str = "", report: bool = False) -> str:
    """``text`` made inert (no control character but line breaks: messages quote untrusted
    keys, titles and cells), then wrapped between words at the terminal's width when its
    stream is a terminal, which would otherwise break a long line mid-word at its edge;
    ``indent`` starts each continued line. In a pipe, a file or a CI log each message stays
    one line, for grep; prose that is part of a report (``report``, the demo's story) wraps
    at ``COLUMNS`` there when it is set, as the report's tables do (``page_width``)."""
    from icp_triage.core.untrusted import inert

    text = inert(text)  # messages quote keys, titles and cells: no escape sequence gets through
    stream = sys.stderr if err else sys.stdout
    if stream.isatty():
        width = max(40, shutil.get_terminal_size((140, 40)).columns)
    elif report and os.environ.get("COLUMNS"):
        from icp_triage.reports.table import page_width

        width = max(40, page_width(False))
    else:
        return text
    return "\n".join(
        textwrap.fill(line, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)
        if len(line) > width
        else line
        for line in text.split("\n")
    )


def show(text: str) -> None:
    """Text for stdout as it is (``tag --dry-run``'s planned comments keep their lines), with
    no control character: a title or an account name in it may carry escape sequences."""
    from icp_triage.core.untrusted import inert

    typer.echo(inert(text))


def say(message: str, *, err: bool = False) -> None:
    """A message (a report line, a warning, a note, progress), inert and wrapped to a
    terminal's width with continued lines indented."""
    typer.echo(for_terminal(message, err=err, indent="  "), err=err)


def warn(message: str) -> None:
    say(f"Warning: {message}", err=True)


def warn_all(messages: Iterable[str]) -> None:
    for message in messages:
        warn(message)


def note_cut(backlog: Backlog, top: int | None, fmt: str) -> None:
    """Say on stderr what ``--top`` left out of a JSON or CSV report, which cannot say it.

    The other formats carry the note in the report itself; JSON and CSV keep their shape
    (DESIGN.md), so scripts reading them see no extra line.
    """
    if fmt not in ("json", "csv"):
        return
    from icp_triage.reports.top import cut_note

    message = cut_note(backlog, top)
    if message:
        say(f"Note: {message}", err=True)


def progress(message: str) -> None:
    """A progress line on stderr (long syncs, each write of ``tag``), never on stdout."""
    say(message, err=True)
