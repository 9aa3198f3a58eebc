"""Fill a sprint's capacity with the requests that return the most ICP value.

The candidates are a backlog's requests (opportunistic, unattributed and low-confidence ones
only when asked); the choice is ``core.knapsack``'s, over their efforts and ICP values; the
plan says what was chosen, what waits and why (each deferral with a code and a sentence),
and how good the choice is known to be.

Pure: no I/O, deterministic for the same input (ties go to the better-ranked request).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from icp_triage.core.backlog import Backlog, RankedItem, UnattributedItem
from icp_triage.core.knapsack import EPS, MAX_CELLS, Method, knapsack
from icp_triage.core.tiers import RequestClass


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a request was deferred: a stable ``code`` and a sentence for people."""

    code: str
    text: str


@dataclass(frozen=True, slots=True)
class PlanEntry:
    """One request in a plan; ``reasons`` is empty for chosen ones.

    ``rank`` is the place in the request's own list, ``listed``: the ranked backlog, the
    opportunistic list (ordered by off-ICP demand, so its #1 is not the backlog's #1) or
    the unattributed one (rank 0).
    """

    key: str
    title: str
    url: str | None
    klass: RequestClass
    rank: int
    icp_value: float
    effort: float | None
    effort_assumed: bool
    value_per_effort: float | None
    low_confidence: bool
    reasons: tuple[Reason, ...] = ()

    @property
    def listed(self) -> str:
        return self.klass.listed


@dataclass(frozen=True)
class Plan:
    """A sprint plan: what fits, what waits and why, with the totals and the guarantee."""

    capacity: float
    used: float
    total_value: float
    method: Method
    unit: float
    upper_bound: float
    chosen: tuple[PlanEntry, ...]
    deferred: tuple[PlanEntry, ...]
    rounded: tuple[str, ...]
    include_opportunistic: bool
    confident_only: bool
    weight_by: str
    notes: tuple[str, ...]

    @property
    def guarantee(self) -> str:
        """One sentence on how good the choice is known to be."""
        if self.method == "none":
            return "nothing to choose from"
        if self.method == "exact":
            text = "optimal: exact 0/1 knapsack (dynamic programming)"
            if self.rounded:
                text += f" over efforts rounded up to multiples of {self.unit:g}"
            return text
        ratio = self.total_value / self.upper_bound if self.upper_bound > 0 else 1.0
        return (
            "greedy by value per effort, then the best single item if better: at least 50% of "
            f"the optimum in general, and at least {math.floor(ratio * 1000) / 10:g}% here "
            f"(fractional upper bound {self.upper_bound:.4g})"
        )

    @property
    def discretisation(self) -> str:
        text = f"efforts and capacity on a grid of {self.unit:g} points"
        if self.rounded:
            text += f"; {len(self.rounded)} effort(s) rounded up to it, capacity rounded down"
        return text


def plan(
    backlog: Backlog,
    capacity: float,
    *,
    include_opportunistic: bool = False,
    confident_only: bool = False,
    default_effort: float = 1.0,
    max_cells: int = MAX_CELLS,
) -> Plan:
    """Plan a sprint of ``capacity`` effort points from ``backlog``.

    Candidates are the ranked (icp-core and mixed) requests; opportunistic, unknown-fit and
    unattributed ones join only with ``include_opportunistic``; low-confidence ones stay out with
    ``confident_only``. A request with no effort anywhere in the backlog (no estimate, no
    label, so no median) counts ``default_effort``, marked as assumed.

    :raises ValueError: when ``capacity`` or ``default_effort`` is negative.
    """
    if capacity < 0 or default_effort < 0:
        raise ValueError("capacity and default_effort must be >= 0")
    notes: list[str] = []
    entries: list[PlanEntry] = []
    excluded: dict[int, list[Reason]] = {}
    items: list[RankedItem | UnattributedItem] = [
        *backlog.ranked,
        *backlog.opportunistic,
        *backlog.unknown_fit,
    ]
    items += backlog.unattributed
    no_effort = 0
    for position, item in enumerate(items):
        entry = _entry(item, default_effort)
        if isinstance(item, RankedItem) and item.effort is None:
            no_effort += 1
        entries.append(entry)
        reasons = _exclusion(entry, include_opportunistic, confident_only)
        if reasons:
            excluded[position] = reasons
    if no_effort:
        notes.append(
            f"{no_effort} request(s) have no effort and the backlog has none to take a median from: "
            f"each counts {default_effort:g}"
        )
    assumed = sum(1 for e in entries if e.effort_assumed and e.klass != RequestClass.UNATTRIBUTED)
    if assumed:
        notes.append(f"{assumed} request(s) have an assumed effort (the median or the default)")
    candidates = [i for i in range(len(entries)) if i not in excluded]
    efforts = [entries[i].effort or 0.0 for i in candidates]
    values = [entries[i].icp_value for i in candidates]
    choice = knapsack(efforts, values, capacity, max_cells=max_cells)
    picked = {candidates[j] for j in choice.chosen}
    used = sum(entries[i].effort or 0.0 for i in picked)
    chosen_entries = tuple(entries[i] for i in sorted(picked))
    deferred: list[PlanEntry] = []
    for i, entry in enumerate(entries):
        if i in picked:
            continue
        reasons = excluded.get(i) or _rejection(entry, items[i], capacity, capacity - used, choice.method)
        deferred.append(_with_reasons(entry, reasons))
    return Plan(
        capacity=capacity,
        used=used,
        total_value=sum(e.icp_value for e in chosen_entries),
        method=choice.method,
        unit=choice.unit,
        upper_bound=choice.upper_bound,
        chosen=chosen_entries,
        deferred=tuple(deferred),
        rounded=tuple(entries[candidates[j]].key for j in choice.rounded),
        include_opportunistic=include_opportunistic,
        confident_only=confident_only,
        weight_by=backlog.weight_by,
        notes=tuple(notes),
    )


