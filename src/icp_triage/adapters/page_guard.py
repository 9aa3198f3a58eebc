"""A progress guard for every loop that pages through a remote API.

A tracker that answers the same cursor again, or an empty page that still promises more,
would otherwise keep a sync asking forever (an issue deleted mid-sync made GitHub's
``node(id:)`` answer ``null`` and the cursors never moved: thousands of requests a minute).
Each paging loop asks its guard before the next request; the guard ends the loop with a
SourceError naming what was being read, so the user sees a failure instead of a hang.
"""

from __future__ import annotations

from collections.abc import Hashable

from icp_triage.errors import SourceError


class PageGuard:
    """Refuses a next page that cannot make progress: a cursor (or whole position) seen
    before, a page that promises more without a cursor, or an empty page that promises more."""

    def __init__(self, what: str, *, tracker: str = "GitHub") -> None:
        self.what = what
        self.tracker = tracker
        self._seen: set[Hashable] = set()

    def advance(self, position: Hashable, *, items: int, more: bool) -> None:
        """Record the position the next request starts from; raises SourceError when
        ``more`` is promised but the loop would not move on."""
        if not more:
            return
        if items == 0:
            raise SourceError(
                f"{self.tracker} sent an empty page that promises more while {self.what}; "
                "stopped rather than ask again forever (retry later)"
            )
        if position is None or position in self._seen:
            seen = "no cursor" if position is None else "the same cursor twice"
            raise SourceError(
                f"{self.tracker} sent {seen} while {self.what}; stopped rather than ask again forever "
                "(retry later)"
            )
        self._seen.add(position)
