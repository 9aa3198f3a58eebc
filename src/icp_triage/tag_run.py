"""What a ``tag`` run did, for the CLI's summary and the service's log and stored backlog."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from icp_triage.adapters.base import Write
from icp_triage.core.backlog import Backlog
from icp_triage.core.models import RequestLike

if TYPE_CHECKING:
    from icp_triage.workspace import Workspace


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


def offline(workspace: Workspace, env: Mapping[str, str]) -> bool:
    """Whether ``tag --dry-run --input FILE`` previews offline: requests from a file (no
    tracker configured to tag) and no GitHub credential to read the issues with, where the
    run failed "no GitHub token" and a PM could not see what would be written."""
    selection = workspace.selection()
    if workspace.tracker is not None or (selection is not None and selection.kind != "file"):
        return False
    return not any((env.get(name) or "").strip() for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_APP_ID"))


def preview(
    workspace: Workspace,
    explicit: Path,
    *,
    env: Mapping[str, str],
    only: str | None,
    echo: Callable[[str], None] | None,
) -> TagRun:
    """The writes ``tag`` would plan for ``explicit``'s requests as the file describes them
    (``adapters.github.tagger.preview_backlog``), printed, none made."""
    from icp_triage.adapters.github.tagger import preview_backlog, show
    from icp_triage.core.duplicates import with_duplicates
    from icp_triage.errors import DataError

    ranked_from: Sequence[RequestLike] = workspace.requests(explicit, env=env)
    if only is not None:
        ranked_from = with_duplicates(ranked_from, only)
        if not ranked_from:
            raise DataError(f"{explicit}: no request with key {only}")
    backlog = workspace.rank(ranked_from)
    chosen = [r for r in ranked_from if only in (None, r.key) and not backlog.duplicates.is_folded(r.key)]
    pairs = []
    for request in chosen:
        item = backlog.item(request.key)
        if item is None:
            raise DataError(f"{request.key}: not in the ranked backlog")
        pairs.append((request, workspace.desired_tags(backlog, item, rank=None)))
    writes, elsewhere = preview_backlog(pairs, settings=workspace.config.tagging)
    if echo is not None:
        echo(
            f"Offline preview (no GitHub token): the labels in {explicit.name} stand in for the "
            "issues' own, and each comment is shown as new."
        )
        if elsewhere:
            shown = ", ".join(elsewhere[:3]) + (", ..." if len(elsewhere) > 3 else "")
            echo(f"Left out: {len(elsewhere)} requests whose keys are no GitHub issue's ({shown}).")
        for write in writes:
            echo(show(write))
    issues = [r.key for r in chosen if r.key not in set(elsewhere)]
    return TagRun(issues=issues, writes=list(writes), backlog=backlog, dry_run=True)
