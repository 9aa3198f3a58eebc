"""Tiers and classes: one order, one class rule, and the defaults every surface reads."""

from __future__ import annotations

from types import SimpleNamespace
from typing import get_args

import pytest

from icp_triage.core.explain import explain
from icp_triage.core.models import Account, RawRequest
from icp_triage.core.ranking import rank
from icp_triage.core.settings import Profile, RankingSettings
from icp_triage.core.tiers import (
    DEFAULT_ICP_TIERS,
    FIT_TIERS,
    TALLY_ORDER,
    FitTierName,
    RequestClass,
    Tier,
    classify,
    tier_rank,
)


def part(account_id: str, tier: Tier, demand: float) -> SimpleNamespace:
    return SimpleNamespace(account_id=account_id, tier=tier, demand=demand)


class TestTierOrder:
    def test_tiers_sort_best_first_in_the_enums_order(self):
        shuffled = ["anti", "C", "unknown", "A", "D", "B"]
        assert sorted(shuffled, key=tier_rank) == list(Tier)

    def test_tallies_list_every_tier_once(self):
        assert sorted(TALLY_ORDER, key=tier_rank) == list(Tier)

    def test_icp_tiers_may_name_exactly_the_tiers_a_score_earns(self):
        assert get_args(FitTierName) == tuple(t.value for t in FIT_TIERS)

    def test_a_profile_without_icp_tiers_takes_the_default(self):
        profile = Profile.model_validate({"criteria": [{"attribute": "industry", "in": ["saas"]}]})
        assert tuple(profile.icp_tiers) == DEFAULT_ICP_TIERS == (Tier.A, Tier.B)


class TestClassify:
    RANKING = RankingSettings(core_share=0.6, opportunistic_share=0.3, top_contributors=1)

    @pytest.mark.parametrize(
        ("share", "klass", "reason"),
        [
            (0.6, RequestClass.ICP_CORE, "icp-core: ICP share 60% >= 60%"),
            (0.299, RequestClass.OPPORTUNISTIC, "opportunistic: ICP share 29.9% < 30%"),
            (
                0.5,
                RequestClass.MIXED,
                "mixed: 30% <= ICP share 50% < 60%, no anti-ICP account among the top 1 contributors",
            ),
        ],
    )
    def test_the_class_and_the_rule_that_decided_it(self, share, klass, reason):
        decided = classify(share, [part("acme", Tier.A, 1.0)], self.RANKING)
        assert (decided.klass, decided.reason) == (klass, reason)

    def test_an_anti_account_on_top_makes_a_mixed_share_opportunistic(self):
        parts = [part("acme", Tier.A, 1.0), part("spam", Tier.ANTI, 2.0)]
        decided = classify(0.5, parts, self.RANKING)
        assert decided.klass == RequestClass.OPPORTUNISTIC
        assert decided.reason == (
            "opportunistic: ICP share 50% < 60% and anti-ICP account spam is among the top 1 contributors"
        )

    def test_below_the_top_contributors_an_anti_account_does_not(self):
        parts = [part("acme", Tier.A, 2.0), part("spam", Tier.ANTI, 1.0)]
        assert classify(0.5, parts, self.RANKING).klass == RequestClass.MIXED

    def test_a_share_by_count_says_so(self):
        reason = classify(1.0, [part("acme", Tier.A, 0.0)], self.RANKING, by_count=True).reason
        assert (
            reason == "icp-core: ICP share 100% (of the accounts, by count: none of them adds demand) >= 60%"
        )


class TestRequestClass:
    @pytest.mark.parametrize(
        ("klass", "listed"),
        [
            (RequestClass.ICP_CORE, "ranked"),
            (RequestClass.MIXED, "ranked"),
            (RequestClass.OPPORTUNISTIC, "opportunistic"),
            (RequestClass.UNATTRIBUTED, "unattributed"),
        ],
    )
    def test_each_class_is_listed_in_one_of_the_backlogs_lists(self, klass, listed):
        assert klass.listed == listed

    def test_members_read_as_their_names(self):
        assert f"{RequestClass.ICP_CORE}" == str(RequestClass.ICP_CORE) == "icp-core"
        assert f"{Tier.UNKNOWN:>8}" == " unknown"


BOUNDARY_PROFILE = Profile.model_validate({"criteria": [{"attribute": "icp", "equals": True, "weight": 1}]})


@pytest.mark.parametrize(
    ("icp_arr", "off_arr", "klass"),
    [
        (6, 4, "icp-core"),  # ICP share 0.6: at the core boundary
        (5999, 4001, "mixed"),
        (3, 7, "mixed"),  # 0.3: at the opportunistic boundary, not below it
        (2999, 7001, "opportunistic"),
    ],
)
def test_explain_states_the_class_rank_gave_at_each_boundary(icp_arr, off_arr, klass):
    accounts = [
        Account(id="fit", name="Fit", github_logins=("fit",), arr=icp_arr, attributes={"icp": True}),
        Account(id="off", name="Off", github_logins=("off",), arr=off_arr, attributes={"icp": False}),
    ]
    request = RawRequest.model_validate({"key": "o/r#1", "labels": ["customer:fit", "customer:off"]})
    ranking = RankingSettings(weight_by="arr")
    backlog = rank([request], accounts, BOUNDARY_PROFILE, ranking=ranking)
    (item,) = backlog.ranked + backlog.opportunistic
    assert item.klass == klass
    assert explain(backlog, "o/r#1").class_reason.startswith(f"{klass}: ")
