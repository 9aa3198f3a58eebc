"""The small statistics the profile commands need: rate and mean intervals, lift, lift's interval.

Pure standard library (the base install stays light; no SciPy or numpy). Each function is a
textbook formula, cited where it is defined, and tested against worked values and by
simulated coverage in ``tests/core/test_stats.py``.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054
"""The 97.5% quantile of the standard normal distribution: two-sided 95% intervals."""


@dataclass(frozen=True, slots=True)
class Interval:
    """A two-sided confidence interval; a bound is None when it is unbounded (a ratio over 0)."""

    low: float | None
    high: float | None

    def above(self, value: float) -> bool:
        """The whole interval lies above ``value``."""
        return self.low is not None and self.low > value

    def below(self, value: float) -> bool:
        """The whole interval lies below ``value``."""
        return self.high is not None and self.high < value

    def within(self, tolerance: float) -> bool:
        """The whole interval lies within ``-tolerance..tolerance``."""
        return (
            self.low is not None
            and self.high is not None
            and -tolerance <= self.low <= self.high <= tolerance
        )


@dataclass(frozen=True, slots=True)
class Comparison:
    """Group A against group B on one outcome: the point values, lift and difference with intervals.

    ``lift`` is ``a / b`` (None when ``b`` is 0 or negative: a ratio then means nothing);
    ``difference`` is ``a - b``; ``resolution`` the smallest difference the arithmetic can
    tell from none (0 for rates, whose counts are exact; see ``rounding_error``).
    """

    a: float
    b: float
    n_a: int
    n_b: int
    lift: float | None
    lift_ci: Interval
    difference: float
    difference_ci: Interval
    resolution: float = 0.0


def rounding_error(a: Sequence[float], b: Sequence[float]) -> float:
    """How far apart two groups' means can come out when their values are all the same.

    Summing ``n`` floats can be off by about ``n`` units in the last place of the largest
    value (Higham, "Accuracy and Stability of Numerical Algorithms", 2002, section 4.2), so
    a column of 0.45 everywhere gives means 5e-16 apart: a difference below this bound is
    rounding noise, never a finding.
    """
    largest = max(map(abs, a), default=0.0)
    largest = max(largest, max(map(abs, b), default=0.0))
    return (len(a) + len(b)) * sys.float_info.epsilon * largest


def wilson(successes: float, n: float, *, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for a binomial proportion ``successes / n``.

    E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
    JASA 22 (1927) 209-212. Unlike the textbook Wald interval ``p +- z*sqrt(p(1-p)/n)`` it
    stays inside [0, 1] and keeps close to its nominal coverage for small ``n`` and for
    rates near 0 or 1 (Agresti & Coull, "Approximate is better than 'exact' for interval
    estimation of binomial proportions", Am. Stat. 52 (1998) 119-126; Brown, Cai & DasGupta,
    Stat. Sci. 16 (2001) 101-133). A weighted share passes ``share * n`` of its effective size
    ``n`` (Kish: ``(sum w)^2 / sum w^2``), as ``core.trend`` does. Raises ValueError for ``n`` < 1
    or counts out of range.
    """
    if n < 1 or not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n and n >= 1, got {successes} of {n}")
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if successes == 0 else max(0.0, centre - half)  # exact at the edges, not 1e-17
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def newcombe_difference(x1: float, n1: float, x2: float, n2: float, *, z: float = Z95) -> Interval:
    """Interval for ``p1 - p2`` from the two Wilson intervals (Newcombe's hybrid score method).

    R. G. Newcombe, "Interval estimation for the difference between independent
    proportions: comparison of eleven methods", Stat. Med. 17 (1998) 873-890, method 10.
    """
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1, z=z)
    l2, u2 = wilson(x2, n2, z=z)
    d = p1 - p2
    return Interval(d - math.hypot(p1 - l1, u2 - p2), d + math.hypot(u1 - p1, p2 - l2))


