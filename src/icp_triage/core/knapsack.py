"""A 0/1 knapsack: choose items of given efforts (costs) and values within a capacity.

- **Discretisation.** Efforts may be fractional (story points of 0.5). Every effort and the
  capacity are put on a grid of ``unit`` points: the coarsest of 1, 0.5, 0.25, 0.1, 0.05
  and 0.01 on which they all lie exactly, so 0.5-point estimates are planned exactly. An
  effort off every grid (0.333) is rounded *up* to the next 0.01 and the capacity *down*,
  so a chosen set never exceeds the real capacity; such choices are optimal for the rounded
  efforts, and the answer says which efforts were rounded.
- **Exact** dynamic programming over ``items x capacity_units`` cells when that product is
  at most ``max_cells`` (memory: one byte per cell for the choice table).
- **Greedy** otherwise: by value per effort, skipping what no longer fits, then compared
  with the single most valuable item that fits; the better of the two is at least half the
  optimum (the classic bound for the modified greedy). The answer also carries the
  fractional (LP relaxation) upper bound, so the guarantee for a given input is usually
  much tighter.

Pure and deterministic: ties go to the lower index (``planning`` passes the better-ranked
request first). It knows nothing of requests or backlogs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

GRID = (1.0, 0.5, 0.25, 0.1, 0.05, 0.01)
MAX_CELLS = 10_000_000
EPS = 1e-9
"""Slack in effort comparisons: an effort within it of the room left still fits."""

Method = Literal["exact", "greedy", "none"]


@dataclass(frozen=True, slots=True)
class Choice:
    """The knapsack's answer: chosen indices and how it was found."""

    chosen: tuple[int, ...]
    method: Method
    unit: float
    rounded: tuple[int, ...]
    upper_bound: float


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
        if efforts[i] <= room + EPS:
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
        if efforts[i] <= room + EPS:
            chosen.append(i)
            room -= efforts[i]
            value += values[i]
    fitting = [i for i in live if efforts[i] <= capacity + EPS]
    if fitting:
        single = max(fitting, key=lambda i: (values[i], -i))
        if values[single] > value:
            return [single]
    return chosen
