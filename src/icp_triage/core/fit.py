"""Score an account against the profile, with a criterion-by-criterion explanation.

The formula is DESIGN.md's: ``fit = 100 * matched / known`` over the criteria whose
attribute the account has, an ``unknown`` tier below ``min_coverage``, anti signals that
subtract points (floor 0) or disqualify. A disqualified account scores 0 so it adds no
ICP value, while its explanation keeps the score it would have had.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Generic, Literal, TypeVar

from icp_triage.core.models import Account
from icp_triage.core.numbers import parse_number
from icp_triage.core.settings import Condition, Profile, Tiers, describe_condition
from icp_triage.core.tiers import TALLY_ORDER, Tier, tier_rank

Status = Literal["met", "missed", "unknown"]


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """How one criterion or anti signal judged one account."""

    attribute: str
    rule: str
    value: Any
    status: Status
    weight: float
    points: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class AntiResult:
    attribute: str
    rule: str
    value: Any
    status: Status
    penalty: float
    disqualify: bool
    note: str = ""


@dataclass(frozen=True, slots=True)
class Fit:
    """An account's fit: ``fit`` is None when the tier is ``unknown``."""

    account_id: str
    tier: Tier
    fit: float | None
    coverage: float
    known: float
    matched: float
    total: float
    penalty: float
    raw_fit: float | None
    criteria: tuple[CriterionResult, ...]
    anti: tuple[AntiResult, ...]
    summary: str


def is_present(value: Any) -> bool:
    """Whether an attribute value counts as known (not None, not blank, not empty)."""
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, (list, tuple, set)):
        return len(value) > 0
    if isinstance(value, float):
        return not math.isnan(value)
    return True


def _token(value: Any) -> str:
    """Canonical comparison form: case-insensitive text, integral numbers without ``.0``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip().casefold()


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple, set)):
        return list(value)
    if isinstance(value, str) and ";" in value:
        return [part for part in (p.strip() for p in value.split(";")) if part]
    return [value]


@dataclass(frozen=True, slots=True)
class _Test:
    """A condition prepared once per profile: kind, comparison tokens, bounds, rule text."""

    attribute: str
    kind: str
    rule: str
    tokens: frozenset[str]
    low: float | None
    high: float | None
    exists: bool


def _tokens(values: list[Any]) -> set[str]:
    """The comparison forms of a criterion's values; a text that reads as a number (``10k``,
    ``1,200``) adds the number's, since the CSV cell ``10k`` is typed as 10000."""
    tokens = {_token(v) for v in values}
    for value in values:
        if isinstance(value, str) and (number := parse_number(value)) is not None:
            tokens.add(_token(number))
    return tokens


def _prepare(condition: Condition) -> _Test:
    kind = condition.kind
    values: list[Any] = []
    if kind == "in":
        values = list(condition.in_ or [])
    elif kind == "any_of":
        values = list(condition.any_of or [])
    elif kind == "equals":
        values = [condition.equals]
    bounds = condition.range
    return _Test(
        attribute=condition.attribute,
        kind=kind,
        rule=describe_condition(condition),
        tokens=frozenset(_tokens(values)),
        low=bounds.min if bounds else None,
        high=bounds.max if bounds else None,
        exists=bool(condition.exists),
    )


def _check(test: _Test, value: Any) -> tuple[Status, str]:
    kind = test.kind
    if kind == "exists":
        return ("met" if is_present(value) == test.exists else "missed"), ""
    if not is_present(value):
        return "unknown", "no value"
    if kind == "range":
        number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        if number is None and isinstance(value, str):
            number = parse_number(value)
        if number is None:
            return "unknown", f"{value!r} is not a number"
        ok = (test.low is None or number >= test.low) and (test.high is None or number <= test.high)
        return ("met" if ok else "missed"), ""
    if kind == "equals":  # a list attribute equals a value when it holds it
        return ("met" if any(_token(v) in test.tokens for v in _as_list(value)) else "missed"), ""
    ok = any(_token(v) in test.tokens for v in _as_list(value))
    return ("met" if ok else "missed"), ""


def evaluate(condition: Condition, value: Any) -> tuple[Status, str]:
    """Test one attribute value; ``unknown`` when the account lacks it or it is not usable."""
    return _check(_prepare(condition), value)


def lacking(fit: Fit) -> tuple[CriterionResult, ...]:
    """The criteria ``fit`` could not judge: the account lacks the attribute, or its value is
    not usable (the result's note says why). What to look up for an unknown fit (``core.enrich``)."""
    return tuple(c for c in fit.criteria if c.status == "unknown")


def tier_for(fit: float, profile: Profile) -> Tier:
    return tier_of(fit, profile.tiers)


def tier_of(fit: float, tiers: Tiers) -> Tier:
    """The fit tier a score earns under the thresholds ``tiers``."""
    if fit >= tiers.A:
        return Tier.A
    if fit >= tiers.B:
        return Tier.B
    if fit >= tiers.C:
        return Tier.C
    return Tier.D


_SHAREABLE = frozenset({str, int, bool, type(None)})
"""Exact types whose equal values are interchangeable, so a result holding one can serve every
account with an equal value. Not floats (0.0 == -0.0, yet they print differently), not
containers (mutable); the type is part of the key because 1 == True."""

R = TypeVar("R", CriterionResult, AntiResult)


