"""When each account first asked for each request: the times ``trend`` counts new demand at.

An ask is one account's part in one ranked request (its strongest signal, as ranking counts
it), dated by that account's *earliest* signal there: the request's ``created_at`` for the
author, a form field, a label or a ``Requested-by`` line in the body; a comment's or a
reaction's own ``created_at`` for the signals in it, on the request or on a duplicate counted
for it. A signal with no time of its own counts at its request's ``created_at``
(``REQUEST_CREATED``); a Jira vote's time is its issue's last update (``ISSUE_UPDATED``).

The dating asks the one attribution rule instead of reading signals a second way: each
request is attributed in parts (the request without its comments and reactions, then each
comment alone, then each reaction alone), earliest first, until every account ranking found
is dated. Together the parts hold exactly the request's signals.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from typing import Any

from icp_triage.core.attribution import Attributor
from icp_triage.core.backlog import Backlog
from icp_triage.core.models import CommentLike, ReactionLike, RequestLike
from icp_triage.core.tiers import RequestClass, Tier


class Dating(str, Enum):
    """How an ask's time is known."""

    SIGNAL = "signal"  # the signal's own time (or the request's, for what the request itself says)
    ISSUE_UPDATED = "issue-updated"  # a Jira vote: the issue's last update stands in
    REQUEST_CREATED = "request-created"  # the signal has no time: its request's created_at
    UNDATED = "undated"  # neither the signal nor its request has a time


@dataclass(frozen=True, slots=True)
class Ask:
    """One account asking for one ranked request: ``strength`` is its strongest signal's,
    ``at`` the time of its earliest (None when ``UNDATED``)."""

    key: str
    account_id: str
    klass: RequestClass
    tier: Tier
    strength: float
    at: datetime | None
    dating: Dating


@dataclass(frozen=True, slots=True)
class _Part:
    """A slice of a request's signals, in ``RequestLike``'s shape, for the attributor."""

    key: str
    title: str = ""
    url: str | None = None
    state: str = "open"
    state_reason: str | None = None
    closed_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    author: str | None = None
    author_email: str | None = None
    author_kind: str = "github"
    author_name: str | None = None
    labels: Sequence[str] = ()
    body: str = ""
    fields: Mapping[str, Any] = field(default_factory=dict)
    estimate: float | None = None
    reactions: Sequence[ReactionLike] = ()
    comments: Sequence[CommentLike] = ()
    duplicate_of: None = None


_LAST = datetime.max.replace(tzinfo=timezone.utc)


def _parts(request: RequestLike) -> Iterator[tuple[datetime | None, Dating, _Part]]:
    """The request's own signals, each comment's and each reaction's, with when and how dated."""
    created = request.created_at
    yield (
        created,
        Dating.SIGNAL if created else Dating.UNDATED,
        _Part(
            request.key,
            author=request.author,
            author_email=request.author_email,
            author_kind=request.author_kind,
            author_name=request.author_name,
            labels=request.labels,
            body=request.body,
            fields=request.fields,
        ),
    )
    fallback = Dating.REQUEST_CREATED if created else Dating.UNDATED
    for comment in request.comments:
        own = getattr(comment, "created_at", None)
        yield (own or created, Dating.SIGNAL if own else fallback, _Part(request.key, comments=(comment,)))
    for reaction in request.reactions:
        own = getattr(reaction, "created_at", None)
        how = (
            Dating.ISSUE_UPDATED
            if getattr(reaction, "dated_by", "signal") == "issue-updated"
            else Dating.SIGNAL
        )
        yield (own or created, how if own else fallback, _Part(request.key, reactions=(reaction,)))


def first_asked(
    attributor: Attributor, requests: Sequence[RequestLike], wanted: set[str]
) -> dict[str, tuple[datetime | None, Dating]]:
    """For each account in ``wanted``, when it first signalled on any of ``requests`` (a
    request and its duplicates) and how that time is known; earliest parts first, so the
    first part that names an account dates it. An account no part names is left out."""
    parts = [part for request in requests for part in _parts(request)]
    order = sorted(range(len(parts)), key=lambda i: (parts[i][0] or _LAST, i))
    found: dict[str, tuple[datetime | None, Dating]] = {}
    for i in order:
        at, how, part = parts[i]
        for signal in attributor.attribute(part).best:
            if signal.account_id in wanted and signal.account_id not in found:
                found[signal.account_id] = (at, how)
        if len(found) == len(wanted):
            break
    return found


def asks(backlog: Backlog) -> list[Ask]:
    """Every account's ask on every attributed request (ranked, opportunistic, unknown-fit), dated."""
    attributor = Attributor(
        list(backlog.accounts.values()),
        backlog.attribution_settings,
        orgs_by_login=backlog.orgs_by_login,
        conventions=backlog.conventions,
    )
    by_key = {r.key: r for r in backlog.requests}
    found: list[Ask] = []
    for item in backlog.scored():
        request = by_key.get(item.key)
        if request is None:
            continue
        family = [request, *backlog.duplicates.folded.get(request.key, ())]
        dated = first_asked(attributor, family, {c.account_id for c in item.contributions})
        fallback = (request.created_at, Dating.REQUEST_CREATED if request.created_at else Dating.UNDATED)
        for c in item.contributions:
            at, how = dated.get(c.account_id, fallback)
            found.append(Ask(item.key, c.account_id, item.klass, c.tier, c.signal.strength, at, how))
    return found
