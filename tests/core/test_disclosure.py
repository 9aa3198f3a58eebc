"""The tier-only view: tiers, classes and counts, with no account and no revenue."""

from __future__ import annotations

from icp_triage.core.disclosure import TIER_ONLY_REASON, median_account_unit, tier_only
from icp_triage.core.models import Account, RawRequest
from icp_triage.core.ranking import rank
from icp_triage.core.settings import Profile, RankingSettings

PROFILE = Profile.model_validate({"criteria": [{"attribute": "industry", "in": ["saas"]}]})
ACCOUNTS = [
    Account(id="acme", name="Acme", github_logins=("ann",), arr=100.0, attributes={"industry": "saas"}),
    Account(id="globex", name="Globex", github_logins=("bob",), arr=300.0, attributes={"industry": "retail"}),
]
REQUESTS = [
    RawRequest(key="o/r#1", title="SSO", author="ann", reactions=[{"user": "bob"}]),
    RawRequest(key="o/r#2", title="Nobody", author="stranger"),
]


def ranked(weight_by: str):
    return rank(REQUESTS, ACCOUNTS, PROFILE, ranking=RankingSettings(weight_by=weight_by))


class TestTierOnly:
    def test_amounts_are_in_median_accounts_under_weight_by_arr(self):
        backlog = ranked("arr")
        assert median_account_unit(backlog) == 200.0
        shown = tier_only(backlog)
        full, redacted = backlog.ranked[0], shown.ranked[0]
        assert redacted.demand == full.demand / 200.0 and redacted.icp_value == full.icp_value / 200.0
        assert shown.weight_by == "arr, in median accounts (no revenue shown)"
        assert shown.median_arr is None

    def test_amounts_that_count_accounts_stay(self):
        backlog = ranked("accounts")
        assert median_account_unit(backlog) is None
        assert tier_only(backlog).ranked[0].demand == backlog.ranked[0].demand

    def test_no_account_id_name_or_quoted_reason(self):
        shown = tier_only(ranked("arr"))
        parts = shown.ranked[0].contributions
        assert {(c.account_id, c.name) for c in parts} == {("", "")}
        assert sorted(c.tier for c in parts) == ["A", "D"]
        assert shown.unattributed[0].reasons == (TIER_ONLY_REASON,)
        assert not shown.accounts and not shown.fits and not shown.attributions

    def test_a_second_redaction_changes_nothing(self):
        once = tier_only(ranked("arr"))
        assert tier_only(once).ranked == once.ranked and tier_only(once).weight_by == once.weight_by
