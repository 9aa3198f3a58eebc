"""Do the declared problems describe what the ICP asks for? (issue 16, item 5)

``profile validate`` tests the firmographics against outcomes; this tests ``profile.problems``
against demand. For each problem: the share of the ICP's demand (``icp_demand`` summed over
the ranked backlog) that addresses it, and the share of the off-profile demand that does.
Two warnings, in the spirit of ``stale``:

- ``problem_stale``: no request addressing a declared problem was created in the last
  ``STALE_MONTHS`` months (requests without a date do not count as recent);
- ``off_problem``: most of the ICP's demand (over half) addresses none of the problems: they
  do not describe what the ICP asks for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from icp_triage.core.backlog import Backlog
from icp_triage.core.models import RequestLike
from icp_triage.core.problems import FocusReader, Problem

STALE_MONTHS = 6
MOST = 0.5  # more than this share of ICP demand addressing no problem is "most"
ProblemWarningKind = Literal["problem_stale", "off_problem"]


@dataclass(frozen=True, slots=True)
class ProblemShare:
    """One declared problem: what share of each side's demand addresses it, and when it was
    last asked for. A share is None when that side has no demand at all."""

    name: str
    icp_share: float | None
    off_icp_share: float | None
    requests: int
    last_asked: date | None


@dataclass(frozen=True, slots=True)
class ProblemDemand:
    problems: tuple[ProblemShare, ...]
    icp_share_none: float | None  # the share of ICP demand that addresses no declared problem
    warnings: tuple[tuple[ProblemWarningKind, str], ...]  # (kind, message)


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole > 0 else None


def _months_before(day: date, months: int) -> date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, min(day.day, 28))


def problem_demand(
    backlog: Backlog, problems: Sequence[Problem], requests: Sequence[RequestLike], *, today: date
) -> ProblemDemand:
    """Each declared problem's share of ICP and off-profile demand in ``backlog``, and the
    warnings; ``requests`` (every one, attributed or not) say when each problem was last asked."""
    items = [*backlog.ranked, *backlog.opportunistic]
    icp_total = sum(i.icp_demand for i in items)
    off_total = sum(i.off_icp_demand for i in items)
    icp_none = sum(i.icp_demand for i in items if not i.problems)
    reader = FocusReader(problems, None)
    last: dict[str, date | None] = {p.name: None for p in problems}
    count = dict.fromkeys(last, 0)
    for request in requests:
        for match in reader.read(request).problems:
            count[match.name] += 1
            asked = request.created_at.date() if request.created_at is not None else None
            if asked is not None and (last[match.name] is None or asked > last[match.name]):  # type: ignore[operator]
                last[match.name] = asked
    shares = tuple(
        ProblemShare(
            p.name,
            _share(sum(i.icp_demand for i in items if any(m.name == p.name for m in i.problems)), icp_total),
            _share(
                sum(i.off_icp_demand for i in items if any(m.name == p.name for m in i.problems)), off_total
            ),
            count[p.name],
            last[p.name],
        )
        for p in problems
    )
    since = _months_before(today, STALE_MONTHS)
    warnings: list[tuple[ProblemWarningKind, str]] = [
        (
            "problem_stale",
            f"no request addressing '{s.name}' was created in the last {STALE_MONTHS} months"
            + (f" (the last on {s.last_asked.isoformat()})" if s.last_asked else " (none at all)")
            + ": is it still a problem the ICP has, or are its keywords and labels out of date?",
        )
        for s in shares
        if s.last_asked is None or s.last_asked < since
    ]
    none_share = _share(icp_none, icp_total)
    if none_share is not None and none_share > MOST:
        warnings.append(
            (
                "off_problem",
                f"{none_share:.0%} of the ICP's demand addresses none of the declared problems: they do not "
                "describe what the ICP asks for; add the problems behind its top requests, or their words",
            )
        )
    return ProblemDemand(shares, none_share, tuple(warnings))
