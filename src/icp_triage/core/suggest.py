"""Draft a profile from the customers who succeed, and test it on customers it has not seen.

The recipe of a sound ICP: rank customers by a composite of their outcomes and take the
best (``core.best_customers``), find per attribute the values or ranges over-represented
among them (``core.segments``), weigh each by its lift, and draw the ICP line where the
segment is (``core.cutoffs``): the tier cut-off whose ICP holds the best customers most
often, requiring both halves of a segment that is two criteria together. Anti signals come
the same way from the worst customers. The draft is built on a seeded training split and
judged on the held-out rest, beside the current profile.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from icp_triage.core.best_customers import (
    BestRate,
    Customers,
    best_rate,
    customers,
    fewest_customers,
    profile_rate,
)
from icp_triage.core.cutoffs import (
    Cutoff,
    Interaction,
    Narrowing,
    candidates,
    choose,
    floor_of,
    interactions,
    scored,
    tiers_for,
    to_require,
    weights_requiring,
)
from icp_triage.core.fit import score_all
from icp_triage.core.models import Account
from icp_triage.core.outcomes import OutcomeSettings, OutcomeTable, ValidationSettings, outcome_columns
from icp_triage.core.segments import (
    Finding,
    candidate_attributes,
    condition_dict,
    find_segments,
    read_columns,
)
from icp_triage.core.settings import Profile


@dataclass(frozen=True)
class Drafted:
    """A drafted criterion or anti signal and the finding behind it (for its comment)."""

    finding: Finding
    points: float


@dataclass(frozen=True)
class Suggestion:
    profile: Profile | None
    criteria: tuple[Drafted, ...]
    anti: tuple[Drafted, ...]
    customers: int
    best: int
    trained_on: int
    held_out: int
    draft_held_out: BestRate | None
    current_held_out: BestRate | None
    outcomes_used: tuple[str, ...]
    notes: tuple[str, ...]
    line: Line | None = None


def points(lift: float) -> float:
    """A criterion's weight from its lift: 2 points per doubling, 1 to 5 (lift 2 -> 2, 4 -> 4)."""
    if not math.isfinite(lift):
        return 5.0
    return float(max(1, min(5, round(2 * math.log2(lift)))))


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
    split = customers(accounts, table, outcomes, settings)
    train, test = split.train, split.test
    count = len(train) + len(test)
    used = tuple(o.name for o in table.outcomes if outcomes.weight(o.name) > 0)
    if not split.enough(settings):
        note = (
            f"only {count} accounts have outcomes; at least {fewest_customers(settings)[1]} are needed to "
            f"draft a profile: the best {settings.best_share:.0%} of the {1 - settings.holdout:.0%} "
            f"training split must hold validation.min_accounts ({settings.min_accounts}) customers"
        )
        return Suggestion(None, (), (), count, 0, len(train), len(test), None, None, used, (note,))
    columns = read_columns(train, candidate_attributes([*train, *test], outcome_columns(outcomes)))
    found = find_segments(columns, split.best_train)
    criteria = tuple(
        sorted((Drafted(f, points(f.lift)) for f in found), key=lambda d: (-d.points, d.finding.attribute))
    )
    chosen = {d.finding.attribute for d in criteria}
    warning_signs = find_segments([c for c in columns if c.attribute not in chosen], split.worst_train)
    anti = tuple(Drafted(f, 10 * points(f.lift)) for f in warning_signs if f.lift >= 2)
    current_rate = profile_rate(test, current, split.best_test) if test else None
    base = Suggestion(
        None, (), anti, count, len(split.best_train), len(train), len(test), None, current_rate, used, ()
    )
    if not criteria:
        return replace(
            base, notes=("no attribute sets the best customers apart from the rest: no profile drafted",)
        )
    draft = _Draft(current, f"{today.year}-{today.month:02d}", criteria, anti)
    line = _draw_line(split, draft, settings)
    weights, cutoff = line.weights, line.cutoff
    held_out = score_all(test, draft.profile(weights, None))  # a cut-off changes tiers, not fits
    fit_of = scored(held_out)
    judged = tuple(
        replace(
            c, test=best_rate(held_out, {k for k, v in fit_of.items() if v >= c.threshold}, split.best_test)
        )
        for c in line.cutoffs
    )
    profile = draft.profile(weights, cutoff.threshold if cutoff else None)
    return replace(
        base,
        profile=profile,
        criteria=tuple(replace(d, points=w) for d, w in zip(criteria, weights, strict=True)),
        draft_held_out=profile_rate(test, profile, split.best_test) if test else None,
        line=replace(
            line,
            cutoffs=judged,
            cutoff=next((c for c in judged if c.level == cutoff.level), None) if cutoff else None,
        ),
    )


@dataclass(frozen=True)
class _Draft:
    """What a draft is made of before its weights and cut-off are chosen."""

    current: Profile
    version: str
    criteria: tuple[Drafted, ...]
    anti: tuple[Drafted, ...]

    def profile(self, weights: Sequence[float], threshold: float | None) -> Profile:
        """The draft with ``weights`` and its ICP line at ``threshold`` (None: the current tiers)."""
        current = self.current
        tiers = (
            tiers_for(current, threshold)
            if threshold is not None
            else {"tiers": current.tiers.model_dump(), "icp_tiers": current.icp_tiers}
        )
        return Profile.model_validate(
            {
                "name": current.name,
                "version": self.version,
                "criteria": [
                    {**condition_dict(d.finding), "weight": w}
                    for d, w in zip(self.criteria, weights, strict=True)
                ],
                "anti": [{**condition_dict(d.finding), "penalty": d.points} for d in self.anti],
                "min_coverage": current.min_coverage,
                **tiers,
            }
        )


@dataclass(frozen=True)
class Line:
    """Where a draft draws its ICP line: the criteria's weights, those required (by an
    interaction or a narrowing), the cut-offs considered and the one chosen."""

    weights: list[float]
    required: frozenset[int]
    cutoffs: tuple[Cutoff, ...]
    cutoff: Cutoff | None
    interactions: tuple[Interaction, ...] = ()
    narrowings: tuple[Narrowing, ...] = ()
    least: int = 0
    """Each candidate leaves at least this many training accounts inside and out (``validation.min_accounts``)."""


def _draw_line(split: Customers, draft: _Draft, settings: ValidationSettings) -> Line:
    """The weights, required criteria, candidate cut-offs and the chosen one
    (``core.cutoffs``): each pass chooses a cut-off on the training split, then requires the
    criterion that raises the chosen ICP's rate beyond its interval, if one does, and
    chooses again among the cut-offs that require it."""
    points = [d.points for d in draft.criteria]
    least = settings.min_accounts
    fits = score_all(split.train, draft.profile(points, None))
    pairs = interactions(fits, split.best_train, least=least)
    required = {i for pair in pairs for i in (pair.first, pair.second)}
    narrowings: list[Narrowing] = []
    line = Line(points, frozenset(), (), None, least=least)
    for _ in range(len(points) + 1):  # each pass requires one more criterion, or ends
        weights = weights_requiring(points, required)
        profile = draft.profile(weights, None)
        if required:  # statuses stay, fits move with the weights
            fits = score_all(split.train, profile)
        options = candidates(fits, profile, split.best_train, least=least)
        cutoff = choose(options, floor=floor_of(weights, required))
        if cutoff is None:
            break
        line = Line(
            weights, frozenset(required), tuple(options), cutoff, tuple(pairs), tuple(narrowings), least
        )
        more = to_require(fits, cutoff, split.best_train, least=least)
        if more is None:
            break
        narrowings.append(more)
        required.add(more.criterion)
    return line
