"""Segments (core.segments): what sets a group of customers apart on one attribute, and
only when it is more than an anecdote or chance."""

from __future__ import annotations

import pytest

from icp_triage.core.segments import attribute_kind, categorical, numeric


def spread(count: int, low: float, high: float) -> list[float]:
    """``count`` whole numbers evenly over ``low..high``."""
    return [float(round(low + (high - low) * (i + 0.5) / count)) for i in range(count)]


def bump(size: int) -> tuple[list[float], list[float]]:
    """60 group values, ``size`` of them in 40..60 and the others spread over 0..100, and
    120 rest values spread over 0..100."""
    return spread(size, 40, 60) + spread(60 - size, 0, 100), spread(120, 0, 100)


class TestCategorical:
    def test_two_customers_are_an_anecdote(self):
        # no other account has the value, but two of the group is too few to say so
        assert categorical("x", ["a", "a"] + ["b"] * 8, ["b"] * 30, tests=1) is None
        assert categorical("x", ["a"] * 3 + ["b"] * 7, ["b"] * 30, tests=1).values == ("a",)

    def test_a_lift_whose_interval_reaches_below_1_is_chance(self):
        # 4 of 10 against 2 of 10: lift 2, but the interval takes in "no difference"
        assert categorical("x", ["a"] * 4 + ["b"] * 6, ["a"] * 2 + ["b"] * 8, tests=1) is None

    def test_a_value_only_one_customer_has_does_not_join_the_finding(self):
        found = categorical("x", ["a"] * 20 + ["c"] + ["b"] * 9, ["a"] * 5 + ["b"] * 25, tests=1)
        assert found is not None and found.values == ("a",)

    def test_one_value_spelled_many_ways_is_still_one_category(self):
        # 60 spellings of 30 industries ("Ind1", "ind1 "): a category, not free text
        values = [f"Ind{i}" for i in range(30)] + [f"ind{i} " for i in range(30)]
        assert attribute_kind(values) == "categorical"
        assert attribute_kind([f"name {i}" for i in range(60)]) is None


class TestNumeric:
    def test_every_run_of_bins_tried_counts_against_the_range_found(self):
        # a bump of 15 in 60 would pass for one look; the search made dozens
        assert numeric("n", *bump(15), tests=1) is None
        assert numeric("n", *bump(25), tests=1) is not None

    def test_the_shares_count_the_values_on_the_bounds(self):
        group, rest = bump(25)
        found = numeric("n", group, rest, tests=1)
        assert found is not None
        assert found.high in group and found.high in rest  # a range criterion includes its bounds

        def inside(values: list[float]) -> float:
            return sum(found.low <= v <= found.high for v in values) / len(values)

        assert found.group_share == pytest.approx(inside(group))
        assert found.rest_share == pytest.approx(inside(rest))
