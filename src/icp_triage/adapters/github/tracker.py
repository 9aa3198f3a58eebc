"""GitHub behind the tracker seam: ``GithubSource`` reads, ``GithubTagger`` writes.

Both share one ``GithubSession`` (client and cache), so a run's request count and the
login the token acts as are known once. See ``adapters.base`` for the interfaces.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from icp_triage.adapters.base import Clock, Echo, Membership, Progress, Sleep, Snapshot, Tracker, Write
from icp_triage.adapters.github.names import normalise_key, split_key
from icp_triage.adapters.github.project_board import Board
from icp_triage.adapters.github.project_writes import ProjectWrite, plan_project
from icp_triage.adapters.github.reads import IssueSnapshot
from icp_triage.adapters.github.selection import GithubSelection, ProjectTarget
from icp_triage.adapters.github.session import GithubSession
from icp_triage.adapters.github.tagger import plan_backlog, plan_issue
from icp_triage.core.models import Account, RawRequest, RequestLike

if TYPE_CHECKING:
    from icp_triage.core.tags import Tags, TagSettings


class GithubSource:
    """The issues of ``selection``'s repositories (GraphQL, through the sync cache)."""

    kind = "github"
    name = "GitHub"

    def __init__(
        self, session: GithubSession, selection: GithubSelection, *, tag_prefix: str = "icp"
    ) -> None:
        self.session = session
        self.selection = selection
        self.tag_prefix = tag_prefix

    def backlog(self, *, refresh: bool = False, progress: Progress | None = None) -> list[RawRequest]:
        """Every configured repository's requests, synced through the cache."""
        return self.session.backlog(self.selection, refresh=refresh, progress=progress)

    def read(self, key: str) -> Snapshot:
        """One issue, fresh, in one request, with the repository's labels under our prefix and
        the token's login in ``extra`` (an ``IssueSnapshot``), and its duplicates (one more). DataError for a key that is not
        ``owner/repo#N``; GithubNotFound when there is no such issue."""
        repo, number = split_key(key)
        snapshot = self.session.issue(repo, number, label_prefix=self.tag_prefix)
        return Snapshot(snapshot.request, extra=snapshot, duplicates=snapshot.duplicates)

    def normalise_key(self, text: str) -> str | None:
        return normalise_key(text)

    def selects(self, request: RequestLike) -> Membership:
        """Whether the issue (as an event payload gives it) is in the configured backlog."""
        return self.selection.selects(request)

    def orgs(self, requests: Iterable[RequestLike], accounts: Sequence[Account]) -> dict[str, list[str]]:
        """Public org memberships of the authors no account lists by login (cached), for
        ``attribution.github_orgs: true``."""
        return self.session.orgs(requests, accounts)


class GithubTagger:
    """Labels and the one comment through REST (see ``tagger`` for the write rules), and
    with a ``project`` the ICP fields of its items (``project_writes``)."""

    def __init__(self, session: GithubSession, *, project: ProjectTarget | None = None) -> None:
        self.session = session
        self.project = project
        self._board: Board | None = None

    @property
    def requests(self) -> int:
        return self.session.client.requests

    def plan(self, items: Iterable[tuple[Snapshot, Tags]], *, settings: TagSettings) -> list[Write]:
        """The writes for the items. One issue read with ``GithubSource.read`` plans with no
        further request (its snapshot holds the repository's labels and the token's login);
        otherwise each repository's labels are read once when a label is missing, and the
        token's login once. With a project, its fields and items are read first (one
        request per 100 items): a token that cannot write it stops here, before any write."""
        pairs = list(items)
        project: list[Write] = []
        if self.project is not None:
            project = list(self._plan_project([(s.request.key, t) for s, t in pairs]))
        if len(pairs) == 1 and isinstance(pairs[0][0].extra, IssueSnapshot):
            return [*plan_issue(pairs[0][0].extra, pairs[0][1], settings=settings), *project]
        own = plan_backlog(self.session.client, [(s.request, t) for s, t in pairs], settings=settings)
        return [*own, *project]

    def _plan_project(self, pairs: list[tuple[str, Tags]]) -> list[ProjectWrite]:
        from icp_triage.adapters.github.project_board import issue_node_ids, read_board

        assert self.project is not None
        client = self.session.client
        self._board = board = read_board(client, self.project)
        absent = [key for key, _tags in pairs if key not in board.items]
        ids = issue_node_ids(client, absent) if absent else {}
        return plan_project(board, [(key, tags.fields) for key, tags in pairs], node_ids=ids)

    def apply(
        self,
        writes: Sequence[Write],
        *,
        dry_run: bool = False,
        echo: Echo | None = None,
        progress: Progress | None = None,
    ) -> int:
        """The writes within this host's write budget (``GithubSession.apply``), then the
        project's (``project_writes.apply_project``)."""
        from icp_triage.adapters.github.writes import Write as GithubWrite

        own = [w for w in writes if isinstance(w, GithubWrite)]
        project = [w for w in writes if isinstance(w, ProjectWrite)]
        assert len(own) + len(project) == len(writes), "GithubTagger applies only its own writes"
        done = self.session.apply(own, dry_run=dry_run, echo=echo, progress=progress)
        if not project:
            return done
        if dry_run:
            for write in project:
                if echo is not None:
                    echo(write.describe())
            return done + len(project)
        assert self._board is not None, "project writes come from this tagger's plan"
        return done + self.session.apply_project(self._board, project, echo=echo)


class GithubReviews:
    """Pull requests: icp.yml at the base commit, and the one marked profile comment."""

    def __init__(self, session: GithubSession) -> None:
        self.session = session

    def file_at(self, repo: str, path: str, ref: str) -> str | None:
        from icp_triage.adapters.github.pulls import file_at

        return file_at(self.session.client, repo, path, ref)

    def comment(
        self, repo: str, number: int, body: str, *, dry_run: bool = False, echo: Echo | None = None
    ) -> str:
        from icp_triage.adapters.github.pulls import upsert_comment

        return upsert_comment(self.session.client, repo, number, body, dry_run=dry_run, echo=echo)


def open_github(
    selection: GithubSelection,
    *,
    env: Mapping[str, str],
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    tag_prefix: str = "icp",
    clock: Clock | None = None,
    sleep: Sleep | None = None,
    sleep_on_limit: bool = True,
) -> Tracker:
    """The GitHub tracker: one session (no request yet); ConfigError when no token is set."""
    session = GithubSession.open(
        env,
        max_wait=selection.max_wait,
        cache_dir=cache_dir,
        notice=progress,
        sleep=sleep,
        clock=clock,
        sleep_on_limit=sleep_on_limit,
    )
    return Tracker(
        source=GithubSource(session, selection, tag_prefix=tag_prefix),
        tagger=GithubTagger(session, project=selection.project),
        reviews=GithubReviews(session),
    )
