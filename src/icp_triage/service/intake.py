"""What a verified webhook delivery asks for: one request to re-evaluate, or nothing. Pure.

The tracker reads its own delivery (``adapters.dialect``: GitHub's is the Action's reading
of the same events, so the service tags exactly what the Action would); this module picks
the served source the delivery's place belongs to and, where the payload tells it, checks
that the request is in that source's backlog.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from icp_triage.adapters.dialect import Ignored, dialect_for
from icp_triage.errors import DataError
from icp_triage.service.queue import Incoming
from icp_triage.service.settings import ServiceConfig

MAX_KEY = 300  # characters: the request_key column's width
MAX_INSTALLATION = 2**63 - 1  # a BIGINT
MAX_DELIVERY_ID = 200  # characters: the delivery_id column's width


class Unacceptable(Exception):
    """A signed delivery that cannot be stored as it is (an id out of range, a key no tracker
    issues): answered 4xx with this message, never stored, never a 500."""


def _checked_key(key: str) -> str:
    if len(key) > MAX_KEY:
        raise Unacceptable(f"the issue key is {len(key)} characters; at most {MAX_KEY} are accepted")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in key):
        raise Unacceptable(f"the issue key {key[:40]!r} holds a control character")
    return key


def _checked_installation(installation: int | None) -> int | None:
    if installation is not None and not 0 < installation <= MAX_INSTALLATION:
        raise Unacceptable(f"installation.id {installation} is out of range (1 to {MAX_INSTALLATION})")
    return installation


def _dedupe_id(per_place: bool, delivery_id: str, where: str) -> str:
    """The id a replay is recognised by: where a tracker's delivery ids are unique per place
    only (Jira: per site), the place is part of it."""
    if not per_place:
        return delivery_id
    composed = f"{where}/{delivery_id}"
    if len(composed) > MAX_DELIVERY_ID:
        raise Unacceptable(f"the delivery id with its site ({where}) is over {MAX_DELIVERY_ID} characters")
    return composed


def delivery(
    service: ServiceConfig,
    kind: str,
    event: str,
    delivery_id: str,
    payload: Any,
    body_sha256: str | None = None,
) -> Incoming | str:
    """The request a ``kind`` tracker's delivery names, or why nothing is queued; Unacceptable
    for a payload whose ids or key could not be stored."""
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
        delivery_id=_dedupe_id(dialect.ids_per_place, delivery_id, change.where or served.name),
        event=change.trigger,
        source=served.name,
        request_key=_checked_key(change.key),
        installation_id=_checked_installation(change.installation),
        body_sha256=body_sha256,
    )


def github_delivery(
    service: ServiceConfig, event: str, delivery_id: str, payload: Any, body_sha256: str | None = None
) -> Incoming | str:
    """A GitHub webhook: the event is the ``X-GitHub-Event`` header."""
    return delivery(service, "github", event, delivery_id, payload, body_sha256)


def jira_delivery(
    service: ServiceConfig, delivery_id: str, payload: Any, body_sha256: str | None = None
) -> Incoming | str:
    """A Jira admin webhook: the event is in the payload (``webhookEvent``)."""
    return delivery(service, "jira", "", delivery_id, payload, body_sha256)
