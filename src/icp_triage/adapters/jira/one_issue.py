"""One Jira issue read for tagging alone (``tag --only``, the Action, the service): through the
configured JQL, so the read says whether the issue is still in the backlog, and with the
issues linked to it as its duplicates, so its comment counts them as the whole backlog's does.

- The issue: one search, ``key = K AND (<the JQL>)`` (the sync's own fields and properties).
  When that finds nothing (a status change took it out of the JQL, say), one more request
  reads it by key (404: gone) and the read says it is outside. A search that fails on the key
  (Jira refuses a JQL naming an issue it does not show) falls back to that read too; when the
  issue is there after all, the JQL itself was refused, and that error is raised.
- Its duplicates: the inward links of the configured type (``Duplicate``: "is duplicated
  by") name them; one search ``key in (...) AND (<the JQL>)`` reads those in the backlog,
  as the sync would have (an issue outside the JQL is not counted there either), and again
  for their own (a chain), at most LEVELS deep. Nothing linked: no request more.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from icp_triage.adapters.jira.client import JiraClient
from icp_triage.adapters.jira.fields import FieldMap
from icp_triage.adapters.jira.keys import normalise_key
from icp_triage.adapters.jira.reads import base_jql, search
from icp_triage.adapters.jira.sync import JiraSelection, read_issue, wanted_fields
from icp_triage.adapters.jira.translate import PROPERTY, JiraIssue
from icp_triage.errors import DataError

LEVELS = 3
MAX_KEYS = 50  # duplicates asked for in one search (a JQL of 50 keys is short)
OUTSIDE = "the source's JQL no longer matches it"


def read_one(
    client: JiraClient, selection: JiraSelection, fields: FieldMap, key: str
) -> tuple[JiraIssue, str | None, tuple[JiraIssue, ...]]:
    """Issue ``key`` (a key, or an id as issue-link deliveries give it), why it is outside the
    JQL (None: inside), and the issues the JQL holds that duplicate it."""
    wanted = wanted_fields(fields)
    where = base_jql(selection.jql)
    found: list[dict[str, Any]] = []
    refused: DataError | None = None
    try:
        found = _searched(client, f"key = {key} AND ({where})", wanted, what=f"reading {key}")
    except DataError as exc:  # Jira refuses a JQL naming an issue it does not show (or a bad JQL)
        refused = exc
    outside, endpoint = None, "search"
    if found:
        raw = found[0]
    else:
        endpoint = f"issue/{key}"
        raw = client.get(
            f"issue/{key}", {"fields": ",".join(wanted), "properties": PROPERTY}, what=f"reading {key}"
        )
        if refused is not None:  # the issue is there: the JQL itself was refused
            raise refused
        outside = OUTSIDE
    issue = read_issue(client, raw, selection, fields, endpoint=endpoint)
    return issue, outside, _duplicates(client, selection, fields, issue, raw, where)


def _searched(client: JiraClient, jql: str, fields: Sequence[str], *, what: str) -> list[dict[str, Any]]:
    return [raw for page in search(client, jql, fields=fields, what=what) for raw in page.issues]


def linked_here(raw: Mapping[str, Any], link_type: str) -> list[str]:
    """The keys of the issues whose link of type ``link_type`` says they duplicate ``raw``
    (its inward links of that type: "is duplicated by")."""
    links = (raw.get("fields") or {}).get("issuelinks") or []
    keys: list[str] = []
    for link in links:
        if not isinstance(link, Mapping):
            continue
        kind = link.get("type") or {}
        inward = link.get("inwardIssue")
        named = str(kind.get("name") or "").casefold() == link_type.casefold()
        if named and isinstance(inward, Mapping) and isinstance(inward.get("key"), str):
            keys.append(str(inward["key"]))
    return keys


def _duplicates(
    client: JiraClient,
    selection: JiraSelection,
    fields: FieldMap,
    issue: JiraIssue,
    raw: Mapping[str, Any],
    where: str,
) -> tuple[JiraIssue, ...]:
    read: dict[str, JiraIssue] = {}
    seen = {issue.request.key}
    wanted = linked_here(raw, selection.duplicate_link)
    for _ in range(LEVELS):
        wanted = [k for k in dict.fromkeys(wanted) if k not in seen and normalise_key(k) == k][:MAX_KEYS]
        if not wanted:
            break
        seen.update(wanted)
        what = f"reading the duplicates of {issue.request.key}"
        try:
            found = _searched(
                client, f"key in ({', '.join(wanted)}) AND ({where})", wanted_fields(fields), what=what
            )
        except DataError:  # a linked issue this credential cannot see: the sync counts the rest
            break
        wanted = []
        for raw_duplicate in found:
            duplicate = read_issue(client, raw_duplicate, selection, fields)
            read[duplicate.request.key] = duplicate
            wanted.extend(linked_here(raw_duplicate, selection.duplicate_link))
    return tuple(read.values())
