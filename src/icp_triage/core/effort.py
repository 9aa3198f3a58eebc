"""Effort per request: its ``estimate``, else a ``size:``/``points:`` label, else the median.

An assumed (median) effort is marked so plans and reports can say so.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from icp_triage.core.models import RequestLike
from icp_triage.core.settings import PlanningSettings


class EffortReader:
    """Reads the effort a request states itself.

    A backlog of 100k requests carries a handful of distinct labels, so each distinct label
    is parsed once and remembered.
    """

    def __init__(self, planning: PlanningSettings) -> None:
        self.planning = planning
        self.prefixes = [p.casefold() for p in planning.effort_labels]
        self._by_label: dict[str, float | None] = {}
        self.unusable: dict[str, None] = {}  # effort labels that state no usable effort, in order

    def known(self, request: RequestLike) -> float | None:
        """The request's ``estimate``, else the first label that states an effort, else None."""
        if request.estimate is not None:
            return request.estimate
        by_label = self._by_label
        for label in request.labels:
            value = by_label.get(label, -1.0)
            if value == -1.0:
                value = by_label[label] = self._label_effort(label)
            if value is not None:
                return value
        return None

    def _label_effort(self, label: str) -> float | None:
        folded = label.casefold()
        for prefix in self.prefixes:
            if folded.startswith(prefix):
                value = self.planning.size_value(label[len(prefix) :])
                if value is not None:
                    return value
                self.unusable[label] = None  # points:-5, points:abc, points:1e999
        return None


@dataclass(frozen=True)
class EffortTable:
    """Known efforts by key, and the median that stands in for unknown ones."""

    known: dict[str, float]
    median: float | None
    unusable: tuple[str, ...] = ()

    def notes(self) -> tuple[str, ...]:
        """A note naming effort labels that state no usable effort (the median stands in)."""
        if not self.unusable:
            return ()
        shown = ", ".join(repr(label) for label in self.unusable[:5])
        more = f" and {len(self.unusable) - 5} more" if len(self.unusable) > 5 else ""
        return (
            f"effort labels that state no usable effort: {shown}{more}; the median effort stands "
            "in for them (use a number of at least 0, or a size from planning.sizes)",
        )

    def effort(self, request: RequestLike) -> tuple[float | None, bool]:
        """``(effort, assumed)``: assumed is True when the median stood in."""
        value = self.known.get(request.key)
        if value is not None:
            return value, False
        return self.median, self.median is not None


def resolve_efforts(requests: Sequence[RequestLike], planning: PlanningSettings) -> EffortTable:
    reader = EffortReader(planning)
    known = {}
    for request in requests:
        value = reader.known(request)
        if value is not None:
            known[request.key] = value
    median = float(statistics.median(known.values())) if known else None
    return EffortTable(known=known, median=median, unusable=tuple(reader.unusable))
