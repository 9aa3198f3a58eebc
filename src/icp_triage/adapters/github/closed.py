"""The closed issues a sync keeps: duplicates, whose demand counts for their originals, and
the issues closed as completed, which shipped (``icp-triage shipped``; ranking leaves them out).

A backlog of open issues leaves out the issues closed as duplicates, and with them the +1s
and comments customers left there (``core.duplicates`` moves those to the original). So a
cold sync of an open selection also reads the selection's closed issues (the same labels or
query, state closed) and keeps the duplicates among them. On a repository's issue
connection they ride along in the open pages' own requests (``ISSUES_PAGE``'s ``closed``
connection, from its own cursor), so 1,000 open and 1,000 closed issues cost the 10
requests 1,000 open ones did; whatever is left when the open pages end, and a search
source's closed issues, are read on by themselves. An incremental sync reads every issue
updated since the last one, open or closed, as before.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from icp_triage.adapters.github.client import GraphqlResponse
from icp_triage.adapters.github.reads import dig
from icp_triage.adapters.page_guard import PageGuard
from icp_triage.core.models import RawRequest, closed_as_completed

if TYPE_CHECKING:
    from icp_triage.adapters.github.sync import Selection


def kept_closed(selection: Selection, request: RawRequest) -> bool:
    """Whether ``request`` is a closed issue an open selection keeps only as a duplicate or
    as shipped (closed as completed)."""
    return selection.state == "open" and request.state == "closed" and kept_when_closed(request)


def kept_when_closed(request: RawRequest) -> bool:
    """Whether a closed issue is kept: a duplicate, or closed as completed (shipped)."""
    return request.duplicate_of is not None or closed_as_completed(request)


class ClosedRider:
    """The closed issues of one selection, a page per request of the open pages while those
    last (``variables`` for each request, ``take`` its answer), then ``more`` says whether
    any are left to read on their own, from ``after`` (``closed``: the selection to read)."""

    def __init__(self, selection: Selection) -> None:
        self.closed = replace(selection, state="closed")
        self.more = selection.state == "open"
        self.riding = self.more and selection.query is None  # search has no second cursor
        self.after: str | None = None
        self._guard = PageGuard(f"reading the closed issues of {selection.repo}")

    def variables(self) -> dict[str, Any]:
        return {"withClosed": self.riding, "closedAfter": self.after, "closedBy": self.closed.filter_by()}

    def take(self, response: GraphqlResponse) -> list[Any]:
        """The closed issue nodes of one open page's answer; moves the cursor on."""
        if not self.riding:
            return []
        connection = dig(response.data, ["repository", "closed"]) or {}
        nodes = [n for n in connection.get("nodes") or [] if n is not None]
        info = connection.get("pageInfo") or {}
        self.more = bool(info.get("hasNextPage"))
        self.riding = self.more
        if self.more:
            self.after = info.get("endCursor") or self.after
            self._guard.advance(self.after, items=len(nodes), more=True)
        return nodes
