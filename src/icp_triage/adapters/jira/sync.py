"""Bring the cache of one JQL selection up to date in the fewest requests.

- Cold (no cache, another selection, ``--refresh``, or every ``refresh_days``): the field
  list (1 request, only when fields are configured), ``serverInfo`` (1, only when
  ``deployment`` is not configured), then one search request per 100 issues, plus one per
  issue whose comments did not all fit inline (Cloud inlines 20) and one per issue with
  votes when ``attribution.jira_votes`` is on.
- Incremental: a count of the JQL's issues (1 request, whose ``Date`` is Jira's clock now),
  then the issues updated since the last sync, with an overlap (1 request when few
  changed). Issues that left the selection (deleted, moved, closed out of the JQL) are
  never returned as updated, so they are caught by the count: when it differs from the
  cache, one listing of keys only finds and drops them. An unchanged re-run costs 2.
- Interrupted cold read: the pages read so far are saved with where the next page starts
  (a checkpoint), and the next run continues there; a checkpoint Jira no longer accepts
  (a page token expired) starts the read over.
"""

from __future__ import annotations

import math
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from icp_triage.adapters.base import Membership, Resync
from icp_triage.adapters.jira import answers
from icp_triage.adapters.jira.cache import JiraCache, JiraState, key_order
from icp_triage.adapters.jira.client import JiraClient, JiraUnavailable
from icp_triage.adapters.jira.fields import FieldMap, resolve
from icp_triage.adapters.jira.reads import (
    Progress,
    all_comments,
    count,
    keys,
    needs_all_comments,
    ordered,
    search,
    voters,
)
from icp_triage.adapters.jira.translate import BASE_FIELDS, JiraIssue, own_comment_id, to_issue
from icp_triage.core.models import RequestLike
from icp_triage.errors import DataError, SourceError

OVERLAP_MINUTES = 5  # updates landing while the last sync ran, and clock rounding, read again


@dataclass(frozen=True, slots=True)
class JiraSelection:
    """Which issues form the backlog and how to read them: the adapter's own view of
    ``config.schema.JiraSource`` plus the attribution settings reading depends on."""

    server: str
    jql: str
    deployment: str | None = None
    customer_field: str | None = None
    story_points_field: str | None = None
    icp_value_field: str | None = None
    icp_class_field: str | None = None
    form_field: str = "Company"
    votes: bool = False
    refresh_days: float = 7.0
    max_wait: float = 900.0
    duplicate_link: str = "Duplicate"  # the link type whose outward link marks a duplicate

    @property
    def kind(self) -> str:
        return "jira"

    def selects(self, request: RequestLike) -> Membership:
        return Membership(None, "whether an issue matches the JQL is known only to Jira")

    def keeps(self, request: RequestLike) -> bool:
        return True

    def serves(self, where: str) -> bool:
        """Whether ``where`` is this site's host (a webhook's ``issue.self``)."""
        return (urllib.parse.urlparse(self.server).hostname or "").casefold() == where.casefold()

    @property
    def resync(self) -> Resync | None:
        """Through the cache every ``refresh_days``: its incremental sync finds issues that
        left the JQL by their count, so no full re-read is needed."""
        return Resync.every_days(self.refresh_days, refresh=False)

    @classmethod
    def of(cls, source: Any, *, form_field: str, votes: bool) -> JiraSelection:
        """From ``source.jira`` of icp.yml (``config.schema.JiraSource``, read by attribute so
        adapters never import config) and the attribution settings reading depends on."""
        return cls(
            server=str(source.server).rstrip("/"),
            jql=source.jql,
            deployment=source.deployment,
            customer_field=source.customer_field,
            story_points_field=source.story_points_field,
            icp_value_field=source.icp_value_field,
            icp_class_field=source.icp_class_field,
            form_field=form_field,
            votes=votes,
            refresh_days=source.refresh_days,
            max_wait=source.max_wait,
            duplicate_link=source.duplicate_link,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "jql": self.jql,
            "customer_field": self.customer_field,
            "story_points_field": self.story_points_field,
            "icp_value_field": self.icp_value_field,
            "icp_class_field": self.icp_class_field,
            "form_field": self.form_field,
            "votes": self.votes,
            "duplicate_link": self.duplicate_link,
        }

    def field_names(self) -> dict[str, str | None]:
        return {
            "customer_field": self.customer_field,
            "story_points_field": self.story_points_field,
            "icp_value_field": self.icp_value_field,
            "icp_class_field": self.icp_class_field,
        }


def resolve_fields(client: JiraClient, selection: JiraSelection) -> FieldMap:
    """The configured fields' ids from Jira's field list (1 request; none when no field is
    configured). ConfigError for an unknown or ambiguous name."""
    names = selection.field_names()
    if not any(names.values()):
        return FieldMap()
    listed = client.get("field", what="reading the field list")
    return resolve(listed if isinstance(listed, list) else [], names)


def wanted_fields(fields: FieldMap) -> list[str]:
    return [*BASE_FIELDS, *fields.ids()]


