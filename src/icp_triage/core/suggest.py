"""Draft a profile from the customers who succeed, and test it on customers it has not seen.

The recipe of a sound ICP: rank customers by a composite of their outcomes (retention,
expansion, NPS, usage, wins; churn and support tickets counting against), take the top
``best_share`` (20%), and find per attribute the values or ranges over-represented among
them (``core.segments``); anti signals come the same way from the bottom ``best_share``.
The draft is built on a seeded training split and judged on the held-out rest, beside the
current profile, by how much more often its ICP accounts are among the best.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from icp_triage.core.fit import score_all
from icp_triage.core.models import Account
from icp_triage.core.outcomes import OutcomeSettings, OutcomeTable, ValidationSettings, outcome_columns
from icp_triage.core.segments import Finding, find_segments, read_columns
from icp_triage.core.settings import Profile
from icp_triage.core.stats import Comparison, compare_rates
from icp_triage.core.validate import PERSONA_ATTRIBUTES

NOT_SEGMENTS = frozenset({"id", "name", "domains", "github_logins", "github_orgs", "aliases"})


@dataclass(frozen=True)
class Drafted:
    """A drafted criterion or anti signal and the finding behind it (for its comment)."""

    finding: Finding
    points: float


@dataclass(frozen=True)
class HeldOut:
    """How a profile sorts held-out customers: the best-customer rate inside its ICP and out."""

    icp: int
    rest: int
    comparison: Comparison | None

    @property
    def lift(self) -> float | None:
        return self.comparison.lift if self.comparison else None


@dataclass(frozen=True)
class Suggestion:
    profile: Profile | None
    criteria: tuple[Drafted, ...]
    anti: tuple[Drafted, ...]
    customers: int
    best: int
    trained_on: int
    held_out: int
    draft_held_out: HeldOut | None
    current_held_out: HeldOut | None
    outcomes_used: tuple[str, ...]
    notes: tuple[str, ...]


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
    """The fewest training accounts, and customers in all, a draft needs: its best share must
    hold ``min_accounts`` customers, or every finding would rest on a handful of them."""
    train = math.ceil(settings.min_accounts / settings.best_share - 1e-9)
    total = train
    while total - round(total * settings.holdout) < train:  # ends: holdout < 1
        total += 1
    return train, total


def candidate_attributes(accounts: Sequence[Account], excluded: set[str]) -> list[str]:
    """Attributes a segment may be found on: not identity fields, outcomes or a person's traits."""
    names: set[str] = set()
    for account in accounts:
        names.update(account.attributes)
    if any(a.arr is not None for a in accounts):
        names.add("arr")
    return sorted(n for n in names - NOT_SEGMENTS - excluded - PERSONA_ATTRIBUTES if not n.endswith("_title"))


def points(lift: float) -> float:
    """A criterion's weight from its lift: 2 points per doubling, 1 to 5 (lift 2 -> 2, 4 -> 4)."""
    if not math.isfinite(lift):
        return 5.0
    return float(max(1, min(5, round(2 * math.log2(lift)))))


def condition_dict(finding: Finding) -> dict[str, Any]:
    if finding.kind == "range":
        bounds = {k: v for k, v in (("min", finding.low), ("max", finding.high)) if v is not None}
        return {"attribute": finding.attribute, "range": bounds}
    return {"attribute": finding.attribute, finding.kind: list(finding.values)}


def held_out_lift(accounts: Sequence[Account], profile: Profile, best: set[str]) -> HeldOut:
    """The rate of best customers among ``profile``'s ICP accounts against the others."""
    fits = score_all(accounts, profile)
    icp = {k for k, f in fits.items() if f.tier in profile.icp_tiers}
    rest = set(fits) - icp
    if not icp or not rest:
        return HeldOut(len(icp), len(rest), None)
    return HeldOut(len(icp), len(rest), compare_rates(len(icp & best), len(icp), len(rest & best), len(rest)))


def suggest(
    accounts: Sequence[Account],
    table: OutcomeTable,
    current: Profile,
    *,
    today: date,
    outcomes: OutcomeSettings | None = None,
    settings: ValidationSettings | None = None,
) -> Suggestion:
    """Draft a profile from ``accounts`` and their outcomes; ``current`` gives name, tiers and a
    baseline. The draft is None (with a note) when no attribute sets the best customers apart."""
    outcomes = outcomes or OutcomeSettings()
    settings = settings or ValidationSettings()
    scores = composite(table, outcomes)
    notes: list[str] = []
    customers = [a for a in accounts if a.id in scores]
    train_ids, _test_ids = split([a.id for a in customers], holdout=settings.holdout, seed=settings.seed)
    train_set = set(train_ids)
    train = [a for a in customers if a.id in train_set]
    test = [a for a in customers if a.id not in train_set]
    used = tuple(o.name for o in table.outcomes if outcomes.weight(o.name) > 0)
    needed_train, needed = fewest_customers(settings)
    if len(train) < needed_train:
        notes.append(
            f"only {len(customers)} accounts have outcomes; at least {needed} are needed to draft a "
            f"profile: the best {settings.best_share:.0%} of the {1 - settings.holdout:.0%} training "
            f"split must hold validation.min_accounts ({settings.min_accounts}) customers"
        )
        return Suggestion(
            None, (), (), len(customers), 0, len(train), len(test), None, None, used, tuple(notes)
        )
    train_scores = {a.id: scores[a.id] for a in train}
    best = top_share(train_scores, settings.best_share)
    worst = top_share(train_scores, settings.best_share, best=False)
    attributes = candidate_attributes(customers, outcome_columns(outcomes))
    columns = read_columns(train, attributes)
    found = find_segments(columns, best)
    criteria = tuple(
        sorted((Drafted(f, points(f.lift)) for f in found), key=lambda d: (-d.points, d.finding.attribute))
    )
    chosen = {d.finding.attribute for d in criteria}
    warning_signs = find_segments([c for c in columns if c.attribute not in chosen], worst)
    anti = tuple(Drafted(f, 10 * points(f.lift)) for f in warning_signs if f.lift >= 2)
    profile: Profile | None = None
    if criteria:
        profile = Profile.model_validate(
            {
                "name": current.name,
                "version": f"{today.year}-{today.month:02d}",
                "criteria": [{**condition_dict(d.finding), "weight": d.points} for d in criteria],
                "anti": [{**condition_dict(d.finding), "penalty": d.points} for d in anti],
                "tiers": current.tiers.model_dump(),
                "min_coverage": current.min_coverage,
                "icp_tiers": current.icp_tiers,
            }
        )
    else:
        notes.append("no attribute sets the best customers apart from the rest: no profile drafted")
    test_best = top_share({a.id: scores[a.id] for a in test}, settings.best_share) if test else set()
    return Suggestion(
        profile=profile,
        criteria=criteria,
        anti=anti,
        customers=len(customers),
        best=len(best),
        trained_on=len(train),
        held_out=len(test),
        draft_held_out=held_out_lift(test, profile, test_best) if profile and test else None,
        current_held_out=held_out_lift(test, current, test_best) if test else None,
        outcomes_used=used,
        notes=tuple(notes),
    )
