"""Standard output that says so when it cannot be written.

``rank >&-`` (stdout closed) made Python set ``sys.stdout`` to None: click then wrote
nothing and ``check`` or ``--version`` reported success; ``>/dev/full`` surfaced as
"unexpected OSError ... This is a bug". Under ``install`` every write or flush that fails
raises StdoutFailed, one ``Error: cannot write to standard output: ...`` line and exit 1,
for every command and for ``--version`` and ``--help``. A reader that goes away (EPIPE,
``| head``) is still no error: that BrokenPipeError passes through to the quiet handling of
``lifetime``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Any

from icp_triage.errors import TriageError


def closed_pipe(exc: OSError) -> bool:
    """EPIPE: the reader went away (``| head``), which cli.lifetime treats as no error."""
    return isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE


def stdout_gone() -> None:
    """Point file descriptor 1 at the null device (as cli.lifetime.stdout_gone; this module
    is imported by the Action's step, which must not load the typer app)."""
    with contextlib.suppress(AttributeError, OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
        os.close(devnull)


class StdoutFailed(TriageError):
    """Writing to standard output failed (closed, disk full, I/O error); exit status 1."""

    exit_code = 1


_failure: list[StdoutFailed] = []  # the first failure; every later write fails the same way


def _failed(exc: OSError) -> StdoutFailed:
    # Remembered, because click probes a stream with write("") and swallows what that raises.
    if not _failure:
        _failure.append(StdoutFailed(f"cannot write to standard output: {exc.strerror or exc}"))
    return _failure[0]


def failure() -> StdoutFailed | None:
    """The failure to write standard output, if there was one."""
    return _failure[0] if _failure else None


class _Guarded:
    """A stream proxy (text stdout or its binary buffer) whose write and flush failures are
    StdoutFailed; everything else is the stream's own."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    @property
    def buffer(self) -> _Guarded:
        return _Guarded(self._stream.buffer)

    def write(self, data: Any) -> int:
        if _failure:
            raise _failure[0]
        try:
            return int(self._stream.write(data))
        except OSError as exc:
            if closed_pipe(exc):
                raise
            raise _failed(exc) from None

    def flush(self) -> None:
        if _failure:
            raise _failure[0]
        try:
            self._stream.flush()
        except OSError as exc:
            if closed_pipe(exc):
                raise
            raise _failed(exc) from None


class _Closed:
    """Standard output when the process was started without one (``>&-``)."""

    encoding = "utf-8"
    errors = "strict"

    @property
    def buffer(self) -> _Closed:
        return self

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(9, "standard output is closed")

    def write(self, _data: Any) -> int:
        if not _failure:
            _failure.append(StdoutFailed("cannot write to standard output: it is closed"))
        raise _failure[0]

    def flush(self) -> None:
        """Nothing was written, so nothing is lost here; the write already failed."""


def install() -> None:
    """Replace ``sys.stdout`` by its guarded form (console entry points only)."""
    if sys.stdout is None:
        sys.stdout = _Closed()
    elif not isinstance(sys.stdout, (_Guarded, _Closed)):
        sys.stdout = _Guarded(sys.stdout)


def report(exc: StdoutFailed) -> int:
    """Say ``exc`` on stderr; the exit status."""
    sys.stderr.write(f"Error: {exc}\n")
    return exc.exit_code


def settle(code: object) -> int | str | None:
    """The exit status once standard output is flushed: a success whose output did not get
    out is reported (once) and becomes 1. Afterwards stdout points at the null device, so
    what is still buffered cannot fail again at exit with a traceback."""
    if code in (0, None) and failure() is None:
        try:
            sys.stdout.flush()
        except StdoutFailed:
            pass
        except OSError:  # pragma: no cover - a stream install() did not wrap
            return code
    found = failure()
    if found is not None:
        if code in (0, None):
            code = report(found)
        stdout_gone()
        # The real stream's buffer now drains into the null device at exit; with none at all
        # (closed at start), a null stream takes the final flushes.
        sys.stdout = sys.__stdout__ or open(os.devnull, "w")  # noqa: SIM115 - lives until exit
    return code if code is None or isinstance(code, (int, str)) else str(code)
