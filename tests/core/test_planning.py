"""The planner: the best set of a backlog's requests, every deferral explained."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_knapsack import GRID_EFFORTS, VALUES, brute_force

from icp_triage.core.attribution import Attribution
from icp_triage.core.backlog import Backlog, RankedItem, UnattributedItem
from icp_triage.core.models import Account, RawRequest
from icp_triage.core.planning import plan
from icp_triage.core.ranking import rank
from icp_triage.core.settings import AttributionSettings, Profile, RankingSettings
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
        unknown_demand=0.0,
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