def mover_ratio(x1: int, n1: int, x2: int, n2: int, *, z: float = Z95) -> Interval:
    """Interval for the ratio ``p1 / p2`` from the two Wilson intervals (MOVER on the log scale).

    G. Y. Zou and A. Donner, "Construction of confidence limits about effect measures: a
    general approach", Stat. Med. 27 (2008) 1693-1702: the method of variance estimates
    recovery applied to ``log p1 - log p2`` with the Wilson limits of each rate; Fagerland,
    Lydersen & Laake, "Recommended confidence intervals for two independent binomial
    proportions", SMMR 24 (2015) 224-254, recommend MOVER-Wilson for the ratio. The upper
    bound is None when the lower Wilson bound of ``p2`` is 0 (the ratio is unbounded); with
    no success in group 1 the lower bound is 0.
    """
    l1, u1 = wilson(x1, n1, z=z)
    l2, u2 = wilson(x2, n2, z=z)
    if x2 == 0:
        return Interval(None, None)
    high_bound = u1 / l2 if l2 > 0 else None
    if x1 == 0:
        return Interval(0.0, high_bound)
    lp1, lp2 = math.log(x1 / n1), math.log(x2 / n2)
    ratio = lp1 - lp2
    low = ratio - math.hypot(lp1 - math.log(l1), math.log(u2) - lp2)
    high = ratio + math.hypot(math.log(u1) - lp1, lp2 - math.log(l2)) if l2 > 0 else None
    return Interval(math.exp(low), math.exp(high) if high is not None else None)


def compare_rates(x1: int, n1: int, x2: int, n2: int) -> Comparison:
    """Two rates ``x1/n1`` and ``x2/n2``: lift with its MOVER interval, difference with
    Newcombe's; both built on Wilson intervals. Raises ValueError when a group is empty."""
    p1, p2 = x1 / n1, x2 / n2
    return Comparison(
        a=p1,
        b=p2,
        n_a=n1,
        n_b=n2,
        lift=p1 / p2 if p2 > 0 else None,
        lift_ci=mover_ratio(x1, n1, x2, n2),
        difference=p1 - p2,
        difference_ci=newcombe_difference(x1, n1, x2, n2),
    )


def percentile(ordered: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) of sorted values, linear between order statistics
    (Hyndman & Fan 1996, definition 7, as ``numpy.percentile``'s default)."""
    if not ordered:
        raise ValueError("no values")
    position = q * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def bootstrap_resamples(n_a: int, n_b: int, *, budget: int = 2_000_000, most: int = 1000) -> int:
    """How many resamples to draw: ``most`` (1000, Efron & Tibshirani's advice for percentile
    intervals), fewer for very large groups so a run stays within ``budget`` draws, never
    under 200."""
    return max(200, min(most, budget // max(1, n_a + n_b)))


def compare_means(
    a: Sequence[float], b: Sequence[float], *, seed: int = 0, resamples: int | None = None
) -> Comparison:
    """Two groups' means: lift and difference with seeded percentile-bootstrap intervals.

    B. Efron, "Bootstrap methods: another look at the jackknife", Ann. Stat. 7 (1979) 1-26;
    the percentile interval of Efron & Tibshirani, "An Introduction to the Bootstrap" (1993),
    ch. 13. Each group is resampled on its own (a two-sample bootstrap); the same ``seed``
    gives the same interval. The lift and its interval are None when a mean (or a resampled
    mean) of ``b`` is 0 or negative, as an NPS can be. Raises ValueError for an empty group.
    """
    if not a or not b:
        raise ValueError("both groups need at least one value")
    n_a, n_b = len(a), len(b)
    mean_a, mean_b = math.fsum(a) / n_a, math.fsum(b) / n_b  # exactly rounded sums: 0.45 stays 0.45
    rng = random.Random(seed)
    count = resamples or bootstrap_resamples(n_a, n_b)
    ratios: list[float] = []
    differences: list[float] = []
    ratio_defined = True
    choices = rng.choices
    for _ in range(count):
        ma = sum(choices(a, k=n_a)) / n_a
        mb = sum(choices(b, k=n_b)) / n_b
        differences.append(ma - mb)
        if mb > 0 and ratio_defined:
            ratios.append(ma / mb)
        else:
            ratio_defined = False
    differences.sort()
    difference_ci = Interval(percentile(differences, 0.025), percentile(differences, 0.975))
    resolution = rounding_error(a, b)
    if difference_ci.within(resolution):  # a constant column: rounding noise, so no difference at all
        same = Interval(1.0, 1.0) if mean_b > 0 else Interval(None, None)
        return Comparison(
            mean_a, mean_b, n_a, n_b, 1.0 if mean_b > 0 else None, same, 0.0, Interval(0.0, 0.0), resolution
        )
    lift_ci = Interval(None, None)
    if ratio_defined and mean_b > 0:
        ratios.sort()
        lift_ci = Interval(percentile(ratios, 0.025), percentile(ratios, 0.975))
    return Comparison(
        a=mean_a,
        b=mean_b,
        n_a=n_a,
        n_b=n_b,
        lift=mean_a / mean_b if mean_b > 0 else None,
        lift_ci=lift_ci,
        difference=mean_a - mean_b,
        difference_ci=difference_ci,
        resolution=resolution,
    )
