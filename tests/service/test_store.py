"""The store's two kinds of transaction: one that may write waits its turn; one that only
reads (``store.reading``) runs beside it, on SQLite as on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable

from icp_triage.service import queue
from icp_triage.service.queue import Incoming
from icp_triage.service.store import reading

GUARD = 60.0  # seconds: only so that a regression fails instead of hanging


def _incoming(delivery: str) -> Incoming:
    return Incoming("github", delivery, "issues.opened", "src", f"o/r#{delivery}")


def _queued(engine) -> int:
    with reading(engine) as connection:
        return queue.counts(connection)["queued"]


def _while_held(hold: Callable[[threading.Event, threading.Event], None], act: Callable[[], object]):
    """Run ``act`` while another thread holds a transaction open; whether it was still open
    when ``act`` returned, and what ``act`` returned."""
    opened, done = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold, args=(opened, done))
    holder.start()
    assert opened.wait(GUARD)
    result = act()
    still_open = holder.is_alive() and not done.is_set()
    done.set()
    holder.join()
    return still_open, result


def test_a_read_runs_beside_an_open_write_and_sees_the_last_commit(engine) -> None:
    with engine.begin() as connection:
        queue.enqueue(connection, _incoming("1"), now=1.0)

    def write(opened: threading.Event, done: threading.Event) -> None:
        with engine.begin() as connection:
            queue.enqueue(connection, _incoming("2"), now=2.0)
            opened.set()
            done.wait(GUARD)

    still_open, seen = _while_held(write, lambda: _queued(engine))
    assert still_open and seen == 1
    assert _queued(engine) == 2


def test_a_write_commits_while_a_read_is_open(engine) -> None:
    def read(opened: threading.Event, done: threading.Event) -> None:
        with reading(engine) as connection:
            queue.counts(connection)
            opened.set()
            done.wait(GUARD)

    def insert() -> int | None:
        with engine.begin() as connection:
            return queue.enqueue(connection, _incoming("3"), now=3.0)

    still_open, stored = _while_held(read, insert)
    assert still_open and stored is not None
    assert _queued(engine) == 1
