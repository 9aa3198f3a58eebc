"""The knapsack: optimal against brute force, never over capacity, greedy within its bound."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from icp_triage.core.knapsack import fractional_bound, grid_unit, knapsack

GRID_EFFORTS = st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0])
ANY_EFFORTS = st.floats(min_value=0.0, max_value=10.0, allow_nan=False).map(lambda x: round(x, 3))
VALUES = st.floats(min_value=0.0, max_value=10.0, allow_nan=False)


def brute_force(efforts, values, capacity):
    best = 0.0
    for picks in itertools.product((0, 1), repeat=len(efforts)):
        weight = sum(e for e, p in zip(efforts, picks, strict=True) if p)
        if weight <= capacity + 1e-9:
            best = max(best, sum(v for v, p in zip(values, picks, strict=True) if p))
    return best


class TestKnapsack:
    @settings(max_examples=200, deadline=None)
    @given(
        st.lists(st.tuples(GRID_EFFORTS, VALUES), max_size=9),
        st.sampled_from([0.0, 0.5, 1.0, 2.5, 4.0, 7.0, 12.0]),
    )
    def test_exact_is_optimal_on_grid_efforts(self, pairs, capacity):
        efforts, values = [p[0] for p in pairs], [p[1] for p in pairs]
        choice = knapsack(efforts, values, capacity)
        got = sum(values[i] for i in choice.chosen)
        assert sum(efforts[i] for i in choice.chosen) <= capacity + 1e-9
        assert abs(got - brute_force(efforts, values, capacity)) < 1e-6
        assert choice.rounded == ()
        assert choice.upper_bound >= got - 1e-9

    @settings(max_examples=200, deadline=None)
    @given(
        st.lists(st.tuples(ANY_EFFORTS, VALUES), max_size=8),
        st.floats(min_value=0, max_value=20).map(lambda x: round(x, 3)),
    )
    def test_fractional_efforts_never_exceed_capacity(self, pairs, capacity):
        efforts, values = [p[0] for p in pairs], [p[1] for p in pairs]
        choice = knapsack(efforts, values, capacity)
        got = sum(values[i] for i in choice.chosen)
        assert sum(efforts[i] for i in choice.chosen) <= capacity + 1e-9
        optimum = brute_force(efforts, values, capacity)
        assert got <= optimum + 1e-6
        # Rounding up to a 0.01 grid can only cost what no longer fits after rounding.
        rounded = [-(-e // 0.01) * 0.01 for e in efforts]
        assert got >= brute_force(rounded, values, capacity - 0.01) - 1e-6

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.tuples(ANY_EFFORTS, VALUES), max_size=9), st.floats(min_value=0, max_value=20))
    def test_greedy_keeps_its_half_bound(self, pairs, capacity):
        efforts, values = [p[0] for p in pairs], [p[1] for p in pairs]
        choice = knapsack(efforts, values, capacity, max_cells=0)
        got = sum(values[i] for i in choice.chosen)
        optimum = brute_force(efforts, values, capacity)
        assert choice.method in ("greedy", "none")
        assert sum(efforts[i] for i in choice.chosen) <= capacity + 1e-9
        assert got >= optimum / 2 - 1e-9
        assert choice.upper_bound >= optimum - 1e-6

    def test_greedy_beats_its_own_trap_with_the_single_best_item(self):
        # Ratio order takes the small item first and then the big one no longer fits.
        choice = knapsack([1.0, 10.0], [2.0, 10.0], 10.0, max_cells=0)
        assert choice.chosen == (1,)

    def test_zero_value_items_are_never_chosen(self):
        assert knapsack([1.0, 0.0], [0.0, 0.0], 5).chosen == ()

    def test_an_off_grid_capacity_rounds_down_so_nothing_overfills_it(self):
        # capacity 1.005 is 100.5 hundredths: 101 would let an effort of 1.01 in
        assert knapsack([1.01], [5.0], 1.005).chosen == ()
        assert knapsack([1.0], [5.0], 1.005).chosen == (0,)

    def test_the_exact_method_is_used_up_to_max_cells_inclusive(self):
        # 2 items x (2 units + 1) = 6 cells
        assert knapsack([1.0, 1.0], [1.0, 2.0], 2.0, max_cells=6).method == "exact"
        assert knapsack([1.0, 1.0], [1.0, 2.0], 2.0, max_cells=5).method == "greedy"

    def test_grid_unit(self):
        assert grid_unit([3, 5, 8]) == 1
        assert grid_unit([0.5, 2, 10]) == 0.5
        assert grid_unit([0.25, 1]) == 0.25
        assert grid_unit([0.333]) == 0.01

    def test_fractional_bound_takes_part_of_the_critical_item(self):
        assert fractional_bound([2, 4], [4, 4], 4) == 6


class TestOffGridEffortsRoundUp:
    """Issue 16, defect 16: efforts off every grid round *up*, so a plan never overfills."""

    def test_three_thirds_of_a_point_do_not_fill_one_point(self):
        efforts = [0.334, 0.334, 0.334]
        choice = knapsack(efforts, [1.0, 1.0, 1.0], 1.0)
        assert choice.method == "exact"
        assert len(choice.chosen) == 2
        assert sum(efforts[i] for i in choice.chosen) <= 1.0
