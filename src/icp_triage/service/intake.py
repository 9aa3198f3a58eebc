"""What a verified webhook delivery asks for: one request to re-evaluate, or nothing. Pure.

The tracker reads its own delivery (``adapters.dialect``: GitHub's is the Action's reading
of the same events, so the service tags exactly what the Action would); this module picks
the served source the delivery's place belongs to and, where the payload tells it, checks
that the request is in that source's backlog.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from icp_triage.adapters.dialect import Ignored, dialect_for
from icp_triage.errors import DataError
from icp_triage.service.queue import Incoming
from icp_triage.service.settings import ServiceConfig


def delivery(service: ServiceConfig, kind: str, event: str, delivery_id: str, payload: Any) -> Incoming | str:
    """The request a ``kind`` tracker's delivery names, or why nothing is queued."""
    if not isinstance(payload, Mapping):
        return "the payload is not a JSON object"
    dialect = dialect_for(kind)
    try:
        change = dialect.change(event, payload, leaving=True)
    except DataError as exc:
        return str(exc)
    if isinstance(change, Ignored):
        return change.reason
    own = change.own_write(prefix=service.workspace.config.tagging.prefix)
    if own:
        return own
    served = service.served_for(kind, change.where)
    if served is None:
        return (
            f"{change.key}: the {dialect.place} {change.where or '(unnamed)'} is not one this service serves"
        )
    if change.request is not None and not change.leaves:  # one leaving is re-read, then forgotten
        membership = served.selection.selects(change.request)
        if not membership.member:
            return f"{change.key} is not in the backlog of {served.name}: {membership.reason}"
    return Incoming(
        tracker=kind,
        delivery_id=delivery_id,
        event=change.trigger,
        source=served.name,
        request_key=change.key,
        installation_id=change.installation,
    )


def github_delivery(service: ServiceConfig, event: str, delivery_id: str, payload: Any) -> Incoming | str:
    """A GitHub webhook: the event is the ``X-GitHub-Event`` header."""
    return delivery(service, "github", event, delivery_id, payload)


def jira_delivery(service: ServiceConfig, delivery_id: str, payload: Any) -> Incoming | str:
    """A Jira admin webhook: the event is in the payload (``webhookEvent``)."""
    return delivery(service, "jira", "", delivery_id, payload)
