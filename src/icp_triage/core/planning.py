"""Fill a sprint's capacity with the requests that return the most ICP value.

The choice is a 0/1 knapsack: each request has an effort (its cost) and an ICP value.

- **Discretisation.** Efforts may be fractional (story points of 0.5). Every effort and the
  capacity are put on a grid of ``unit`` points: the coarsest of 1, 0.5, 0.25, 0.1, 0.05
  and 0.01 on which they all lie exactly, so 0.5-point estimates are planned exactly. An
  effort off every grid (0.333) is rounded *up* to the next 0.01 and the capacity *down*,
  so a chosen set never exceeds the real capacity; such plans are optimal for the rounded
  efforts, and the plan says which efforts were rounded.
- **Exact** dynamic programming over ``items x capacity_units`` cells when that product is
  at most ``max_cells`` (memory: one byte per cell for the choice table).
- **Greedy** otherwise: by value per effort, skipping what no longer fits, then compared
  with the single most valuable item that fits; the better of the two is at least half the
  optimum (the classic bound for the modified greedy). The plan also reports the fractional
  (LP relaxation) upper bound, so the guarantee for this backlog is usually much tighter.

Pure: no I/O, deterministic for the same input (ties go to the better-ranked request).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from icp_triage.core.ranking import Backlog, RankedItem, UnattributedItem

GRID = (1.0, 0.5, 0.25, 0.1, 0.05, 0.01)
MAX_CELLS = 10_000_000
_EPS = 1e-9

Method = Literal["exact", "greedy", "none"]


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
    klass: str
    rank: int
    icp_value: float
    effort: float | None
    effort_assumed: bool
    value_per_effort: float | None
    low_confidence: bool
    reasons: tuple[Reason, ...] = ()
    listed: str = "ranked"


@dataclass(frozen=True, slots=True)
class Choice:
    """The knapsack's answer: chosen indices and how it was found."""

    chosen: tuple[int, ...]
    method: Method
    unit: float
    rounded: tuple[int, ...]
    upper_bound: float


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


def grid_unit(values: Sequence[float]) -> float:
    """The coarsest grid step on which every value lies, or the finest step (0.01)."""
    for step in GRID:
        if all(abs(v / step - round(v / step)) < 1e-6 for v in values):
            return step
    return GRID[-1]


def _units(value: float, unit: float, *, up: bool) -> int:
    scaled = value / unit
    nearest = round(scaled)
    if abs(scaled - nearest) < 1e-6:
        return int(nearest)
    return math.ceil(scaled) if up else math.floor(scaled)


def fractional_bound(efforts: Sequence[float], values: Sequence[float], capacity: float) -> float:
    """The LP-relaxation optimum (items may be taken in part): no 0/1 choice beats it."""
    order = sorted(range(len(efforts)), key=lambda i: _ratio_key(efforts[i], values[i], i))
    room, total = capacity, 0.0
    for i in order:
        if values[i] <= 0:
            continue
        if efforts[i] <= room + _EPS:
            room -= efforts[i]
            total += values[i]
        else:
            total += values[i] * room / efforts[i]
            break
    return total


def _ratio_key(effort: float, value: float, index: int) -> tuple[float, int]:
    ratio = math.inf if effort <= 0 else value / effort
    return (-ratio, index)


def knapsack(
    efforts: Sequence[float], values: Sequence[float], capacity: float, *, max_cells: int = MAX_CELLS
) -> Choice:
    """Choose indices maximising the value sum with the effort sum within ``capacity``.

    Items with no positive value are never chosen. Exact when ``len x capacity units`` is at
    most ``max_cells``, else the modified greedy (at least half the optimum).
    """
    if len(efforts) != len(values):
        raise ValueError("efforts and values differ in length")
    live = [i for i in range(len(efforts)) if values[i] > 0]
    bound = fractional_bound(efforts, values, capacity)
    if not live:
        return Choice((), "none", 1.0, (), 0.0)
    unit = grid_unit([capacity, *(efforts[i] for i in live)])
    weights = {i: _units(efforts[i], unit, up=True) for i in live}
    rounded = tuple(i for i in live if abs(weights[i] * unit - efforts[i]) > 1e-6)
    room = _units(capacity, unit, up=False)
    if len(live) * (room + 1) <= max_cells:
        chosen = _exact(live, weights, values, room)
        return Choice(tuple(sorted(chosen)), "exact", unit, rounded, bound)
    return Choice(tuple(sorted(_greedy(live, efforts, values, capacity))), "greedy", unit, (), bound)


