"""Request classes (core.tiers): ``rank`` classes a request in its hot loop and ``explain``
states the class with its rule; at every boundary they must say the same."""

from __future__ import annotations

import pytest

from icp_triage.core.explain import explain
from icp_triage.core.models import Account, RawRequest
from icp_triage.core.ranking import rank
from icp_triage.core.settings import Profile, RankingSettings

PROFILE = Profile.model_validate({"criteria": [{"attribute": "icp", "equals": True, "weight": 1}]})


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
    backlog = rank([request], accounts, PROFILE, ranking=ranking)
    (item,) = backlog.ranked + backlog.opportunistic
    assert item.klass == klass
    assert explain(backlog, "o/r#1", ranking=ranking).class_reason.startswith(f"{klass}: ")
