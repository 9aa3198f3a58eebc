"""The headline: what ICP ranking changed against raw demand, in the profile's own ICP tiers."""

from __future__ import annotations

from icp_triage.core.models import Account, RawRequest
from icp_triage.core.ranking import rank
from icp_triage.core.settings import Profile
from icp_triage.reports.story import headline


def _profile(icp_tiers: list[str]) -> Profile:
    """Fit 100 (tier A) for a large SaaS account, 70 (tier B) for a small one."""
    return Profile.model_validate(
        {
            "criteria": [
                {"attribute": "industry", "in": ["saas"], "weight": 7},
                {"attribute": "employees", "range": {"min": 500}, "weight": 3},
            ],
            "icp_tiers": icp_tiers,
        }
    )


ACCOUNTS = [
    Account(id="big", github_logins=("big-user",), attributes={"industry": "saas", "employees": 900}),
    *(
        Account(
            id=f"small{i}",
            github_logins=(f"small{i}-user",),
            attributes={"industry": "saas", "employees": 20},
        )
        for i in range(3)
    ),
]
REQUESTS = [
    RawRequest(
        key="o/r#1",
        title="Loud",
        author="small0-user",
        reactions=[{"user": "small1-user"}, {"user": "small2-user"}],
    ),
    RawRequest(key="o/r#2", title="Quiet", author="big-user"),
]


class TestHeadline:
    def test_off_profile_means_outside_the_profiles_own_icp_tiers(self):
        """With ``icp_tiers: [A]`` the three tier-B requesters of the loudest request are all off
        the profile; the headline said "0 off-profile ()" when it took A and B for the ICP."""
        backlog = rank(REQUESTS, ACCOUNTS, _profile(["A"]))
        assert backlog.opportunistic[0].key == "o/r#1"
        assert headline(backlog) == (
            'By raw demand o/r#1 "Loud" would rank #1; by ICP value it is opportunistic: 3 accounts, '
            'all off-profile (B). ICP #1 is o/r#2 "Quiet" from 1 ICP account (#2 by raw demand).'
        )

    def test_with_tier_b_in_the_icp_the_same_request_ranks(self):
        backlog = rank(REQUESTS, ACCOUNTS, _profile(["A", "B"]))
        assert headline(backlog).startswith(
            'By raw demand o/r#1 "Loud" would rank #1; by ICP value it ranks #'
        )
