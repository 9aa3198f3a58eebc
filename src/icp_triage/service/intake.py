"""What a verified webhook delivery asks for: one request to re-evaluate, or nothing. Pure.

GitHub events go through the Action's own decision (``action.events.decide``) and backlog
membership (``adapters.github.selection``), so the service tags exactly what the Action would; the
repository picks the served source. Jira admin webhooks name the issue in ``issue.key`` and
their site in ``issue.self``.
Payloads: https://docs.github.com/en/webhooks/webhook-events-and-payloads and
https://developer.atlassian.com/server/jira/platform/webhooks/
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from typing import Any

from icp_triage.action.events import TagIssue, decide
from icp_triage.adapters.github.selection import backlog_membership
from icp_triage.core.tags import is_own_label
from icp_triage.errors import DataError
from icp_triage.service.queue import Incoming
from icp_triage.service.settings import ServiceConfig

JIRA_EVENTS = (
    "jira:issue_created",
    "jira:issue_updated",
    "comment_created",
    "comment_updated",
    "comment_deleted",
)


def github_delivery(service: ServiceConfig, event: str, delivery: str, payload: Any) -> Incoming | str:
    """The request ``payload`` names, or why nothing is queued."""
    if not isinstance(payload, Mapping):
        return "the payload is not a JSON object"
    try:
        decision = decide(event, payload, repository=None, mode="auto")
    except DataError as exc:
        return str(exc)
    if not isinstance(decision, TagIssue):
        return getattr(decision, "message", f"nothing to do on {event}")
    prefix = service.workspace.config.tagging.prefix
    if decision.label is not None and is_own_label(decision.label, prefix=prefix):
        return f"{decision.repo}#{decision.number}: the label {decision.label} is icp-triage's own"
    served = service.github_source(decision.repo)
    if served is None or served.source.github is None:
        return f"{decision.repo} is not a repository this service serves"
    from icp_triage.workspace import github_selection

    membership = backlog_membership(github_selection(served.source.github), decision.repo, decision.issue)
    if not membership.member:
        return (
            f"{decision.repo}#{decision.number} is not in the backlog of {served.name}: {membership.reason}"
        )
    installation = payload.get("installation")
    installation_id = installation.get("id") if isinstance(installation, Mapping) else None
    return Incoming(
        tracker="github",
        delivery_id=delivery,
        event=decision.trigger,
        source=served.name,
        request_key=f"{decision.repo}#{decision.number}",
        installation_id=installation_id if isinstance(installation_id, int) else None,
    )


def jira_delivery(service: ServiceConfig, delivery: str, payload: Any) -> Incoming | str:
    """The Jira issue ``payload`` names, or why nothing is queued."""
    if not isinstance(payload, Mapping):
        return "the payload is not a JSON object"
    event = payload.get("webhookEvent")
    if event not in JIRA_EVENTS:
        return f"icp-triage does nothing on the Jira event {event!r}; it acts on {', '.join(JIRA_EVENTS)}"
    issue = payload.get("issue")
    key = issue.get("key") if isinstance(issue, Mapping) else None
    if not isinstance(key, str) or not key:
        return f"the {event} payload names no issue key"
    link = issue.get("self") if isinstance(issue, Mapping) else None
    host = urllib.parse.urlparse(link).hostname if isinstance(link, str) else None
    served = service.jira_source(host)
    if served is None:
        return f"{key}: the Jira site {host or '(unnamed)'} is not one this service serves"
    return Incoming(
        tracker="jira", delivery_id=delivery, event=str(event), source=served.name, request_key=key
    )
