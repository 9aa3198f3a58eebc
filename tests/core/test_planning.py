"""The planner: optimal against brute force, never over capacity, every deferral explained."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icp_triage.core.attribution import Attribution
from icp_triage.core.models import Account, RawRequest
from icp_triage.core.planning import fractional_bound, grid_unit, knapsack, plan
from icp_triage.core.ranking import Backlog, RankedItem, UnattributedItem, rank
from icp_triage.core.settings import AttributionSettings, Profile, RankingSettings

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


def item(key, value, effort, *, klass="icp-core", low=False, assumed=False, rank=1):
    return RankedItem(
        key=key,
        title=f"title {key}",
        url=None,
        created_at=None,
        klass=klass,
        icp_value=value,
        demand=value,
        icp_demand=value,
        off_icp_demand=0.0,
        icp_share=1.0,
        icp_accounts=1,
        effort=effort,
        effort_assumed=assumed,
        value_per_effort=None,
        low_confidence=low,
        contributions=(),
        attribution=Attribution(best=(), hits=(), strengths={}),
        rank=rank,
    )


def backlog(ranked=(), opportunistic=(), unattributed=()):
    return Backlog(
        profile_name="ICP",
        profile_version="1",
        weight_by="accounts",
        ranked=list(ranked),
        opportunistic=list(opportunistic),
        unattributed=list(unattributed),
        fits={},
        accounts={},
    )


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


class TestPlan:
    def test_chooses_best_set_and_reports_totals(self):
        result = plan(
            backlog([item("a", 6, 5, rank=1), item("b", 4, 3, rank=2), item("c", 4, 3, rank=3)]),
            6,
        )
        assert [e.key for e in result.chosen] == ["b", "c"]
        assert result.total_value == 8
        assert result.used == 6
        assert result.method == "exact"
        (deferred,) = result.deferred
        assert deferred.key == "a"
        assert deferred.reasons[0].code == "capacity"
        assert "optimal" in result.guarantee

    def test_opportunistic_and_unattributed_wait_unless_asked(self):
        opp = item("o", 100, 1, klass="opportunistic")
        una = UnattributedItem("u", "nobody", None, None, ("no author",), ())
        result = plan(backlog([item("a", 1, 1)], [opp], [una]), 10)
        assert [e.key for e in result.chosen] == ["a"]
        reasons = {e.key: [r.code for r in e.reasons] for e in result.deferred}
        assert reasons == {"o": ["opportunistic"], "u": ["unattributed"]}
        asked = plan(backlog([item("a", 1, 1)], [opp], [una]), 10, include_opportunistic=True)
        assert {e.key for e in asked.chosen} == {"a", "o"}
        assert [r.code for r in asked.deferred[0].reasons] == ["no-value"]

    def test_low_confidence_waits_with_confident_only(self):
        result = plan(backlog([item("a", 5, 1, low=True), item("b", 1, 1)]), 10, confident_only=True)
        assert [e.key for e in result.chosen] == ["b"]
        assert [r.code for r in result.deferred[0].reasons] == ["low-confidence"]

    def test_too_large_item_says_so(self):
        result = plan(backlog([item("big", 9, 20)]), 10)
        assert result.deferred[0].reasons[0].code == "too-large"

    def test_missing_effort_everywhere_uses_the_default_and_says_so(self):
        result = plan(backlog([item("a", 1, None), item("b", 1, None)]), 1)
        assert len(result.chosen) == 1
        assert result.chosen[0].effort_assumed
        assert any("no effort" in note for note in result.notes)

    def test_the_greedy_guarantee_never_rounds_up_to_optimal(self):
        # 999 of a fractional bound of 999.04: 99.996%, which is at least 99.9%, not 100%
        result = plan(backlog([item("a", 999, 9.99), item("b", 4, 1)]), 10, max_cells=0)
        assert result.method == "greedy"
        assert "at least 99.9% here" in result.guarantee

    def test_a_negative_default_effort_is_refused(self):
        with pytest.raises(ValueError, match="default_effort must be >= 0"):
            plan(backlog([item("a", 1, None)]), 5, default_effort=-1)
        with pytest.raises(ValueError, match="capacity"):
            plan(backlog([item("a", 1, 1)]), -1)

    def test_no_value_says_which_of_arr_and_strength_is_zero(self):
        # one requester weighs nothing for its ARR 0, the other for its +1 of strength 0
        profile = Profile.model_validate({"criteria": [{"attribute": "icp", "equals": True, "weight": 1}]})
        accounts = [
            Account(id="zero", name="Zero", github_logins=("zero",), arr=0, attributes={"icp": True}),
            Account(id="big", name="Big", github_logins=("big",), arr=5000, attributes={"icp": True}),
        ]

        def reason(labels, reactions):
            request = RawRequest.model_validate(
                {
                    "key": "o/r#1",
                    "labels": labels,
                    "reactions": [{"user": u, "content": "+1"} for u in reactions],
                }
            )
            ranked = rank(
                [request],
                accounts,
                profile,
                ranking=RankingSettings(weight_by="arr"),
                attribution=AttributionSettings.model_validate({"strengths": {"reaction": 0}}),
            )
            (deferred,) = plan(ranked, 10).deferred
            return deferred.reasons[0].text

        assert reason(["customer:zero"], []) == "no ICP value: its requesters have ARR 0, so no demand weight"
        assert (
            reason([], ["big"]) == "no ICP value: its requesters have signal strength 0, so no demand weight"
        )
        assert reason(["customer:zero"], ["big"]) == (
            "no ICP value: its requesters have no demand weight (ARR 0 or signal strength 0)"
        )

    def test_fractional_story_points_are_planned_exactly(self):
        result = plan(backlog([item("a", 3, 0.5), item("b", 3, 0.5), item("c", 5, 1.5)]), 1.0)
        assert result.unit == 0.5
        assert {e.key for e in result.chosen} == {"a", "b"}
        assert result.rounded == ()

    @settings(max_examples=100, deadline=None)
    @given(
        st.lists(
            st.tuples(
                GRID_EFFORTS, VALUES, st.sampled_from(["icp-core", "mixed", "opportunistic"]), st.booleans()
            ),
            max_size=8,
        ),
        st.sampled_from([0.0, 1.0, 3.5, 8.0]),
        st.booleans(),
        st.booleans(),
    )
    def test_every_item_is_chosen_or_deferred_with_a_reason(self, rows, capacity, opp, confident):
        items = [item(f"k{n}", v, e, klass=k, low=low, rank=n) for n, (e, v, k, low) in enumerate(rows)]
        ranked = [i for i in items if i.klass != "opportunistic"]
        opportunistic = [i for i in items if i.klass == "opportunistic"]
        result = plan(
            backlog(ranked, opportunistic), capacity, include_opportunistic=opp, confident_only=confident
        )
        assert result.used <= capacity + 1e-9
        assert sorted(e.key for e in result.chosen + result.deferred) == sorted(i.key for i in items)
        assert all(e.reasons for e in result.deferred)
        assert all(not e.reasons for e in result.chosen)
        if not opp:
            assert all(e.klass != "opportunistic" for e in result.chosen)
        if confident:
            assert all(not e.low_confidence for e in result.chosen)
        allowed = [
            i for i in items if (opp or i.klass != "opportunistic") and not (confident and i.low_confidence)
        ]
        optimum = brute_force([i.effort for i in allowed], [i.icp_value for i in allowed], capacity)
        assert abs(result.total_value - optimum) < 1e-6


class TestOffGridEffortsRoundUp:
    """Issue 16, defect 16: efforts off every grid round *up*, so a plan never overfills."""

    def test_three_thirds_of_a_point_do_not_fill_one_point(self):
        efforts = [0.334, 0.334, 0.334]
        choice = knapsack(efforts, [1.0, 1.0, 1.0], 1.0)
        assert choice.method == "exact"
        assert len(choice.chosen) == 2
        assert sum(efforts[i] for i in choice.chosen) <= 1.0
