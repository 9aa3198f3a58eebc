"""Waiting for another process or thread, and bounding work, without timing the machine.

A loaded CI machine runs a test many times slower than an idle one (a SIGTERM test that
passes alone in 0.8 s took over 60 s there), so no test bounds wall-clock time:

- a test waits for the event itself (a file opened, a queue drained, a process exited) and
  ``HANG_GUARD`` only ends one that would otherwise hang forever: it is no bound on speed;
- a bound on work is on CPU time (``cpu_seconds``, ``child_cpu_seconds``), which another
  process's load does not add to, or relative to a baseline measured in the same test.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

HANG_GUARD = 600.0
"""Seconds after which a wait is a hang, not slowness: ten minutes for steps that take
under a second on an idle machine."""


def wait_until(
    condition: Callable[[], object],
    what: str,
    *,
    alive: Callable[[], bool] = lambda: True,
    poll: float = 0.05,
) -> None:
    """Return once ``condition()`` is true; fail at once when ``alive()`` turns false (the
    process or thread that would make it true has gone), or after ``HANG_GUARD``."""
    deadline = time.monotonic() + HANG_GUARD
    while not condition():
        if not alive():
            raise AssertionError(f"stopped before {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} after {HANG_GUARD:.0f} s: hung")
        time.sleep(poll)


@dataclass
class Spent:
    """CPU seconds spent inside a ``with`` block; ``seconds`` is set when it ends."""

    seconds: float = 0.0


@contextmanager
def cpu_seconds() -> Iterator[Spent]:
    """CPU time of this process (every thread) inside the block: what an in-process command
    cost, whatever else the machine runs."""
    spent = Spent()
    started = time.process_time()
    try:
        yield spent
    finally:
        spent.seconds = time.process_time() - started


@contextmanager
def child_cpu_seconds() -> Iterator[Spent]:
    """CPU time (user and system) of the child processes that ended inside the block."""
    spent = Spent()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        yield spent
    finally:
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent.seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
