"""What a ``tag`` run did, for the CLI's summary and the service's log and stored backlog."""

from __future__ import annotations

from dataclasses import dataclass

from icp_triage.adapters.base import Write
from icp_triage.core.backlog import Backlog
from icp_triage.core.models import RequestLike


@dataclass
class TagRun:
    """What a ``tag`` run did: the issues evaluated, the writes (made or, dry, planned), and
    the backlog they were ranked in (``backlog.item(key)`` gives class, tier, ICP value)."""

    issues: list[str]
    writes: list[Write]
    backlog: Backlog
    dry_run: bool
    requests: int = 0  # API requests the tracker made in all, reads included
    tracker_name: str = "GitHub"  # how messages name the tracker
    read: tuple[RequestLike, ...] = ()  # the requests as read (the service stores them for its backlog)

    @property
    def touched(self) -> int:
        """How many of ``issues`` get at least one write (a label created for a whole
        repository names no issue)."""
        evaluated = set(self.issues)
        return len({w.target for w in self.writes if w.target in evaluated})
