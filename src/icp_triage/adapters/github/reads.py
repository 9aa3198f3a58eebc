"""GraphQL reads: the paging loop, overflow pages for one issue, one issue by number.

GitHub may answer a heavy query with partial ``data`` plus ``errors``
(https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api
#timeouts). An error under a page's nodes means those issues are missing or incomplete,
so the page is asked for once more and, if the errors persist, the read fails naming
them: a backlog silently missing issues would rank wrongly.
"""

from __future__ import annotations

import email.utils
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from pydantic import ValidationError

from icp_triage.adapters.github.client import GithubClient, GraphqlResponse
from icp_triage.adapters.github.names import issue_key
from icp_triage.adapters.github.queries import ISSUE_MORE, ONE_ISSUE, PAGE_SIZE, REPO_LABELS, VIEWER
from icp_triage.adapters.github.translate import INNER, merge_more, overflow, request_from_issue
from icp_triage.adapters.github.transport import GithubNotFound, PageTooLarge, redacted
from icp_triage.adapters.page_guard import PageGuard
from icp_triage.core.models import RawRequest
from icp_triage.errors import SourceError

MIN_PAGE = 10
Progress = Callable[[str], None]


class IssueVanished(GithubNotFound):
    """An issue went away (deleted, transferred) between its page and the next read of it."""


@dataclass(frozen=True, slots=True)
class IssueSnapshot:
    """One issue as a request, the repository's labels that start with our prefix, and the
    login the token acts as (``viewer``), which tells our comments from look-alikes."""

    request: RawRequest
    repo_labels: frozenset[str]
    viewer: str
    duplicates: tuple[RawRequest, ...] = ()  # the issues marked as duplicates of it (``duplicated_by``)


def dig(data: Mapping[str, Any] | None, path: Sequence[str]) -> Any:
    node: Any = data
    for part in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def server_time(response: GraphqlResponse, fallback: float) -> datetime:
    """GitHub's clock from the ``Date`` header, else ours."""
    stamp = response.headers.get("date") or response.headers.get("Date")
    if stamp:
        try:
            return email.utils.parsedate_to_datetime(stamp).astimezone(timezone.utc)
        except (TypeError, ValueError):
            pass
    return datetime.fromtimestamp(fallback, tz=timezone.utc)


def _describe(errors: Sequence[Mapping[str, Any]]) -> str:
    shown = "; ".join(str(e.get("message") or e) for e in errors[:3])
    return shown + (f" (and {len(errors) - 3} more)" if len(errors) > 3 else "")


def raise_for_errors(response: GraphqlResponse, *, what: str, repo: str | None = None) -> None:
    """A SourceError for errors GitHub sent; NOT_FOUND on the repository or issue becomes
    GithubNotFound with the name, so a typo in icp.yml reads as one."""
    if not response.errors:
        return
    for error in response.errors:
        path = error.get("path") or []
        if error.get("type") == "NOT_FOUND" and path and path[0] == "repository" and repo:
            thing = f"repository {repo}" if len(path) == 1 else f"issue {repo}#{what.rsplit('#', 1)[-1]}"
            raise GithubNotFound(
                f"GitHub cannot find {thing} (deleted, transferred, misspelt, or not visible to this token)"
            )
    raise SourceError(f"GitHub answered {what} with errors: {_describe(response.errors)}")


def complete(client: GithubClient, node: dict[str, Any], *, what: str) -> dict[str, Any]:
    """Fetch the remaining pages of comments, reactions or labels of one issue node.

    Costs one request per extra page, and nothing for an issue that fits in one page.
    Raises IssueVanished when GitHub no longer has the issue (deleted or transferred since
    its page was read: ``node: null``), and SourceError when the cursors stop moving.
    """
    cursors = overflow(node)
    guard = PageGuard(f"reading more of {what}")
    while cursors:
        guard.advance(tuple(sorted(cursors.items())), items=1, more=True)
        variables: dict[str, Any] = {"id": node["id"]}
        for name in INNER:  # a cursor and an @include switch per inner connection
            variables[name] = cursors.get(name)
            variables[f"with{name[0].upper()}{name[1:]}"] = name in cursors
        label = f"reading more of {what}"
        response = client.graphql(ISSUE_MORE, variables, what=label)
        extra = dig(response.data, ["node"])
        if extra is None and not [e for e in response.errors if e.get("type") != "NOT_FOUND"]:
            raise IssueVanished(f"GitHub no longer has {what} (deleted or transferred while reading it)")
        raise_for_errors(response, what=label)
        merge_more(node, extra or {})
        cursors = overflow(node)
    return node


def to_request(node: Mapping[str, Any], *, what: str) -> RawRequest:
    try:
        return request_from_issue(node)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError, ValidationError) as exc:
        raise SourceError(f"GitHub sent an issue in an unexpected shape while {what}: {exc}") from exc


