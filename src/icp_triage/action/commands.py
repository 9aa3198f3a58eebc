"""The runner's protocols: workflow commands on stdout, ``GITHUB_OUTPUT`` and the job summary.

Workflow commands (``::error file=...,line=...::message``) are how a step puts annotations on
the run page. The runner reads every stdout line that starts with ``::`` (after leading
spaces) as a command, so anything we print that came from an issue (titles, bodies, a
dry-run's planned comment) goes inside a ``::stop-commands::`` block with a random token, and
messages are escaped the way ``@actions/core`` escapes them.
https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from icp_triage.errors import StoreError

SUMMARY_LIMIT = 1024 * 1024  # bytes per step; larger summaries are refused by the runner
TRUNCATED_NOTE = (
    "\n\n> The job summary is limited to 1 MiB: the rest is left out here. "
    "The whole report is in the file named by the action's `report` output.\n"
)


def escape_data(text: str) -> str:
    """A command's message: ``%``, CR and LF escaped, as ``@actions/core`` ``escapeData`` does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command property value (``file=``, ``title=``): also ``:`` and ``,`` escaped."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_command(name: str, message: str, **properties: str | int | None) -> str:
    """One workflow command line, ``::name key=value,...::message``; None properties left out."""
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items() if v is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def workspace_relative(file: str | os.PathLike[str] | None, *, workspace: str | None) -> str | None:
    """A path as the runner wants it in ``file=``: relative to the repository checkout.

    Annotations only attach to a file when the path is relative to ``GITHUB_WORKSPACE``; a path
    outside it is given as is.
    """
    if file is None:
        return None
    path = Path(file)
    if path.is_absolute() and workspace:
        try:
            return path.resolve().relative_to(Path(workspace).resolve()).as_posix()
        except ValueError:
            return str(path)
    return path.as_posix()


class Runner:
    """Speaks to the Actions runner through ``env``'s files and the ``out`` stream."""

    def __init__(self, env: Mapping[str, str], *, out: TextIO | None = None) -> None:
        self.env = env
        self.out = out if out is not None else sys.stdout

    @property
    def in_actions(self) -> bool:
        return self.env.get("GITHUB_ACTIONS") == "true"

    def _print(self, line: str) -> None:
        self.out.write(line + "\n")
        self.out.flush()

    def annotate(
        self,
        level: str,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        title: str | None = None,
    ) -> None:
        """An ``error``, ``warning`` or ``notice`` annotation, attached to ``file``/``line`` if given."""
        rel = workspace_relative(file, workspace=self.env.get("GITHUB_WORKSPACE"))
        self._print(format_command(level, message, title=title, file=rel, line=line if rel else None))

    def error(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.annotate("error", message, file=file, line=line)

    def warning(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.annotate("warning", message, file=file, line=line)

    def notice(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.annotate("notice", message, file=file, line=line)

    def log(self, message: str) -> None:
        """A plain log line of our own wording; untrusted text belongs in ``verbatim``."""
        for part in message.splitlines() or [""]:
            self._print(part if not part.lstrip().startswith("::") else " " + part.replace("::", ": :", 1))

    def echo(self, text: str) -> None:
        """Print ``text`` as it is; only inside ``verbatim`` when it may hold issue text."""
        self._print(text)

    @contextmanager
    def verbatim(self) -> Iterator[None]:
        """Everything printed inside is plain text: the runner runs no command from it.

        The token is random per block, so text inside cannot guess it and end the block.
        """
        token = secrets.token_hex(16)
        self._print(f"::stop-commands::{token}")
        try:
            yield
        finally:
            self._print(f"::{token}::")

    def set_outputs(self, values: Mapping[str, str]) -> None:
        """Append step outputs to ``GITHUB_OUTPUT`` in the multiline-safe ``name<<DELIM`` form.

        Without ``GITHUB_OUTPUT`` (a local run) the outputs are printed instead.
        """
        path = self.env.get("GITHUB_OUTPUT")
        if not path:
            for name, value in values.items():
                self.log(f"output {name}: {value}")
            return
        _append(Path(path), "".join(output_block(name, value) for name, value in values.items()))

    def append_summary(self, markdown: str) -> bool:
        """Append Markdown to the job summary, cut to what is left of the 1 MiB step budget.

        Returns False when there is no ``GITHUB_STEP_SUMMARY`` (a local run).
        """
        path = self.env.get("GITHUB_STEP_SUMMARY")
        if not path:
            return False
        try:
            used = Path(path).stat().st_size
        except OSError:
            used = 0
        _append(Path(path), fit_summary(markdown, SUMMARY_LIMIT - used))
        return True


def output_block(name: str, value: str) -> str:
    """``name<<DELIM`` / value / ``DELIM`` with a delimiter that occurs in neither."""
    while True:
        delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
        if delimiter not in value and delimiter not in name:
            break  # pragma: no branch - a clash with 128 random bits does not happen
    return f"{name}<<{delimiter}\n{value}\n{delimiter}\n"


def fit_summary(markdown: str, budget: int) -> str:
    """``markdown`` if it fits ``budget`` bytes of UTF-8, else cut at a line end plus a note."""
    data = markdown.encode("utf-8")
    if len(data) <= budget:
        return markdown
    note = TRUNCATED_NOTE.encode("utf-8")
    room = max(budget - len(note), 0)
    cut = data[:room]
    newline = cut.rfind(b"\n")
    cut = cut[: newline + 1] if newline >= 0 else b""
    return (cut + note).decode("utf-8", errors="ignore") if room else ""


def _append(path: Path, text: str) -> None:
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write ({exc.strerror})") from None