def _exact(live: Sequence[int], weights: dict[int, int], values: Sequence[float], room: int) -> list[int]:
    """Textbook 0/1 knapsack: ``best[c]`` is the best value within ``c`` units.

    Each item builds the next row from the previous one with list slices (no in-place
    update, so an item is used at most once); ``taken[k][c]`` records the decision.
    """
    best = [0.0] * (room + 1)
    taken: list[bytearray] = []
    for i in live:
        w, v = weights[i], values[i]
        if w > room:
            taken.append(bytearray(room + 1))
            continue
        with_item = [b + v for b in best[: room + 1 - w]]
        take = bytearray(w) + bytearray(x > y + 1e-12 for x, y in zip(with_item, best[w:], strict=True))
        best = best[:w] + [x if x > y + 1e-12 else y for x, y in zip(with_item, best[w:], strict=True)]
        taken.append(take)
    chosen, c = [], room
    for position in range(len(live) - 1, -1, -1):
        if taken[position][c]:
            i = live[position]
            chosen.append(i)
            c -= weights[i]
    return chosen


def _greedy(
    live: Sequence[int], efforts: Sequence[float], values: Sequence[float], capacity: float
) -> list[int]:
    order = sorted(live, key=lambda i: _ratio_key(efforts[i], values[i], i))
    room, chosen, value = capacity, [], 0.0
    for i in order:
        if efforts[i] <= room + _EPS:
            chosen.append(i)
            room -= efforts[i]
            value += values[i]
    fitting = [i for i in live if efforts[i] <= capacity + _EPS]
    if fitting:
        single = max(fitting, key=lambda i: (values[i], -i))
        if values[single] > value:
            return [single]
    return chosen


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

    Candidates are the ranked (icp-core and mixed) requests; opportunistic and unattributed
    ones join only with ``include_opportunistic``; low-confidence ones stay out with
    ``confident_only``. A request with no effort anywhere in the backlog (no estimate, no
    label, so no median) counts ``default_effort``, marked as assumed.

    :raises ValueError: when ``capacity`` or ``default_effort`` is negative.
    """
    if capacity < 0 or default_effort < 0:
        raise ValueError("capacity and default_effort must be >= 0")
    notes: list[str] = []
    entries: list[PlanEntry] = []
    excluded: dict[int, list[Reason]] = {}
    items: list[RankedItem | UnattributedItem] = [*backlog.ranked, *backlog.opportunistic]
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
    assumed = sum(1 for e in entries if e.effort_assumed and e.klass != "unattributed")
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
        return PlanEntry(
            item.key,
            item.title,
            item.url,
            "unattributed",
            0,
            0.0,
            None,
            False,
            None,
            False,
            listed="unattributed",
        )
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
        listed="opportunistic" if item.klass == "opportunistic" else "ranked",
    )


def _exclusion(entry: PlanEntry, include_opportunistic: bool, confident_only: bool) -> list[Reason]:
    reasons = []
    if entry.klass in ("opportunistic", "unattributed") and not include_opportunistic:
        reasons.append(
            Reason(
                entry.klass,
                "opportunistic: driven by off-profile demand (plan with --include-opportunistic)"
                if entry.klass == "opportunistic"
                else "unattributed: no known account asked for it (plan with --include-opportunistic)",
            )
        )
    if entry.low_confidence and confident_only:
        reasons.append(Reason("low-confidence", "low confidence: a requester's fit is unknown"))
    return reasons


def _rejection(
    entry: PlanEntry, item: RankedItem | UnattributedItem, capacity: float, left: float, method: Method
) -> list[Reason]:
    if entry.icp_value <= 0:
        return [Reason("no-value", f"no ICP value: {_no_value(item)}")]
    effort = entry.effort or 0.0
    if effort > capacity + _EPS:
        return [Reason("too-large", f"larger than the whole capacity ({effort:g} > {capacity:g})")]
    if effort > left + _EPS:
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
