"""The planner: the best set of a backlog's requests, every deferral explained."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_knapsack import GRID_EFFORTS, VALUES, brute_force

from icp_triage.core.attribution import Attribution
from icp_triage.core.backlog import Backlog, RankedItem, UnattributedItem
from icp_triage.core.planning import plan
from icp_triage.core.tiers import RequestClass


def item(key, value, effort, *, klass=RequestClass.ICP_CORE, low=False, assumed=False, rank=1):
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
        opp = item("o", 100, 1, klass=RequestClass.OPPORTUNISTIC)
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

    def test_fractional_story_points_are_planned_exactly(self):
        result = plan(backlog([item("a", 3, 0.5), item("b", 3, 0.5), item("c", 5, 1.5)]), 1.0)
        assert result.unit == 0.5
        assert {e.key for e in result.chosen} == {"a", "b"}
        assert result.rounded == ()

    @settings(max_examples=100, deadline=None)
    @given(
        st.lists(
            st.tuples(
                GRID_EFFORTS,
                VALUES,
                st.sampled_from([RequestClass.ICP_CORE, RequestClass.MIXED, RequestClass.OPPORTUNISTIC]),
                st.booleans(),
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