def _entry(item: RankedItem | UnattributedItem, default_effort: float) -> PlanEntry:
    if isinstance(item, UnattributedItem):
        return PlanEntry(item.key, item.title, item.url, item.klass, 0, 0.0, None, False, None, False)
    effort, assumed = item.effort, item.effort_assumed
    if effort is None:
        effort, assumed = default_effort, True
    return PlanEntry(
        key=item.key,
        title=item.title,
        url=item.url,
        klass=item.klass,
        rank=item.rank,
        icp_value=item.icp_value,
        effort=effort,
        effort_assumed=assumed,
        value_per_effort=(item.icp_value / effort) if effort else None,
        low_confidence=item.low_confidence,
    )


_LEFT_OUT = {
    RequestClass.OPPORTUNISTIC: "driven by off-profile demand",
    RequestClass.UNKNOWN_FIT: "no requester's fit is known",
    RequestClass.UNATTRIBUTED: "no known account asked for it",
}
"""The classes a plan leaves out unless ``include_opportunistic``, and why."""


def _exclusion(entry: PlanEntry, include_opportunistic: bool, confident_only: bool) -> list[Reason]:
    reasons = []
    why = _LEFT_OUT.get(entry.klass)
    if why and not include_opportunistic:
        reasons.append(Reason(entry.klass, f"{entry.klass}: {why} (plan with --include-opportunistic)"))
    if entry.low_confidence and confident_only:
        reasons.append(Reason("low-confidence", "low confidence: a requester's fit is unknown"))
    return reasons


def _rejection(
    entry: PlanEntry, item: RankedItem | UnattributedItem, capacity: float, left: float, method: Method
) -> list[Reason]:
    if entry.icp_value <= 0:
        return [Reason("no-value", f"no ICP value: {_no_value(item)}")]
    effort = entry.effort or 0.0
    if effort > capacity + EPS:
        return [Reason("too-large", f"larger than the whole capacity ({effort:g} > {capacity:g})")]
    if effort > left + EPS:
        text = f"no capacity left: needs {effort:g}, {max(left, 0.0):g} left"
    else:
        text = "no capacity left: the chosen set gives more ICP value within the capacity"
    if method == "greedy":
        text += " (greedy choice)"
    reasons = [Reason("capacity", text)]
    if entry.low_confidence:
        reasons.append(Reason("low-confidence", "low confidence: a requester's fit is unknown"))
    return reasons


def _no_value(item: RankedItem | UnattributedItem) -> str:
    """Why a request has no ICP value, from its requesters: fit 0, no demand weight, or both.

    "its requesters' fit is 0" was said of every such request, also of one asked for by a
    fit-100 account with ARR 0, whose value is 0 because it weighs nothing.
    """
    if isinstance(item, UnattributedItem) or not item.contributions:
        return "no known account asked"
    weightless = [c for c in item.contributions if c.demand <= 0]
    unfit = [c for c in item.contributions if c.demand > 0 and c.fit == 0]
    if not weightless:
        return "its requesters' fit is 0"
    if all(c.worth <= 0 for c in weightless):
        weight = "ARR 0, so no demand weight"
    elif all(c.signal.strength <= 0 for c in weightless):
        weight = "signal strength 0, so no demand weight"
    else:
        weight = "no demand weight (ARR 0 or signal strength 0)"
    if unfit:
        return f"each requester has fit 0 or {weight}"
    return f"its requesters have {weight}"


def _with_reasons(entry: PlanEntry, reasons: Sequence[Reason]) -> PlanEntry:
    return replace(entry, reasons=tuple(reasons))
