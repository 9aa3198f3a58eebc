"""The best customers: who they are, the seeded split they are judged on, and how often a
group of accounts holds them.

A sound ICP is found in the customers who succeed: customers are ranked by a composite of
their outcomes (retention, expansion, NPS, usage, wins; churn and support tickets counting
against) and the top ``best_share`` (20%) are the best. Findings are made on a seeded
training split and judged on the held-out rest, by the lift of the best-customer rate: how
much more often an account inside a group is among the best than one outside it.
``profile suggest`` drafts with these; ``profile validate`` asks them whether its ICP holds
only part of what sets the best customers apart (``core.partial``).
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from icp_triage.core.fit import score_all
from icp_triage.core.models import Account
from icp_triage.core.outcomes import OutcomeSettings, OutcomeTable, ValidationSettings
from icp_triage.core.settings import Criterion, Profile
from icp_triage.core.stats import Comparison, compare_rates, wilson


def composite(table: OutcomeTable, settings: OutcomeSettings) -> dict[str, float]:
    """Each account's weighted mean of its known outcomes, every outcome scaled to 0..1.

    A rate counts as it is (0 or 1); a mean by its mid-rank percentile among the known
    values, so a usage in the millions weighs no more than an NPS. Outcomes where lower is
    better (churned, support tickets) are turned around. Accounts with no outcome are absent.
    """
    points: dict[str, float] = {}
    weights: dict[str, float] = {}
    for outcome in table.outcomes:
        weight = settings.weight(outcome.name)
        if weight <= 0:
            continue
        scores = outcome.values if outcome.kind == "rate" else _percentiles(outcome.values)
        flip = outcome.lower_is_better
        get_points, get_weight = points.get, weights.get
        for account_id, score in scores.items():
            points[account_id] = get_points(account_id, 0.0) + weight * (1.0 - score if flip else score)
            weights[account_id] = get_weight(account_id, 0.0) + weight
    return {k: p / weights[k] for k, p in points.items()}


def _percentiles(values: Mapping[str, float]) -> dict[str, float]:
    """Mid-rank percentiles: ties share the mean of their ranks, so equal values score alike.

    ``(below + below_or_equal) / 2n`` per distinct value, by bisection in the sorted values.
    """
    ordered = sorted(values.values())
    n = len(ordered)
    rank = {v: (bisect_left(ordered, v) + bisect_right(ordered, v)) / (2 * n) for v in set(ordered)}
    return {k: rank[v] for k, v in values.items()}


def top_share(scores: Mapping[str, float], share: float, *, best: bool = True) -> set[str]:
    """The ids of the top (or bottom) ``share`` of ``scores``; ties broken by id, so stable."""
    count = max(1, math.ceil(share * len(scores)))
    ordered = sorted(scores)
    ordered.sort(key=scores.__getitem__, reverse=best)  # stable, also reversed: ties stay by id
    return set(ordered[:count])


def split(ids: Sequence[str], *, holdout: float, seed: int) -> tuple[list[str], list[str]]:
    """A seeded random split into training and held-out ids (same ids and seed, same split)."""
    shuffled = sorted(ids)
    random.Random(seed).shuffle(shuffled)
    cut = round(len(shuffled) * holdout)
    return sorted(shuffled[cut:]), sorted(shuffled[:cut])


def fewest_customers(settings: ValidationSettings) -> tuple[int, int]:
    """The fewest training accounts, and customers in all, a finding needs: its best share must
    hold ``min_accounts`` customers, or every finding would rest on a handful of them."""
    train = math.ceil(settings.min_accounts / settings.best_share - 1e-9)
    total = train
    while total - round(total * settings.holdout) < train:  # ends: holdout < 1
        total += 1
    return train, total


@dataclass(frozen=True)
class Customers:
    """The accounts with outcomes, split into training and held-out, each with its best (and
    the training split's worst, where anti signals are found)."""

    train: list[Account]
    test: list[Account]
    best_train: set[str]
    worst_train: set[str]
    best_test: set[str]

    def enough(self, settings: ValidationSettings) -> bool:
        return len(self.train) >= fewest_customers(settings)[0]


def customers(
    accounts: Sequence[Account], table: OutcomeTable, outcomes: OutcomeSettings, settings: ValidationSettings
) -> Customers:
    """The customers of ``accounts`` (those with an outcome), split by ``settings``' seed."""
    scores = composite(table, outcomes)
    known = [a for a in accounts if a.id in scores]
    train_ids, _ = split([a.id for a in known], holdout=settings.holdout, seed=settings.seed)
    in_train = set(train_ids)
    train = [a for a in known if a.id in in_train]
    test = [a for a in known if a.id not in in_train]
    train_scores = {a.id: scores[a.id] for a in train}
    test_scores = {a.id: scores[a.id] for a in test}
    share = settings.best_share
    return Customers(
        train=train,
        test=test,
        best_train=top_share(train_scores, share) if train else set(),
        worst_train=top_share(train_scores, share, best=False) if train else set(),
        best_test=top_share(test_scores, share) if test else set(),
    )


@dataclass(frozen=True)
class BestRate:
    """How a group sorts customers: its best-customer rate, and the rest's beside it.

    ``lift`` is the ratio of the two (how much more often an account inside is among the
    best than one outside); ``rate`` and its Wilson interval ``rate_ci`` are what a choice
    between groups of one population reads: the other side's rate grows as a group widens,
    so a group of all but the worst accounts has a high lift and is no segment.
    """

    icp: int
    rest: int
    best_icp: int
    comparison: Comparison | None

    @property
    def lift(self) -> float | None:
        return self.comparison.lift if self.comparison else None

    @property
    def rate(self) -> float:
        return self.best_icp / self.icp if self.icp else 0.0

    @property
    def rate_ci(self) -> tuple[float, float]:
        return wilson(self.best_icp, self.icp) if self.icp else (0.0, 1.0)


def best_rate(ids: Collection[str], group: Collection[str], best: Collection[str]) -> BestRate:
    """The rate of ``best`` among ``group`` (within ``ids``) against the rest of ``ids``."""
    within = set(ids)
    inside = within.intersection(group)
    n_in, n_out = len(inside), len(within) - len(inside)
    best_in = len(inside.intersection(best))
    if not n_in or not n_out:
        return BestRate(n_in, n_out, best_in, None)
    best_out = len(within.intersection(best)) - best_in
    return BestRate(n_in, n_out, best_in, compare_rates(best_in, n_in, best_out, n_out))


def profile_rate(accounts: Sequence[Account], profile: Profile, best: set[str]) -> BestRate:
    """The rate of ``best`` among ``profile``'s ICP accounts (tiers ``icp_tiers``) against the others."""
    fits = score_all(accounts, profile)
    icp = {k for k, f in fits.items() if f.tier in profile.icp_tiers}
    return best_rate(set(fits), icp, best)


def raises_rate(base: BestRate, narrowed: BestRate) -> bool:
    """Whether narrowing a group to ``narrowed`` raises its best-customer rate beyond chance:
    above the whole 95% interval of the group's own rate, and with an interval of its own
    above the group's rate, so a handful of accounts that happen to be all best (10 of 10)
    does not count (how ``partial`` and suggest's required criteria judge it)."""
    if not base.icp or not narrowed.icp:
        return False
    return narrowed.rate > base.rate_ci[1] and narrowed.rate_ci[0] > base.rate


def meeting(accounts: Sequence[Account], criterion: Criterion) -> set[str]:
    """The ids of ``accounts`` that meet ``criterion`` (an unknown value does not)."""
    fits = score_all(accounts, Profile(criteria=[criterion]))
    return {k for k, f in fits.items() if f.criteria[0].status == "met"}
