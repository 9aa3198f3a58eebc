"""Sync a repository's backlog into the cache in the fewest GraphQL requests.

- Cold (no cache, another selection, or ``--refresh``): one request per 100 issues, filtered
  on the server, plus one per extra page of an issue with a long thread.
- Incremental: one request for every issue updated since the last sync (``filterBy:
  {since}``, GitHub's clock, minus OVERLAP), which also returns how many issues the selection
  holds now. Issues that were closed or lost a label come back updated and leave the cache.
- Deleted and transferred issues are never "updated", so they are caught by the count: when
  the cache holds more issues than GitHub says the selection has, one more listing of issue
  numbers only (100 per request, no bodies) finds and drops them. Checking the count costs
  nothing extra, so the listing is paid only when something vanished, where a full
  listing on every run would spend ceil(N/100) requests on every unchanged repository.
- Closed duplicates (their demand counts for their originals) and issues closed as completed
  (shipped) are kept too: read beside the open pages of a cold sync, updated ones by the incremental.
- Every ``refresh_days`` (7) the sync is cold again, a safety net for changes GitHub does
  not count as updating an issue (a new reaction, at least; unverified which others).

A ``query:`` source uses GitHub search the same way (``updated:>=`` for incremental,
``issueCount`` for the count); search returns at most 1,000 issues, so a larger result is
refused (ConfigError) rather than silently cut, in the cold and the incremental sync alike,
and a numbers listing shorter than the count GitHub reported never deletes cached issues.
Search cursors are offsets that shift when an issue leaves or moves in the result set while
we page, so search is paged by keyset instead (``_keyset``: ``created:>=`` or ``updated:>=``
the last issue read), and a search checkpoint resumes from the newest issue it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from icp_triage.adapters.github.cache import CacheStore, RepoState
from icp_triage.adapters.github.client import GithubClient
from icp_triage.adapters.github.closed import ClosedRider, kept_closed, kept_when_closed
from icp_triage.adapters.github.paging import (
    Page,
    add_nodes,
    cursor_pages,
    keyset_pages,
    latest_created,
    parse_stamp,
    stamp,
)
from icp_triage.adapters.github.queries import (
    ISSUE_NUMBERS,
    ISSUES_CHANGED,
    ISSUES_PAGE,
    SEARCH_CHANGED,
    SEARCH_NUMBERS,
    SEARCH_PAGE,
)
from icp_triage.adapters.github.reads import (
    Progress,
    dig,
    paged,
    server_time,
)
from icp_triage.adapters.github.transport import GithubUnavailable, redacted
from icp_triage.core.models import RawRequest
from icp_triage.errors import ConfigError, SourceError

OVERLAP = timedelta(minutes=2)  # updates landing while the last sync ran are asked for again
SEARCH_CAP = 1000  # https://docs.github.com/en/graphql/reference/queries#search


@dataclass(frozen=True, slots=True)
class Selection:
    """Which issues of one repository form the backlog."""

    repo: str
    state: str = "open"
    labels: tuple[str, ...] = ()
    query: str | None = None
    refresh_days: float = 7.0

    @property
    def owner_name(self) -> dict[str, str]:
        owner, name = self.repo.split("/", 1)
        return {"owner": owner, "name": name}

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state, "labels": sorted(x.casefold() for x in self.labels), "query": self.query}

    def filter_by(self) -> dict[str, Any]:
        """``IssueFilters`` for the selection. GitHub matches issues carrying ANY of
        ``labels`` here (unlike REST's all-of; see cli/cli#419), which ``matches`` mirrors."""
        found: dict[str, Any] = {}
        if self.state != "all":
            found["states"] = [self.state.upper()]
        if self.labels:
            found["labels"] = list(self.labels)
        return found

    def search(self, *, sort: str, since: str | None = None, created: str | None = None) -> str:
        parts = [f"repo:{self.repo}", "is:issue"]
        if self.state != "all":
            parts.append(f"is:{self.state}")
        parts.append(self.query or "")
        parts.append(f"sort:{sort}")
        if since:
            parts.append(f"updated:>={since}")
        if created:
            parts.append(f"created:>={created}")
        return " ".join(p for p in parts if p)

    def matches(self, request: RawRequest, *, any_state: bool = False) -> bool:
        if self.state != "all" and request.state != self.state and not any_state:
            return False
        if not self.labels:
            return True
        wanted = {x.casefold() for x in self.labels}
        return any(label.casefold() in wanted for label in request.labels)

    def keeps(self, request: RawRequest) -> bool:
        """Whether the cache holds ``request``: one of the selection, or a closed duplicate
        with its labels (``adapters.github.closed``)."""
        if kept_closed(self, request):
            return self.matches(request, any_state=True)
        return self.matches(request)

    def keeps_searched(self, request: RawRequest) -> bool:
        """``keeps`` for an issue the search (the query) found in any state."""
        return self.state in ("all", request.state) or kept_closed(self, request)


def _report(progress: Progress | None, state: RepoState, total: int | None, response: Any) -> None:
    if progress is None:
        return
    rate = dig(response.data, ["rateLimit", "remaining"])
    of = f" of {total:,}" if total is not None else ""
    left = f" (rate limit: {rate:,} points left)" if isinstance(rate, int) else ""
    progress(f"GitHub {state.repo}: {len(state.requests):,}{of} issues{left}")


def _check_cap(selection: Selection, total: Any) -> None:
    """Refuse a search matching more than GitHub will list, wherever its count is seen.

    GitHub pages through at most SEARCH_CAP results, so past it issues would be missing
    from the backlog, and the numbers listing would make the sync delete cached ones.
    """
    if selection.query is not None and isinstance(total, int) and total > SEARCH_CAP:
        raise ConfigError(
            f"source.github.query matches {total:,} issues in {selection.repo}; GitHub search "
            f"returns at most {SEARCH_CAP:,}: narrow the query, or use labels and state instead"
        )


def _whole_selection(
    client: GithubClient,
    selection: Selection,
    issues_query: str,
    search_query: str,
    *,
    what: str,
    after: str | None = None,
    bound: str | None = None,
    rider: ClosedRider | None = None,
) -> Iterator[Page]:
    """Every issue of the selection, oldest first: the repository's issue connection paged by
    its (opaque, stable) cursor from ``after``, or a search paged by creation time from
    ``bound`` (_keyset), since search cursors are offsets that shift as issues leave."""
    if selection.query is None:
        variables: dict[str, Any] = {**selection.owner_name, "filterBy": selection.filter_by() or None}
        return cursor_pages(
            paged(
                client,
                issues_query,
                variables,
                path=["repository", "issues"],
                what=what,
                repo=selection.repo,
                after=after,
                extra=rider.variables if rider is not None else None,
            )
        )
    return keyset_pages(
        client,
        search_query,
        lambda created: {"query": selection.search(sort="created-asc", created=created)},
        key="createdAt",
        path=["search"],
        what=what,
        repo=selection.repo,
        bound=bound,
    )


def _cold(
    client: GithubClient,
    selection: Selection,
    progress: Progress | None,
    *,
    store: CacheStore | None = None,
    resume: RepoState | None = None,
) -> RepoState:
    """Read the whole selection, page by page, continuing ``resume`` (a checkpoint) if given.

    When a page fails (a rate limit outlasting ``max_wait``, above all: an Actions token has
    1,000 points an hour) the pages read so far are saved to ``store`` as a checkpoint with
    the cursor, so the next run continues there instead of starting over, and a backlog
    too large for one run's budget still completes over several. An interrupted run (Ctrl-C,
    a cancelled or timed-out job) keeps its pages the same way.
    """
    if resume is not None and resume.resume_after:
        state, after = resume, resume.resume_after
        started: datetime | None = parse_stamp(resume.resume_started)
    else:
        state, after, started = RepoState(repo=selection.repo, selection=selection.as_dict()), None, None
    what = f"reading the issues of {selection.repo}"
    closed = ClosedRider(selection)  # the duplicates among the closed issues, read alongside
    # A checkpoint of a search resumes from the newest issue it holds, whatever its
    # resume_after says: an offset cursor saved by an older version would skip issues that
    # left the result set since (see _keyset).
    pages = _whole_selection(
        client,
        selection,
        ISSUES_PAGE,
        SEARCH_PAGE,
        what=what,
        after=after,
        bound=latest_created(state.requests.values()) if after else None,
        rider=closed,
    )
    total: int | None = None
    try:
        for nodes, connection, response, reached in pages:
            started = started or server_time(response, client.clock())
            if total is None:  # the first page's count; later keyset pages count only their bound
                total = connection.get("totalCount", connection.get("issueCount"))
                _check_cap(selection, total)
            add_nodes(client, state, nodes, keep=lambda _r: True, progress=progress)
            add_nodes(client, state, closed.take(response), keep=kept_when_closed, progress=progress)
            if selection.query is None:
                after = reached or after  # page kept
            elif reached is not None:
                after = f"created:>={reached}"  # a marker: resuming reads the bound from the pages
            _report(progress, state, total, response)
        if closed.more:  # closed issues past the open pages, or a search's: read on their own
            what = f"reading the closed issues of {selection.repo}"
            rest = _whole_selection(
                client, closed.closed, ISSUES_PAGE, SEARCH_PAGE, what=what, after=closed.after
            )
            for nodes, _connection, _response, _reached in rest:
                add_nodes(client, state, nodes, keep=kept_when_closed, progress=progress)
    except (SourceError, KeyboardInterrupt):  # Ctrl-C, or a cancelled Actions job (SIGINT)
        if store is not None and after is not None and started is not None:
            state.synced_at = state.full_synced_at = None
            state.resume_after, state.resume_started = after, stamp(started)
            store.save(state)
        raise
    state.synced_at = stamp((started or datetime.now(timezone.utc)) - OVERLAP)
    state.full_synced_at = state.synced_at
    state.resume_after = state.resume_started = None
    return state


def _numbers(client: GithubClient, selection: Selection) -> tuple[set[int], int | None]:
    """The numbers of the issues in the selection now, and how many GitHub said it holds.

    A listing shorter than that count is incomplete (cut, or shifted while paging), so the
    caller must not delete cached issues on its strength.
    """
    what = f"listing the issue numbers of {selection.repo}"
    pages = _whole_selection(client, selection, ISSUE_NUMBERS, SEARCH_NUMBERS, what=what)
    found: set[int] = set()
    total: int | None = None
    for nodes, connection, _response, _reached in pages:
        if total is None:
            total = connection.get("totalCount", connection.get("issueCount"))
            _check_cap(selection, total)
        found.update(int(n["number"]) for n in nodes if n and "number" in n)
    return found, total if isinstance(total, int) else None


def _incremental(
    client: GithubClient, selection: Selection, state: RepoState, progress: Progress | None
) -> RepoState:
    what = f"reading the issues of {selection.repo} updated since {state.synced_at}"
    keep: Callable[[RawRequest], bool] = selection.keeps
    if selection.query is None:
        variables: dict[str, Any] = {
            **selection.owner_name,
            "since": state.synced_at,
            "filterBy": selection.filter_by() or None,
        }
        query, path, count_path = (
            ISSUES_CHANGED,
            ["repository", "changed"],
            ["repository", "selected", "totalCount"],
        )
        pages = cursor_pages(paged(client, query, variables, path=path, what=what, repo=selection.repo))
    else:
        # Keyset by update time (see _keyset): an issue updated while we page moves to the
        # end of sort:updated-asc and is read again there, and shifts nothing past the bound.
        # In any state (the query still applies), so closed duplicates are seen as they change.
        query, path, count_path = SEARCH_CHANGED, ["changed"], ["selected", "issueCount"]
        keep = selection.keeps_searched
        changed = replace(selection, state="all") if selection.state == "open" else selection
        pages = keyset_pages(
            client,
            query,
            lambda bound: {
                "query": changed.search(sort="updated-asc", since=bound),
                "selection": selection.search(sort="created-asc"),
            },
            key="updatedAt",
            path=path,
            what=what,
            repo=selection.repo,
            bound=state.synced_at,
        )

    started: datetime | None = None
    total: int | None = None
    for nodes, _connection, response, _reached in pages:
        started = started or server_time(response, client.clock())
        if total is None:
            total = dig(response.data, count_path)
            _check_cap(selection, total)
        add_nodes(client, state, nodes, keep=keep, progress=progress)
        _report(progress, state, total, response)
    members = {n for n, r in state.requests.items() if not kept_closed(selection, r)}
    if isinstance(total, int) and total != len(members):
        present, listed = _numbers(client, selection)
        if present - set(state.requests):  # issues the count missed: start over rather than guess
            return _cold(client, selection, progress)
        if listed is not None and len(present) >= listed:  # a short listing proves nothing gone
            for number in members - present:
                del state.requests[number]
    state.synced_at = stamp((started or datetime.now(timezone.utc)) - OVERLAP)
    return state


def _resume(
    client: GithubClient,
    selection: Selection,
    progress: Progress | None,
    *,
    store: CacheStore | None,
    checkpoint: RepoState,
) -> RepoState:
    """Continue an unfinished cold sync, then catch up on what changed since it started; if
    GitHub refuses its cursor (anything but a rate limit or a rejected token), start the
    cold sync over rather than fail every run."""
    if progress is not None:
        progress(
            f"GitHub {selection.repo}: continuing an unfinished sync after {len(checkpoint.requests):,} issues"
        )
    pages_before = dict(checkpoint.requests)
    try:
        state = _cold(client, selection, progress, store=store, resume=checkpoint)
    except GithubUnavailable:
        raise
    except SourceError:
        if checkpoint.requests != pages_before:
            raise  # the cursor worked; this is a new failure, and the checkpoint moved on
        return _cold(client, selection, progress, store=store)
    # Issues on the pages read before the interruption may have changed since: an
    # incremental pass from the checkpoint's start time (synced_at, which _cold set from it)
    # brings them up to date in this run rather than the next (usually one request).
    return _incremental(client, selection, state, progress)


def _due(state: RepoState, selection: Selection, now: float) -> bool:
    """Whether the periodic full refresh is due (``refresh_days`` since the last cold sync)."""
    if selection.refresh_days <= 0:
        return False
    if not state.full_synced_at:
        return True
    last = datetime.fromisoformat(state.full_synced_at.replace("Z", "+00:00")).timestamp()
    return now - last > selection.refresh_days * 86400


@redacted
def sync_repository(
    client: GithubClient,
    selection: Selection,
    *,
    store: CacheStore | None,
    refresh: bool = False,
    progress: Progress | None = None,
) -> list[RawRequest]:
    """The selection's requests, ordered by issue number, from the cache brought up to date.

    Raises SourceError (exit 1) on GitHub failures, ConfigError for a search over 1,000
    results, StoreError when the cache cannot be written.
    """
    cached = None if refresh or store is None else store.load(selection.repo, selection.as_dict())
    if cached is not None and cached.resume_after:
        state = _resume(client, selection, progress, store=store, checkpoint=cached)
    elif cached is None or not cached.synced_at or _due(cached, selection, client.clock()):
        state = _cold(client, selection, progress, store=store)
    else:
        state = _incremental(client, selection, cached, progress)
    if store is not None:
        store.save(state)
    return [state.requests[n] for n in sorted(state.requests)]
