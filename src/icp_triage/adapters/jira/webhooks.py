"""What a Jira admin webhook says: the issue it names (``issue.key``) and the site it came
from (``issue.self``'s host), which picks the configured source. Whether the issue is in
the backlog only Jira can tell (the webhook's own JQL filter). Pure: it reads the payload.
Payloads: https://developer.atlassian.com/server/jira/platform/webhooks/
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from typing import Any

from icp_triage.adapters.dialect import Change, Credentials, Ignored, PlainCredentials, Proposal
from icp_triage.adapters.jira.keys import issue_key, split_key

JIRA_EVENTS = (
    "jira:issue_created",
    "jira:issue_updated",
    "comment_created",
    "comment_updated",
    "comment_deleted",
)

LEAVING_EVENT = "jira:issue_deleted"
LINK_EVENTS = ("issuelink_created", "issuelink_deleted")
"""An issue link made or removed: its source issue (by id; the payload names no key) is read
again, and a ``Duplicate`` link (the configured type) moves its demand to the linked issue."""


class JiraDialect:
    """Jira's deliveries and keys behind ``adapters.dialect.Dialect``. A Jira webhook names
    its event in the payload (``webhookEvent``), not in a header."""

    kind = "jira"
    place = "Jira site"
    ids_per_place = True
    events: Mapping[str, tuple[str, ...]] = {name: () for name in (*JIRA_EVENTS, *LINK_EVENTS)}

    def events_text(self) -> str:
        return ", ".join((*JIRA_EVENTS, *LINK_EVENTS))

    def trigger(self, event: str, payload: Mapping[str, Any]) -> str:
        return str(payload.get("webhookEvent") or event)

    def change(
        self, event: str, payload: Mapping[str, Any], *, where: str | None = None, leaving: bool = False
    ) -> Change | Ignored:
        """The issue the delivery names; ``event`` is unused (Jira names it in the payload).
        ``leaving``: also ``jira:issue_deleted``, as a ``Change`` that ``leaves``."""
        name = payload.get("webhookEvent")
        leaves = leaving and name == LEAVING_EVENT
        if name in LINK_EVENTS:
            return _link_change(str(name), payload, where)
        if name not in JIRA_EVENTS and not leaves:
            return Ignored(
                f"icp-triage does nothing on the Jira event {name!r}; it acts on {self.events_text()}"
            )
        issue = payload.get("issue")
        key = issue.get("key") if isinstance(issue, Mapping) else None
        if not isinstance(key, str) or not key:
            return Ignored(f"the {name} payload names no issue key")
        link = issue.get("self") if isinstance(issue, Mapping) else None
        host = urllib.parse.urlparse(link).hostname if isinstance(link, str) else None
        return Change(key=key, trigger=str(name), where=host or where, leaves=leaves)

    def proposal(
        self, event: str, payload: Mapping[str, Any], *, where: str | None = None
    ) -> Proposal | Ignored:
        return Ignored("Jira has no pull requests: mode: profile reviews GitHub pull requests")

    def format_key(self, where: str, number: int) -> str:
        return issue_key(where, number)

    def parse_key(self, key: str) -> tuple[str, int]:
        return split_key(key)

    def credentials(self, env: Mapping[str, str]) -> Credentials:
        """The JIRA_* variables of the environment, for every request."""
        return PlainCredentials(env)

    def credential_problems(self, env: Mapping[str, str]) -> list[str]:
        """None here: the credential is checked when a source's tracker opens, which needs
        the site (``adapters.jira.client.connect``)."""
        return []


def _link_change(name: str, payload: Mapping[str, Any], where: str | None) -> Change | Ignored:
    """The source issue of the link a link event made or removed (``issueLink.sourceIssueId``:
    for ``Duplicate``, the duplicate), by its id: the job reads it and, through its mark, its
    original. The payload names no site: with several Jira sources it cannot be placed."""
    link = payload.get("issueLink")
    source = link.get("sourceIssueId") if isinstance(link, Mapping) else None
    if isinstance(source, bool) or not isinstance(source, (int, str)) or not str(source).isdigit():
        return Ignored(f"the {name} payload names no source issue (issueLink.sourceIssueId)")
    return Change(key=str(int(source)), trigger=name, where=where)


JIRA = JiraDialect()
