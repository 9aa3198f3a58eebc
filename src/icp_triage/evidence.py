"""The profile's evidence for the surfaces: the accounts' outcomes, and a diff of two profiles.

Beside ``workspace.py`` (and reading a ``Workspace``) so the CLI, the Action and the demo load
outcomes and diff profiles one way: the outcome columns through their adapter (which names
the row of a bad cell), the diff with this config's settings and its tracker's conventions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from icp_triage.adapters.base import conventions_for
from icp_triage.core.models import RequestLike
from icp_triage.core.outcomes import OutcomeTable
from icp_triage.core.problem_demand import ProblemDemand
from icp_triage.core.profile_diff import ProfileDiff, diff_profiles
from icp_triage.core.settings import Profile
from icp_triage.workspace import Workspace


def outcomes(workspace: Workspace, env: Mapping[str, str]) -> OutcomeTable:
    """The accounts' outcome columns (``outcomes:`` in icp.yml); DataError naming the row of a bad cell."""
    from icp_triage.adapters.outcomes import load_outcomes

    accounts = workspace.config.accounts
    path = workspace.loaded.resolve(accounts) if accounts else None
    return load_outcomes(workspace.accounts, workspace.config.outcomes, path=path, env=env)


def profile_diff(
    workspace: Workspace,
    old: Profile,
    requests: Sequence[RequestLike] | None,
    *,
    env: Mapping[str, str],
    today: date,
    threshold: int = 5,
) -> ProfileDiff:
    """How ``old`` and the workspace's profile differ on its accounts (and ``requests``)."""
    config = workspace.config
    return diff_profiles(
        workspace.accounts,
        requests,
        old,
        config.profile,
        outcomes(workspace, env),
        today=today,
        threshold=threshold,
        settings=config.validation,
        outcomes=config.outcomes,
        attribution=config.attribution,
        ranking=config.ranking,
        planning=config.planning,
        conventions=conventions_for(workspace.selection()),
    )


def problem_demand(
    workspace: Workspace, requests: Sequence[RequestLike], *, today: date
) -> ProblemDemand | None:
    """The declared problems against the demand of ``requests`` ranked with this config; None
    when icp.yml declares no problem."""
    from icp_triage.core.problem_demand import problem_demand as measure

    problems = workspace.config.profile.problems
    if not problems:
        return None
    return measure(workspace.rank(requests), problems, requests, today=today)
