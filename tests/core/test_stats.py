"""The statistics behind ``profile validate``: worked values from the papers, and coverage."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icp_triage.core.stats import (
    Interval,
    bootstrap_resamples,
    compare_means,
    compare_rates,
    mover_ratio,
    newcombe_difference,
    percentile,
    wilson,
)


class TestWilson:
    def test_newcombes_worked_example(self):
        # Newcombe (1998), Stat. Med. 17, table I: 81/263 -> 0.2553 to 0.3662
        low, high = wilson(81, 263)
        assert low == pytest.approx(0.2553, abs=1e-4)
        assert high == pytest.approx(0.3662, abs=1e-4)

    def test_stays_inside_zero_and_one_at_the_edges(self):
        assert wilson(0, 10)[0] == 0.0 and 0 < wilson(0, 10)[1] < 0.35
        assert wilson(10, 10)[1] == 1.0 and 0.65 < wilson(10, 10)[0] < 1

    def test_refuses_impossible_counts(self):
        with pytest.raises(ValueError):
            wilson(3, 0)
        with pytest.raises(ValueError):
            wilson(5, 4)


class TestDifference:
    def test_newcombes_worked_example(self):
        # Newcombe (1998), table II, method 10: 56/70 - 48/80 -> 0.0524 to 0.3339
        ci = newcombe_difference(56, 70, 48, 80)
        assert ci.low == pytest.approx(0.0524, abs=1e-4)
        assert ci.high == pytest.approx(0.3339, abs=1e-4)


class TestRatio:
    def test_contains_the_point_estimate(self):
        ci = mover_ratio(40, 100, 15, 100)
        assert ci.low is not None and ci.high is not None
        assert ci.low < 40 / 15 < ci.high
        assert ci.low > 1  # 40% against 15% on 100 each is clearly different

    def test_unbounded_when_the_rest_never_succeeds(self):
        assert mover_ratio(3, 10, 0, 10) == Interval(None, None)

    def test_zero_successes_in_the_first_group_gives_a_lower_bound_of_zero(self):
        assert mover_ratio(0, 10, 3, 10).low == 0.0

    def test_zero_successes_in_the_first_group_keep_the_widest_upper_bound(self):
        # the highest the ratio can be: group 1's upper Wilson bound over the rest's lower one
        # (over the rest's upper one it would claim the ratio is certainly below 0.46)
        high = mover_ratio(0, 10, 3, 10).high
        assert high == pytest.approx(wilson(0, 10)[1] / wilson(3, 10)[0])
        assert high > 1.0  # 0 of 10 against 3 of 10 cannot rule out that group 1 does better

    def test_covers_the_true_ratio_at_least_90_percent_of_the_time(self):
        rng = random.Random(5)
        covered = 0
        for _ in range(400):
            x1 = sum(rng.random() < 0.4 for _ in range(80))
            x2 = sum(rng.random() < 0.15 for _ in range(120))
            ci = mover_ratio(x1, 80, x2, 120)
            covered += ci.low is not None and ci.high is not None and ci.low <= 0.4 / 0.15 <= ci.high
        assert covered / 400 >= 0.92


class TestMeans:
    def test_same_seed_same_interval_and_the_point_inside(self):
        rng = random.Random(2)
        a = [rng.gauss(10, 3) for _ in range(60)]
        b = [rng.gauss(8, 3) for _ in range(90)]
        first, second = compare_means(a, b, seed=7), compare_means(a, b, seed=7)
        assert first == second
        assert first.lift_ci.low < first.lift < first.lift_ci.high
        assert first.difference_ci.low < first.difference < first.difference_ci.high

    def test_no_lift_when_the_rest_mean_is_negative(self):
        result = compare_means([10.0, 20.0], [-5.0, -15.0], seed=1, resamples=200)
        assert result.lift is None and result.lift_ci == Interval(None, None)
        assert result.difference == 25.0

    @given(
        st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
        st.integers(1, 300),
        st.integers(1, 300),
    )
    @settings(max_examples=60, deadline=None)
    def test_a_constant_column_is_no_difference_exactly(self, value, n_a, n_b):
        """0.45 everywhere gave means 5e-16 apart, "contradicted"; 0.3 everywhere "supported"."""
        result = compare_means([value] * n_a, [value] * n_b, seed=1, resamples=200)
        assert (result.difference, result.difference_ci) == (0.0, Interval(0.0, 0.0))
        if value > 0:
            assert (result.lift, result.lift_ci) == (1.0, Interval(1.0, 1.0))

    def test_a_real_difference_stays_above_the_rounding_error(self):
        """Worked: 10 values of 0.45 against 10 of 0.46, both spread by 1e-9: a difference of
        0.01 is far above the rounding error of 20 values of 0.46 (20 * 2.2e-16 * 0.46 = 2e-15)."""
        a = [0.46 + 1e-9 * (i % 2) for i in range(10)]
        b = [0.45 + 1e-9 * (i % 2) for i in range(10)]
        result = compare_means(a, b, seed=1, resamples=200)
        assert result.resolution == pytest.approx(20 * 2.220446049250313e-16 * (0.46 + 1e-9))
        assert result.difference == pytest.approx(0.01) and result.difference_ci.above(0)

    def test_no_lift_when_the_rest_mean_is_zero(self):
        # every resampled mean of the rest is 0 too: a ratio over it means nothing (it divided by 0)
        result = compare_means([10.0, 20.0], [0.0, 0.0], seed=1, resamples=200)
        assert result.lift is None and result.lift_ci == Interval(None, None)
        assert result.difference == 15.0

    def test_fewer_resamples_for_huge_groups(self):
        assert bootstrap_resamples(100, 100) == 1000
        assert bootstrap_resamples(50_000, 50_000) == 200


class TestInterval:
    def test_an_interval_that_touches_the_value_is_not_above_or_below_it(self):
        # profile validate calls an outcome better only when its difference interval lies
        # wholly above 0: one that starts at 0 allows no difference at all
        assert not Interval(0.0, 0.2).above(0.0) and Interval(0.01, 0.2).above(0.0)
        assert not Interval(-0.2, 0.0).below(0.0) and Interval(-0.2, -0.01).below(0.0)
        assert not Interval(None, None).above(0.0) and not Interval(None, None).below(0.0)


def test_percentile_interpolates_like_numpy():
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.0) == 1.0
    assert percentile([5.0], 0.975) == 5.0


def test_compare_rates_reads_the_issues_example():
    result = compare_rates(40, 100, 15, 100)
    assert result.a == 0.4 and result.b == 0.15
    assert result.lift == pytest.approx(2.6667, abs=1e-4)
    assert result.difference_ci.low > 0


@given(st.integers(min_value=1, max_value=500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_holds_the_rate_and_stays_in_zero_one(pair):
    successes, n = pair
    low, high = wilson(successes, n)
    assert 0.0 <= low <= successes / n <= high <= 1.0
