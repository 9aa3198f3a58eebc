"""Paging GitHub searches by their sort key, and issue connections by cursor, in one shape."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timezone
from typing import Any

from icp_triage.adapters.github.cache import RepoState
from icp_triage.adapters.github.client import GithubClient, GraphqlResponse
from icp_triage.adapters.github.names import issue_key
from icp_triage.adapters.github.reads import IssueVanished, Progress, complete, paged, to_request
from icp_triage.adapters.page_guard import PageGuard
from icp_triage.core.models import RawRequest


def stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_stamp(stamp: str | None) -> datetime | None:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else None


Page = tuple[list[dict[str, Any]], dict[str, Any], GraphqlResponse, str | None]


def keyset_pages(
    client: GithubClient,
    query: str,
    variables: Callable[[str | None], dict[str, Any]],
    *,
    key: str,
    path: Sequence[str],
    what: str,
    repo: str,
    bound: str | None = None,
) -> Iterator[Page]:
    """Page through a search by its sort key (``key``: createdAt or updatedAt), not by cursor.

    GitHub's search cursors are offsets: when an issue leaves the result set (closed,
    unlabelled) or moves in it (``sort:updated-asc`` and updated during the run) while we
    page, every later result shifts one place and one is never read, and no later run
    repairs it. So each page is a fresh search bounded from the last key read (``variables``
    turns the bound into ``created:>=`` or ``updated:>=``): whatever leaves or moves, no
    unread issue can end up behind the bound. The bound is inclusive (GitHub's times have
    one-second resolution), so an issue already read with the same key is skipped, and one
    read with an older key (updated again meanwhile) is yielded again. Should a whole page
    share the bound's key (over a page of issues in one second), that search is paged by
    cursor until the key moves on. Costs one request per page, as cursors did.

    Yields the page's new nodes, its connection, its response and the bound reached.
    """
    seen: dict[int, Any] = {}
    after: str | None = None
    guard = PageGuard(what)
    while True:
        # Only the first page of each bounded search; the next page is a new search.
        connection, response = next(
            iter(paged(client, query, variables(bound), path=path, what=what, repo=repo, after=after))
        )
        nodes = [n for n in connection.get("nodes") or [] if n and "number" in n]
        fresh = [n for n in nodes if seen.get(int(n["number"])) != n.get(key)]
        seen.update((int(n["number"]), n.get(key)) for n in fresh)
        keys = [moment for n in nodes if (moment := parse_stamp(n.get(key))) is not None]
        latest = stamp(max(keys)) if keys else bound
        info = connection.get("pageInfo") or {}
        if latest != bound:
            bound, after = latest, None
        else:
            after = info.get("endCursor")
        yield fresh, connection, response, bound
        if not info.get("hasNextPage"):
            return
        guard.advance((bound, after), items=len(nodes), more=True)


def cursor_pages(pages: Iterable[tuple[dict[str, Any], GraphqlResponse]]) -> Iterator[Page]:
    """``paged`` in ``_keyset``'s shape: an issue connection's cursors are opaque and sound."""
    for connection, response in pages:
        yield (
            connection.get("nodes") or [],
            connection,
            response,
            (connection.get("pageInfo") or {}).get("endCursor"),
        )


def latest_created(requests: Iterable[RawRequest]) -> str | None:
    """The newest creation time among ``requests``: where a search checkpoint resumes."""
    moments = [r.created_at for r in requests if r.created_at is not None]
    return stamp(max(moments)) if moments else None


def add_nodes(
    client: GithubClient,
    state: RepoState,
    nodes: Sequence[Any],
    *,
    keep: Callable[[RawRequest], bool],
    progress: Progress | None = None,
) -> None:
    """Store each issue node that ``keep`` accepts; one that vanished while its extra pages
    were read is dropped from this sync with a note (the next sync sees it gone or moved)."""
    for node in nodes:
        if node is None or node.get("__typename", "Issue") != "Issue":
            continue
        number = int(node["number"])
        try:
            request = to_request(complete(client, node, what=issue_key(state.repo, number)), what="syncing")
        except IssueVanished as exc:
            state.requests.pop(number, None)
            if progress is not None:
                progress(f"{exc}; left out of this sync")
            continue
        if keep(request):
            state.requests[number] = request
        else:
            state.requests.pop(number, None)
