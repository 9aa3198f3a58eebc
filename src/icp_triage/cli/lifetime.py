"""Let the process exit discard a large run's objects instead of freeing them one by one.

Ranking 100k requests leaves a couple of million small objects; freeing them as the command
returns costs about half as long as parsing the input did, for memory the operating system
takes back at once when the process ends. Commands hand such results to ``keep``; the
console entry point (``icp_triage.cli.main``) then flushes the output streams and ends the
process with ``os._exit``. Anywhere else (tests calling the app in-process, the service)
``keep`` does nothing, so nothing is held longer than it would be.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import NoReturn

_kept: list[object] = []
_enabled = False


def enable() -> None:
    """Called by the console entry point only: this process ends when the command does."""
    global _enabled
    _enabled = True


def keep(*objects: object) -> None:
    """Hold ``objects`` until the process ends (only under the console entry point)."""
    if _enabled:
        _kept.extend(objects)


def closed_pipe(exc: BaseException) -> bool:
    """Whether ``exc`` says the reader of our output has gone (EPIPE: ``| head`` exited)."""
    return isinstance(exc, BrokenPipeError) or (isinstance(exc, OSError) and exc.errno == errno.EPIPE)


def stdout_gone() -> None:
    """Point stdout at the null device once its reader has gone.

    Output still buffered would otherwise be flushed again at exit, into the closed pipe,
    and Python would print "Exception ignored ... BrokenPipeError" and exit with 120. See
    https://docs.python.org/3/library/signal.html#note-on-sigpipe. Under a test runner
    stdout has no file descriptor, and there is nothing to redirect.
    """
    with contextlib.suppress(AttributeError, OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def finish(code: object) -> NoReturn:
    """End the process with ``code`` as ``sys.exit`` would, without freeing kept objects.

    Only files the commands opened themselves are closed by then (they use ``with``); the
    standard streams are flushed here. A closed pipe on stdout (``| head``) is not an error.
    """
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        sys.stderr.write(f"{code}\n")
        status = 1
    if not _kept:
        sys.exit(status)
    for stream in (sys.stdout, sys.stderr):
        # The reader may be gone (``| head``) or the stream closed: nothing left to save.
        with contextlib.suppress(BrokenPipeError, ValueError):
            stream.flush()
    os._exit(status)