def paged(
    client: GithubClient,
    query: str,
    variables: Mapping[str, Any],
    *,
    path: Sequence[str],
    what: str,
    repo: str,
    after: str | None = None,
    extra: Callable[[], Mapping[str, Any]] | None = None,
) -> Iterator[tuple[dict[str, Any], GraphqlResponse]]:
    """Yield each page's connection (at ``path`` in ``data``) and its response, starting
    after the cursor ``after`` when given; ``extra()``, asked before each request, adds
    variables that change from page to page (another connection's cursor).

    A 502/504 halves the page size (down to MIN_PAGE) and asks again; node errors get one
    more try of the same page, then fail.
    """
    first, retried = PAGE_SIZE, False
    guard = PageGuard(what)
    while True:
        try:
            sent = {**variables, **(extra() if extra else {}), "first": first, "after": after}
            response = client.graphql(query, sent, what=what, shrinkable=first > MIN_PAGE)
        except PageTooLarge:
            first = max(MIN_PAGE, first // 2)
            continue
        connection = dig(response.data, path)
        if connection is None:
            raise_for_errors(response, what=what, repo=repo)
            if path and path[0] == "repository" and dig(response.data, ["repository"]) is None:
                # ``repository: null`` with no error: the repository is not there for this token
                raise GithubNotFound(
                    f"GitHub cannot find repository {repo} (deleted, transferred, misspelt, or not "
                    "visible to this token)"
                )
            raise SourceError(f"GitHub sent no data while {what}")
        if response.errors and not retried:
            retried = True
            continue
        if response.errors:
            raise SourceError(
                f"GitHub could not return some issues while {what}: {_describe(response.errors)}; retry later"
            )
        retried = False
        yield connection, response
        info = connection.get("pageInfo") or {}
        if not info.get("hasNextPage"):
            return
        after = info.get("endCursor")
        guard.advance(after, items=len(connection.get("nodes") or []), more=True)


@redacted
def fetch_issue(client: GithubClient, repo: str, number: int, *, label_prefix: str = "icp") -> IssueSnapshot:
    """One issue by number in one request (plus one per extra page of a long thread), with
    the repository's labels matching ``label_prefix`` so tagging knows which exist, and its
    duplicates (one request more when its timeline points at any: ``duplicated_by``).

    Raises GithubNotFound for a missing repository or issue (a pull request number too).
    """
    owner, name = repo.split("/", 1)
    key = issue_key(repo, number)
    what = f"reading {key}"
    response = client.graphql(
        ONE_ISSUE, {"owner": owner, "name": name, "number": number, "labelQuery": label_prefix}, what=what
    )
    raise_for_errors(response, what=what, repo=repo)
    node = dig(response.data, ["repository", "issue"])
    if node is None:
        raise GithubNotFound(f"GitHub cannot find issue {key}")
    request = to_request(complete(client, node, what=key), what=what)
    labels = frozenset(
        str(n["name"]) for n in dig(response.data, ["repository", "labels", "nodes"]) or [] if n
    )
    viewer = dig(response.data, ["viewer", "login"])
    if not viewer:
        raise SourceError(f"GitHub did not say which account the token acts as while {what}")
    client.viewer = str(viewer)
    from icp_triage.adapters.github.duplicated_by import read_duplicates

    duplicates = read_duplicates(client, request.key, node)
    return IssueSnapshot(request=request, repo_labels=labels, viewer=str(viewer), duplicates=duplicates)


@redacted
def viewer_login(client: GithubClient) -> str:
    """The login the token acts as, asked once per client (1 request): tagging treats only
    this account's marked comments as its own. Raises SourceError when GitHub does not say."""
    if client.viewer is None:
        what = "asking GitHub which account the token acts as"
        response = client.graphql(VIEWER, {}, what=what)
        raise_for_errors(response, what=what)
        login = dig(response.data, ["viewer", "login"])
        if not login:
            raise SourceError(f"GitHub sent no login while {what}")
        client.viewer = str(login)
    return client.viewer


@redacted
def repo_labels(client: GithubClient, repo: str, *, label_prefix: str) -> set[str]:
    """The repository's label names that mention ``label_prefix`` (GitHub's label search)."""
    owner, name = repo.split("/", 1)
    what = f"listing the labels of {repo}"
    found: set[str] = set()
    after = None
    guard = PageGuard(what)
    while True:
        response = client.graphql(
            REPO_LABELS, {"owner": owner, "name": name, "after": after, "labelQuery": label_prefix}, what=what
        )
        raise_for_errors(response, what=what, repo=repo)
        connection = dig(response.data, ["repository", "labels"]) or {}
        found.update(str(n["name"]) for n in connection.get("nodes") or [] if n)
        info = connection.get("pageInfo") or {}
        if not info.get("hasNextPage"):
            return found
        after = info.get("endCursor")
        guard.advance(after, items=len(connection.get("nodes") or []), more=True)
