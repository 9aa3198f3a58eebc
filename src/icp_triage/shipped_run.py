"""What ``shipped`` computes for a surface (the CLI, the Action): the open backlog ranked as
``rank`` ranks it, the requests closed as completed ranked beside it with today's accounts
and profile, and ``core.shipped.adherence`` over both."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from icp_triage.adapters.base import conventions_for
from icp_triage.core.backlog import Backlog
from icp_triage.core.models import RequestLike
from icp_triage.core.ranking import rank
from icp_triage.core.shipped import PeriodKind, ShippedReport, adherence, shipped_part
from icp_triage.workspace import Workspace


def rank_shipped(
    workspace: Workspace,
    requests: Sequence[RequestLike],
    *,
    since: date | None = None,
    orgs_by_login: Mapping[str, Sequence[str]] | None = None,
) -> Backlog:
    """The requests closed as completed (since ``since``), ranked as ``Workspace.rank`` ranks
    the open ones: the same profile, settings and tracker conventions."""
    config = workspace.config
    return rank(
        shipped_part(requests, since=since),
        workspace.accounts,
        config.profile,
        attribution=config.attribution,
        ranking=config.ranking,
        planning=config.planning,
        orgs_by_login=orgs_by_login,
        conventions=conventions_for(workspace.selection()),
        include_shipped=True,
    )


def shipped_report(
    workspace: Workspace,
    requests: Sequence[RequestLike],
    *,
    by: PeriodKind = "quarter",
    since: date | None = None,
    orgs_by_login: Mapping[str, list[str]] | None = None,
    open_backlog: Backlog | None = None,
) -> ShippedReport:
    """Adherence of what shipped, beside the open backlog (ranked here unless given)."""
    backlog = open_backlog or workspace.rank(requests, orgs_by_login=orgs_by_login)
    shipped = rank_shipped(workspace, requests, since=since, orgs_by_login=orgs_by_login)
    return adherence(shipped, backlog, workspace.config.planning, by=by, since=since)
