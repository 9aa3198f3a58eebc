"""Two readings of the backlog against the ICP's problems (issue 16, seed 004).

The quadrant chart sets who asks (ICP share) against how loudly (demand). With problems
declared, two cells of a second square say something the firmographics cannot:

- **ICP accounts, off-problem asks**: ICP-core requests that address none of the ICP's
  problems: the right customer, the wrong problem. Ordered by ICP value.
- **ICP problems asked by off-profile accounts**: opportunistic requests that address an ICP
  problem: a sign the ICP may be broader than the firmographics say. Ordered by off-ICP
  demand, as the opportunistic list is.

The rule lives here once; the Markdown and HTML reports render it. None without problems.
"""

from __future__ import annotations

from dataclasses import dataclass

from icp_triage.core.backlog import Backlog, RankedItem
from icp_triage.core.tiers import RequestClass

OFF_PROBLEM = "ICP accounts, off-problem asks"
OFF_PROFILE = "ICP problems asked by off-profile accounts"


@dataclass(frozen=True, slots=True)
class Reading:
    """One reading: its title, what it means, and the requests in it (all of them)."""

    title: str
    meaning: str
    items: tuple[RankedItem, ...]


def problem_readings(backlog: Backlog) -> tuple[Reading, ...]:
    """The two readings, or none when icp.yml declares no problem."""
    if not backlog.problems:
        return ()
    off_problem = tuple(i for i in backlog.ranked if i.klass == RequestClass.ICP_CORE and not i.problems)
    off_profile = tuple(i for i in backlog.opportunistic if i.problems)
    return (
        Reading(
            OFF_PROBLEM,
            "the right customer, the wrong problem: ICP-core requests that address none of the ICP's problems",
            off_problem,
        ),
        Reading(
            OFF_PROFILE,
            "opportunistic requests at the heart of the ICP's problems: the ICP may be broader "
            "than the firmographics say",
            off_profile,
        ),
    )