class _Judge(Generic[R]):
    """One prepared criterion or anti signal, remembering its result per attribute value.

    Results are frozen, so the accounts that share a value (an industry, a plan, a missing
    attribute) can share one result: building results equal to ones already built was most
    of ``score_all``'s time.
    """

    __slots__ = ("_judge", "_known", "attribute")

    def __init__(self, attribute: str, judge: Callable[[Any], R]) -> None:
        self.attribute = attribute
        self._judge: Callable[[Any], R] = judge
        self._known: dict[tuple[type, Any], R] = {}

    def __call__(self, account: Account) -> R:
        value = account.attribute(self.attribute)
        kind = type(value)
        if kind not in _SHAREABLE:
            return self._judge(value)
        key = (kind, value)
        result = self._known.get(key)
        if result is None:
            result = self._known[key] = self._judge(value)
        return result


def _criterion(test: _Test, weight: float) -> Callable[[Any], CriterionResult]:
    def judge(value: Any) -> CriterionResult:
        status, note = _check(test, value)
        points = weight if status == "met" else 0.0
        return CriterionResult(test.attribute, test.rule, value, status, weight, points, note)

    return judge


def _anti(test: _Test, points_off: float, disqualify: bool) -> Callable[[Any], AntiResult]:
    def judge(value: Any) -> AntiResult:
        status, note = _check(test, value)
        return AntiResult(test.attribute, test.rule, value, status, points_off, disqualify, note)

    return judge


@dataclass(frozen=True, slots=True)
class _Verdict:
    """Everything in a Fit but the account id and the results it is decided from."""

    tier: Tier
    fit: float | None
    coverage: float
    known: float
    matched: float
    penalty: float
    raw_fit: float | None
    summary: str


_status = attrgetter("status")


class _Scorer:
    """Scores accounts against one profile, its conditions prepared once.

    A verdict depends only on which criteria and anti signals were met, missed or unknown,
    so it is worked out once per pattern of statuses (a handful, however many accounts).
    """

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.total = profile.total_weight
        self.criteria = [_Judge(c.attribute, _criterion(_prepare(c), c.weight)) for c in profile.criteria]
        self.anti = [
            _Judge(a.attribute, _anti(_prepare(a), a.penalty or 0.0, a.disqualify)) for a in profile.anti
        ]
        self._verdicts: dict[tuple[str, ...], _Verdict] = {}

    def score(self, account: Account) -> Fit:
        criteria = tuple([judge(account) for judge in self.criteria])
        anti = tuple([judge(account) for judge in self.anti])
        statuses = tuple(map(_status, criteria + anti))
        verdict = self._verdicts.get(statuses)
        if verdict is None:
            verdict = self._verdicts[statuses] = self._verdict(criteria, anti)
        return Fit(
            account_id=account.id,
            tier=verdict.tier,
            fit=verdict.fit,
            coverage=verdict.coverage,
            known=verdict.known,
            matched=verdict.matched,
            total=self.total,
            penalty=verdict.penalty,
            raw_fit=verdict.raw_fit,
            criteria=criteria,
            anti=anti,
            summary=verdict.summary,
        )

    def _verdict(self, criteria: tuple[CriterionResult, ...], anti: tuple[AntiResult, ...]) -> _Verdict:
        """DESIGN.md's formula over the results (only their statuses and weights count)."""
        profile = self.profile
        known = matched = 0.0
        for result in criteria:
            if result.status != "unknown":
                known += result.weight
            matched += result.points
        penalty = 0.0
        disqualified_by: list[str] = []
        for signal in anti:
            if signal.status == "met":
                if signal.disqualify:
                    disqualified_by.append(f"{signal.attribute} {signal.rule}")
                penalty += signal.penalty
        total = self.total
        coverage = known / total if total else 0.0
        # matched / known first: (100 * m) / m can round to 100.00000000000001, m / m is exactly 1
        raw = 100.0 * (matched / known) if known else None
        fit: float | None
        if disqualified_by:
            tier, fit = Tier.ANTI, 0.0
            summary = "anti-ICP: " + "; ".join(disqualified_by)
        elif raw is None or coverage < profile.min_coverage:
            tier, fit = Tier.UNKNOWN, None
            summary = (
                f"not enough data: {coverage:.0%} of the profile's weight is known, "
                f"{profile.min_coverage:.0%} needed"
            )
        else:
            fit = max(0.0, raw - penalty)
            tier = tier_for(fit, profile)
            summary = f"fit {fit:.0f}: {matched:g} of {known:g} known points met"
            if penalty:
                summary += f", minus {penalty:g} anti-ICP points"
        return _Verdict(tier, fit, coverage, known, matched, penalty, raw, summary)


def score_fit(account: Account, profile: Profile) -> Fit:
    """Score ``account`` against ``profile``; never raises on missing or messy data."""
    return _Scorer(profile).score(account)


def score_all(accounts: Iterable[Account], profile: Profile) -> dict[str, Fit]:
    """Fit of every account, by id (the profile's conditions are prepared once)."""
    scorer = _Scorer(profile)
    return {account.id: scorer.score(account) for account in accounts}


def best_first(fits: Mapping[str, Fit]) -> list[str]:
    """Account ids, best tier first, then higher fit, then id."""
    return sorted(fits, key=lambda k: (tier_rank(fits[k].tier), -(fits[k].fit or 0.0), k))


def tier_counts(fits: Mapping[str, Fit]) -> dict[str, int]:
    """Accounts per tier, in ``core.tiers.TALLY_ORDER`` (the order tallies are printed in)."""
    counts = {tier.value: 0 for tier in TALLY_ORDER}
    for fit in fits.values():
        counts[fit.tier] += 1
    return counts
