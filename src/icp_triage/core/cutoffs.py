"""Where a drafted profile draws its line: the tier cut-off that makes its ICP the segment.

Weights add up, so a profile of two criteria with tiers A 80 / B 60 calls an account ICP
when it meets the heavier one alone; if the best customers are those that meet both, that
ICP is twice too broad. ``profile suggest`` therefore chooses the cut-off too: among the fit
levels its training accounts reach (each the lowest fit of a candidate ICP, narrowest
first), those that leave at least ``validation.min_accounts`` accounts on either side are
candidates, and the one whose ICP has the highest lift of the best-customer rate (its rate
over the rate among all customers) is chosen; a broader candidate whose rate lies within
that one's 95% interval is chosen instead, as the narrower one's edge may be chance. Then
the chosen ICP is narrowed by any criterion that, required as well, raises the rate beyond
that interval. Before any of this, two criteria each weak alone and strong together (an
interaction: saas or fintech does no better than the rest unless it also has 100-2,000
employees, and that size does nothing alone) are both required: weights cannot say "both"
otherwise, as a third criterion of the same weight would stand in for either.

The lift against the accounts outside the ICP, which ``suggest`` reports held out, would
be a poor guide here: it also grows as the ICP widens to all but the worst accounts.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from icp_triage.core.best_customers import BestRate, best_rate, raises_rate
from icp_triage.core.fit import Fit
from icp_triage.core.settings import Profile
from icp_triage.core.stats import compare_rates
from icp_triage.core.tiers import FIT_TIERS, Tier

MOST = 5
"""Candidates considered, narrowest first: each is reported with its held-out lift."""
THRESHOLD_TIERS: tuple[str, ...] = tuple(t.value for t in FIT_TIERS[:-1])
"""The tiers with a threshold of their own (D is what falls below C's), as icp.yml names them."""


@dataclass(frozen=True)
class Cutoff:
    """One candidate ICP: the accounts whose fit reaches ``threshold``.

    ``level`` is the lowest training fit it admits; ``required`` the criteria (indices) an
    account with every value known must meet to reach it; ``members`` the training accounts
    it holds; ``train`` and ``test`` the best-customer rate it gives on each split (``test``
    once judged).
    """

    threshold: float
    level: float
    required: tuple[int, ...]
    members: frozenset[str]
    train: BestRate
    test: BestRate | None = None


def scored(fits: Mapping[str, Fit]) -> dict[str, float]:
    """The fit of every account a cut-off can place (not unknown, not disqualified)."""
    return {k: f.fit for k, f in fits.items() if f.fit is not None and f.tier != Tier.ANTI}


def required_at(profile: Profile, level: float) -> tuple[int, ...]:
    """The criteria whose miss alone keeps a fully known account below ``level``."""
    total = profile.total_weight
    return tuple(i for i, c in enumerate(profile.criteria) if 100 * ((total - c.weight) / total) < level)


def threshold_between(level: float, below: float | None) -> float:
    """A round fit in ``(below, level]`` for the tiers (100, 50, 65, 62), so the cut-off admits
    exactly the accounts at ``level`` or above and still reads well; ``level`` itself when no
    whole number fits."""
    for step in (10, 5, 1):
        value = math.floor(level / step) * step
        if below is None or value > below:
            return float(value)
    return level


def candidates(
    fits: Mapping[str, Fit], profile: Profile, best: Collection[str], *, least: int
) -> list[Cutoff]:
    """Up to ``MOST`` cut-offs at the fit levels of ``fits`` (training accounts), narrowest
    first, each leaving at least ``least`` accounts inside and out."""
    fit_of = scored(fits)
    ids = set(fits)
    levels = sorted(Counter(fit_of.values()).items(), reverse=True)
    found: list[Cutoff] = []
    inside = 0
    for i, (level, count) in enumerate(levels):
        inside += count
        if len(ids) - inside < least:
            break
        if inside < least:
            continue
        members = frozenset(k for k, v in fit_of.items() if v >= level)
        threshold = threshold_between(level, levels[i + 1][0] if i + 1 < len(levels) else None)
        found.append(
            Cutoff(threshold, level, required_at(profile, level), members, best_rate(ids, members, best))
        )
        if len(found) == MOST:
            break
    return found


def choose(found: Sequence[Cutoff], *, floor: float = 0.0) -> Cutoff | None:
    """Of the candidates at ``floor`` or above, the one with the highest best-customer rate, or
    the broadest within its 95% interval; None when no candidate reaches the floor."""
    allowed = [c for c in found if c.level >= floor - 1e-9]  # 1e-9: the floor's sum, in another order
    if not allowed:
        return None
    top = max(allowed, key=lambda c: (c.train.rate, len(c.members)))
    low = top.train.rate_ci[0]
    return max((c for c in allowed if c.train.rate >= low), key=lambda c: len(c.members))


@dataclass(frozen=True)
class Interaction:
    """Two criteria (indices) each weak alone and strong together, and the four groups'
    best-customer rates that show it."""

    first: int
    second: int
    both: BestRate
    first_alone: BestRate
    second_alone: BestRate
    neither: BestRate


def interactions(fits: Mapping[str, Fit], best: Collection[str], *, least: int) -> list[Interaction]:
    """The pairs of criteria weak alone and strong together: accounts meeting one of the two
    do no better than those meeting neither, beyond chance, either way round, and requiring
    the other raises their rate (``raises_rate``); each of the four groups holds at least
    ``least`` accounts."""
    ids = set(fits)
    size = len(next(iter(fits.values())).criteria) if fits else 0
    met = [{k for k, f in fits.items() if f.criteria[i].status == "met"} for i in range(size)]
    missed = [{k for k, f in fits.items() if f.criteria[i].status == "missed"} for i in range(size)]
    found = []
    for i, j in combinations(range(size), 2):
        groups = (met[i] & met[j], met[i] & missed[j], missed[i] & met[j], missed[i] & missed[j])
        if min(map(len, groups)) < least:
            continue
        both, one, other, neither = (best_rate(ids, g, best) for g in groups)
        weak_alone = not _better(one, neither) and not _better(other, neither)
        if weak_alone and raises_rate(one, both) and raises_rate(other, both):
            found.append(Interaction(i, j, both, one, other, neither))
    return found


def _better(a: BestRate, b: BestRate) -> bool:
    """Whether group ``a``'s best-customer rate is above ``b``'s beyond chance (Newcombe's
    interval of the difference above 0)."""
    return compare_rates(a.best_icp, a.icp, b.best_icp, b.icp).difference_ci.above(0)


@dataclass(frozen=True)
class Narrowing:
    """A criterion (index) required of a chosen ICP because it raises the ICP's rate beyond
    chance: the rate before and after."""

    criterion: int
    before: BestRate
    after: BestRate


def to_require(
    fits: Mapping[str, Fit], chosen: Cutoff, best: Collection[str], *, least: int
) -> Narrowing | None:
    """The criterion that, required of ``chosen``'s accounts as well, raises their
    best-customer rate the most beyond ``chosen``'s interval; None when none does."""
    ids = set(fits)
    gains: list[tuple[float, int, BestRate]] = []
    size = len(next(iter(fits.values())).criteria) if fits else 0
    for i in range(size):
        if i in chosen.required:
            continue
        narrowed = frozenset(k for k in chosen.members if fits[k].criteria[i].status == "met")
        if len(narrowed) < least or narrowed == chosen.members:
            continue
        rate = best_rate(ids, narrowed, best)
        if raises_rate(chosen.train, rate):
            gains.append((rate.rate, -i, rate))
    if not gains:
        return None
    _, index, after = max(gains, key=lambda g: g[:2])
    return Narrowing(-index, chosen.train, after)


def weights_requiring(points: Sequence[float], required: Collection[int]) -> list[float]:
    """Criteria weights under which an account must meet every ``required`` criterion to reach
    ``floor_of``: each required weight exceeds all the others' together."""
    rest = sum(p for i, p in enumerate(points) if i not in required)
    return [p + rest if i in required else p for i, p in enumerate(points)]


def floor_of(weights: Sequence[float], required: Collection[int]) -> float:
    """The fit of an account that meets the ``required`` criteria and nothing else."""
    return 100 * (sum(weights[i] for i in required) / sum(weights)) if required else 0.0


def tiers_for(current: Profile, threshold: float) -> dict[str, Any]:
    """``tiers`` and ``icp_tiers`` that place the ICP line at ``threshold``, keeping the current
    layout where they can: the highest ICP tier whose current line is at or below the
    threshold starts there and becomes the lowest ICP tier (A 80 / B 60 and a cut-off of 100:
    A starts at 100 and is the ICP alone; of 70: B starts at 70); tiers below start no higher."""
    now = current.tiers.model_dump()
    icp = [i for i, name in enumerate(THRESHOLD_TIERS) if name in current.icp_tiers]
    last = max(icp, default=len(THRESHOLD_TIERS) - 1)  # an ICP of tier D too: its line is C's
    lowest = next((i for i in range(last + 1) if now[THRESHOLD_TIERS[i]] <= threshold), last)
    tiers = {
        name: now[name] if i < lowest else threshold if i == lowest else min(now[name], threshold)
        for i, name in enumerate(THRESHOLD_TIERS)
    }
    return {"tiers": tiers, "icp_tiers": list(THRESHOLD_TIERS[: lowest + 1])}