def read_issue(
    client: JiraClient,
    raw: dict[str, Any],
    selection: JiraSelection,
    fields: FieldMap,
    *,
    endpoint: str = "search",
) -> JiraIssue:
    """One search result as a JiraIssue, reading its remaining comments and its voters
    only where needed."""
    answers.issue(raw, endpoint=endpoint, what="reading the issues of the JQL")
    key = str(raw.get("key"))
    comments = all_comments(client, key) if needs_all_comments(raw) else None
    votes = int((((raw.get("fields") or {}).get("votes")) or {}).get("votes") or 0)
    people = voters(client, key) if selection.votes and votes > 0 else []
    return to_issue(
        raw,
        server=selection.server.rstrip("/"),
        fields=fields,
        form_field=selection.form_field,
        cloud=client.cloud,
        comments=comments,
        voters=people,
        duplicate_link=selection.duplicate_link,
        me=client.identity() if own_comment_id(raw) else None,
    )


def _report(progress: Progress | None, state: JiraState, total: int | None) -> None:
    if progress is not None:
        of = f" of {total:,}" if total is not None else ""
        progress(f"Jira: {len(state.issues):,}{of} issues read")


def _cold(
    client: JiraClient,
    selection: JiraSelection,
    progress: Progress | None,
    *,
    cache: JiraCache | None,
    resume: JiraState | None = None,
) -> JiraState:
    """Read the whole selection page by page, continuing ``resume`` (a checkpoint) if given.

    When a page fails or the run is interrupted (Ctrl-C, a cancelled job), the pages read so
    far are saved to ``cache`` with where the next page starts, so the next run continues.
    """
    if resume is not None:
        state, after, started = resume, resume.resume_after, resume.resume_started
    else:
        fields = resolve_fields(client, selection)
        state = JiraState(selection=selection.as_dict(), deployment=client.deployment, fields=fields)
        after, started = None, None
    what = "reading the issues of the JQL"
    try:
        for page in search(
            client, ordered(selection.jql), fields=wanted_fields(state.fields), after=after, what=what
        ):
            started = started or client.last_date or client.clock()
            for raw in page.issues:
                issue = read_issue(client, raw, selection, state.fields)
                state.issues[issue.request.key] = issue
            after = page.after
            _report(progress, state, page.total)
    except (SourceError, KeyboardInterrupt):
        if cache is not None and after is not None and started is not None:
            state.synced_at = state.full_synced_at = None
            state.resume_after, state.resume_started = after, started
            cache.save(state)
        raise
    state.synced_at = state.full_synced_at = started or client.last_date or client.clock()
    state.resume_after = state.resume_started = None
    return state


def _incremental(
    client: JiraClient, selection: JiraSelection, state: JiraState, progress: Progress | None
) -> JiraState:
    total = count(client, selection.jql, what="counting the issues of the JQL")
    now = client.last_date or client.clock()
    assert state.synced_at is not None
    minutes = max(1, math.ceil((now - state.synced_at) / 60)) + OVERLAP_MINUTES
    what = f"reading the issues updated in the last {minutes} minutes"
    for page in search(
        client, ordered(selection.jql, since_minutes=minutes), fields=wanted_fields(state.fields), what=what
    ):
        for raw in page.issues:
            issue = read_issue(client, raw, selection, state.fields)
            state.issues[issue.request.key] = issue
        _report(progress, state, total)
    if total != len(state.issues):
        present = keys(client, selection.jql, what="listing the keys of the JQL's issues")
        if present - set(state.issues):  # issues the update search missed: start over
            return _cold(client, selection, progress, cache=None)
        for key in set(state.issues) - present:
            del state.issues[key]
        if progress is not None:
            progress(f"Jira: {len(state.issues):,} issues after dropping those that left the JQL")
    state.synced_at = now
    return state


def _due(state: JiraState, selection: JiraSelection, now: float) -> bool:
    if selection.refresh_days <= 0:
        return False
    return state.full_synced_at is None or now - state.full_synced_at > selection.refresh_days * 86400


def sync(
    client: JiraClient,
    selection: JiraSelection,
    *,
    cache: JiraCache | None,
    refresh: bool = False,
    progress: Progress | None = None,
) -> tuple[list[JiraIssue], FieldMap]:
    """The selection's issues, by key, from the cache brought up to date, and the fields
    they were read with.

    Raises SourceError (exit 1) on Jira failures, DataError (exit 2) for a JQL Jira refuses,
    ConfigError for an unknown field name, StoreError when the cache cannot be written.
    """
    cached = None if refresh or cache is None else cache.load(selection.as_dict())
    if cached is not None:
        client.assume(cached.deployment)
    if cached is not None and cached.resume_after:
        if progress is not None:
            progress(f"Jira: continuing an unfinished read after {len(cached.issues):,} issues")
        before = len(cached.issues)
        try:
            state = _cold(client, selection, progress, cache=cache, resume=cached)
        except JiraUnavailable:
            raise
        except (SourceError, DataError):  # a page token Jira no longer accepts answers 400
            if len(cached.issues) != before:
                raise
            state = _cold(client, selection, progress, cache=cache)
    elif cached is None or cached.synced_at is None or _due(cached, selection, client.clock()):
        state = _cold(client, selection, progress, cache=cache)
    else:
        state = _incremental(client, selection, cached, progress)
    if cache is not None:
        cache.save(state)
    return [state.issues[k] for k in sorted(state.issues, key=key_order)], state.fields


def issues_by_key(issues: Sequence[JiraIssue]) -> dict[str, JiraIssue]:
    return {i.request.key: i for i in issues}
