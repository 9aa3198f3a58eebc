"""Effort per request: its ``estimate``, else a ``size:``/``points:`` label, else the median.

An assumed (median) effort is marked so plans and reports can say so.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from icp_triage.core.models import RawRequest
from icp_triage.core.settings import PlanningSettings


def known_effort(request: RawRequest, planning: PlanningSettings) -> float | None:
    """The effort a request states itself, or None."""
    if request.estimate is not None:
        return request.estimate
    prefixes = [p.casefold() for p in planning.effort_labels]
    for label in request.labels:
        folded = label.casefold()
        for prefix in prefixes:
            if folded.startswith(prefix):
                value = planning.size_value(label[len(prefix) :])
                if value is not None:
                    return value
    return None


@dataclass(frozen=True)
class EffortTable:
    """Known efforts by key, and the median that stands in for unknown ones."""

    known: dict[str, float]
    median: float | None

    def effort(self, request: RawRequest) -> tuple[float | None, bool]:
        """``(effort, assumed)``: assumed is True when the median stood in."""
        if request.key in self.known:
            return self.known[request.key], False
        return self.median, self.median is not None


def resolve_efforts(requests: Sequence[RawRequest], planning: PlanningSettings) -> EffortTable:
    known = {}
    for request in requests:
        value = known_effort(request, planning)
        if value is not None:
            known[request.key] = value
    median = float(statistics.median(known.values())) if known else None
    return EffortTable(known=known, median=median)
