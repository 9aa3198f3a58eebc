"""The read requests: search pages, an issue's remaining comments, its voters, a count.

Cloud pages the enhanced JQL search by ``nextPageToken``
(https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-get:
no ``total``; the old ``/search`` answers 410 on Cloud). Data Center pages ``/rest/api/2/search``
by ``startAt`` and may grant fewer results per page than asked (``jira.search.views.default.max``),
so the next offset follows what came back, not what was asked. Either loop ends with an
error, never a repeat, when a token or an offset comes back a second time or an empty page
promises more.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from icp_triage.adapters.jira import answers
from icp_triage.adapters.jira.client import JiraClient
from icp_triage.adapters.jira.translate import PROPERTY
from icp_triage.errors import SourceError

Progress = Callable[[str], None]
PAGE_SIZE = 100  # Cloud's enhanced search grants up to 100 issues with fields like these
KEYS_PAGE = 1000  # a listing of keys only: Cloud grants up to 5,000, Data Center its own cap
COMMENTS_INLINE = 20  # Cloud inlines at most 20 comments per issue in a search
_ORDER = re.compile(r"\border\s+by\b.*$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Page:
    """One search page: its issues, where the next page starts (a token on Cloud, an offset
    on Data Center; None after the last), and the total where the server gives one."""

    issues: list[dict[str, Any]]
    after: str | None
    total: int | None


def base_jql(jql: str) -> str:
    """The configured JQL without its ORDER BY (a filter to combine with ``AND``)."""
    return _ORDER.sub("", jql).strip()


def ordered(jql: str, *, since_minutes: int | None = None) -> str:
    """The search's JQL: the configured filter, optionally only issues updated in the last
    ``since_minutes`` (relative to Jira's own clock, so no time zone or clock skew matters),
    in a stable order."""
    where = base_jql(jql)
    if since_minutes is not None:
        where = f"({where}) AND updated >= -{since_minutes}m"
    return f"{where} ORDER BY created ASC, key ASC"


def search(
    client: JiraClient,
    jql: str,
    *,
    fields: Sequence[str],
    after: str | None = None,
    what: str,
    page_size: int = PAGE_SIZE,
    properties: bool = True,
) -> Iterator[Page]:
    """Every page of ``jql`` from ``after`` (a token or an offset from a checkpoint)."""
    params: dict[str, Any] = {"jql": jql, "fields": ",".join(fields), "maxResults": page_size}
    if properties:
        params["properties"] = PROPERTY
    seen: set[str] = set()
    known: set[str] = set()  # issue keys (or ids) read so far: a page must bring a new one
    if client.cloud:
        token = after
        while True:
            data = client.get(
                "search/jql", {**params, **({"nextPageToken": token} if token else {})}, what=what
            )
            issues = _issues(data, "search/jql", what)
            token = (
                data.get("nextPageToken") if isinstance(data, Mapping) and not data.get("isLast") else None
            )
            if token is not None and not isinstance(token, (str, int)):
                raise _shape("search/jql", "nextPageToken", "a string", what)
            if token is not None and issues and not _news(issues, known):
                raise SourceError(
                    f"Jira's search made no progress while {what} (a page of issues already read, "
                    "with a fresh page token: the tracker repeats its pages); stopped rather than loop. "
                    "Retry later; if it persists, narrow the JQL"
                )
            if token is not None and (token in seen or not issues):
                raise SourceError(
                    f"Jira's search made no progress while {what} "
                    f"({'the same page token came back' if token in seen else 'an empty page promised more'}); "
                    "stopped rather than loop. Retry later; if it persists, narrow the JQL"
                )
            if token is not None:
                seen.add(token)
            yield Page(issues, token, None)
            if token is None:
                return
    start = int(after or 0)
    while True:
        data = client.get("search", {**params, "startAt": start}, what=what)
        issues = _issues(data, "search", what)
        total = _count(data, "total", "search", what)
        nxt = start + len(issues)
        more = nxt < total
        if more and issues and not _news(issues, known):
            raise SourceError(
                f"Jira's search made no progress while {what} (the page at offset {start} of {total} "
                "held only issues already read: the tracker ignores startAt); stopped rather than loop. "
                "Retry later"
            )
        if more and (not issues or str(nxt) in seen):
            raise SourceError(
                f"Jira's search made no progress while {what} (an empty page at offset {start} of "
                f"{total}); stopped rather than loop. Retry later"
            )
        seen.add(str(nxt))
        yield Page(issues, str(nxt) if more else None, total)
        if not more:
            return
        start = nxt


def all_comments(client: JiraClient, key: str) -> list[dict[str, Any]]:
    """Every comment of ``key``, oldest first, paged by ``startAt``."""
    comments: list[dict[str, Any]] = []
    known: set[str] = set()
    start = 0
    endpoint, what = f"issue/{key}/comment", f"reading the comments of {key}"
    while True:
        data = client.get(endpoint, {"startAt": start, "maxResults": 1000, "orderBy": "created"}, what=what)
        answers.comments(data, endpoint=endpoint, what=what)
        page = _listed(data, "comments", endpoint, what)
        total = _count(data, "total", endpoint, what)
        fresh = _news(page, known)
        comments.extend(page)
        start += len(page)
        if start >= total:
            return comments
        if not page:
            raise SourceError(
                f"Jira listed {total} comments on {key} but sent an empty page at {start}; stopped"
            )
        if not fresh:
            raise SourceError(
                f"Jira sent only comments already read while {what} (at {start} of {total}: the "
                "tracker repeats its pages); stopped rather than loop. Retry later"
            )


def _shape(endpoint: str, field: str, wanted: str, what: str) -> SourceError:
    """The error for an answer whose ``field`` is not ``wanted``: Jira, or something in front of
    it, answered in a shape this tool does not read; nothing of the run is kept."""
    return SourceError(
        f"Jira's answer to {endpoint} has an unexpected shape while {what}: {field} is not {wanted}; "
        "stopped (is source.jira.server a Jira?)"
    )


def _listed(data: Any, field: str, endpoint: str, what: str) -> list[dict[str, Any]]:
    """``data[field]``, a list of objects (absent or null is empty)."""
    if not isinstance(data, Mapping):
        raise _shape(endpoint, "the answer", "an object", what)
    items = data.get(field)
    if items is None:
        return []
    if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
        raise _shape(endpoint, field, "a list of objects", what)
    return [dict(i) for i in items]


def _issues(data: Any, endpoint: str, what: str) -> list[dict[str, Any]]:
    issues = _listed(data, "issues", endpoint, what)
    for n, issue in enumerate(issues):
        if not isinstance(issue.get("key"), str) or not issue["key"]:
            raise _shape(endpoint, f"issues[{n}].key", "a string", what)
    return issues


def _count(data: Any, field: str, endpoint: str, what: str) -> int:
    """``data[field]``, a whole number (absent or null is 0)."""
    value = data.get(field) if isinstance(data, Mapping) else None
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or abs(value) > 2**53:
        raise _shape(endpoint, field, "a number", what)
    return int(value)


def _news(items: Sequence[Mapping[str, Any]], known: set[str]) -> bool:
    """Whether ``items`` hold a key or id not in ``known`` (which they are added to): a page
    that brings nothing new is a tracker repeating itself, whatever its cursor says."""
    before = len(known)
    known.update(str(i.get("key") or i.get("id")) for i in items)
    return len(known) > before


def voters(client: JiraClient, key: str) -> list[dict[str, Any]]:
    """The users who voted for ``key`` (the credential needs 'View voters and watchers')."""
    data = client.get(f"issue/{key}/votes", what=f"reading the voters of {key}", work="votes")
    answers.voters(data, endpoint=f"issue/{key}/votes", what=f"reading the voters of {key}")
    return list(data.get("voters") or []) if isinstance(data, Mapping) else []


def count(client: JiraClient, jql: str, *, what: str) -> int:
    """How many issues ``jql`` matches now: Cloud's approximate count, or Data Center's
    ``total`` of an empty page. One request either way."""
    where = base_jql(jql)
    if client.cloud:
        data = client.send("POST", "search/approximate-count", body={"jql": where}, what=what, work="read")
        return int(data.get("count") or 0) if isinstance(data, Mapping) else 0
    data = client.get("search", {"jql": where, "maxResults": 0, "fields": "key"}, what=what)
    return int(data.get("total") or 0) if isinstance(data, Mapping) else 0


def keys(client: JiraClient, jql: str, *, what: str) -> set[str]:
    """The keys ``jql`` matches now: a listing of keys only, the cheapest full pass."""
    found: set[str] = set()
    for page in search(
        client, ordered(jql), fields=["key"], what=what, page_size=KEYS_PAGE, properties=False
    ):
        found.update(str(i["key"]) for i in page.issues if isinstance(i, Mapping) and "key" in i)
    return found


def needs_all_comments(raw: Mapping[str, Any]) -> bool:
    """Whether the search inlined fewer comments than the issue has."""
    block = (raw.get("fields") or {}).get("comment") or {}
    listed = block.get("comments") or []
    return int(block.get("total") or 0) > len(listed)
