"""Unknown fit apart (issue 12): an account of tier ``unknown`` is neither ICP nor off-profile.

Hand-computed on the profile of test_ranking (weights p 4, q 2, r 2 = 8; A >= 80, B >= 50,
C >= 25; min_coverage 0.5) with three accounts of unknown fit:
- u1 knows r (met): 2 of 8 known; all it lacks met 8/8 = 100 -> A, none met 2/8 = 25 -> C.
- u2 knows q (missed): 2 of 8 known; all met 6/8 = 75 -> B, none met 0 -> D.
- u3 knows nothing: all met 100 -> A, none met 0 -> D.
Every account is worth 1 (weight_by: accounts) and asks by label (strength 1).
"""

from __future__ import annotations

import pytest
from test_ranking import ACCOUNTS, PROFILE, _account, req

from icp_triage.core.enrich import enrich
from icp_triage.core.explain import explain
from icp_triage.core.ranking import rank
from icp_triage.core.settings import RankingSettings
from icp_triage.core.tiers import RequestClass

T, F = True, False
UNKNOWN = [_account("u1", r=T), _account("u2", q=F), _account("u3")]
ACCOUNTS_U = [*ACCOUNTS, *UNKNOWN]

REQUESTS = [
    req("only-unknown", label="u1 u2 u3"),
    req("icp-and-unknown", label="a u1 u2 u3"),
    req("d-and-unknown", label="d u1 u2 u3"),
    req("u1-alone", label="u1"),
]


@pytest.fixture(scope="module")
def backlog():
    return rank(REQUESTS, ACCOUNTS_U, PROFILE, ranking=RankingSettings())


def item(backlog, key):
    found = backlog.item(key)
    assert found is not None
    return found


class TestClasses:
    def test_the_accounts_are_of_unknown_fit(self, backlog):
        assert {k: backlog.fits[k].tier for k in ("u1", "u2", "u3")} == dict.fromkeys(
            ("u1", "u2", "u3"), "unknown"
        )

    def test_an_unknown_only_request_is_unknown_fit_with_no_share(self, backlog):
        got = item(backlog, "only-unknown")
        # demand 1 + 1 + 1 = 3, all of it unknown; icp_value 3 x 0.5 (unknown_fit) = 1.5
        assert got.klass == RequestClass.UNKNOWN_FIT
        assert got.icp_share is None
        assert (got.demand, got.icp_demand, got.off_icp_demand, got.unknown_demand) == (3, 0, 0, 3)
        assert got.icp_value == pytest.approx(1.5)
        assert got.low_confidence

    def test_one_icp_and_three_unknown_is_icp_core_and_low_confidence(self, backlog):
        got = item(backlog, "icp-and-unknown")
        # icp 1 (a), off 0, unknown 3: share 1 / (1 + 0) = 100% >= 60%; value 1 + 3 x 0.5 = 2.5
        assert got.klass == RequestClass.ICP_CORE
        assert got.icp_share == 1.0
        assert (got.icp_demand, got.off_icp_demand, got.unknown_demand) == (1, 0, 3)
        assert got.icp_value == pytest.approx(2.5)
        assert got.low_confidence  # unknown demand 3 > known demand 1

    def test_one_d_tier_and_three_unknown_is_opportunistic(self, backlog):
        got = item(backlog, "d-and-unknown")
        # icp 0, off 1 (d), unknown 3: share 0 / (0 + 1) = 0% < 30%; value 0 + 1.5 = 1.5
        assert got.klass == RequestClass.OPPORTUNISTIC
        assert got.icp_share == 0.0
        assert (got.icp_demand, got.off_icp_demand, got.unknown_demand) == (0, 1, 3)
        assert got.low_confidence

    def test_unknown_fit_has_its_own_list_by_demand(self, backlog):
        assert [i.key for i in backlog.unknown_fit] == ["only-unknown", "u1-alone"]  # demand 3, then 1
        assert [i.rank for i in backlog.unknown_fit] == [1, 2]
        assert [i.key for i in backlog.ranked] == ["icp-and-unknown"]
        assert [i.key for i in backlog.opportunistic] == ["d-and-unknown"]
        assert RequestClass.UNKNOWN_FIT.listed == "unknown-fit"

    def test_explain_names_the_unknown_accounts_and_what_they_lack(self, backlog):
        e = explain(backlog, "only-unknown")
        assert e.klass == RequestClass.UNKNOWN_FIT and e.icp_share is None
        assert e.class_reason == "unknown-fit: no requester's fit is known, so there is no ICP share to take"
        assert e.unknown_accounts == (("u1", "p, q"), ("u2", "p, r"), ("u3", "p, q, r"))
        assert e.unknown_demand == 3


class TestTags:
    def test_an_unknown_fit_request_is_labelled_so_and_its_comment_says_what_to_do(self, backlog):
        from icp_triage.config.schema import TaggingSettings
        from icp_triage.core.tags import Paragraph, desired_tags

        tags = desired_tags(item(backlog, "only-unknown"), TaggingSettings())
        assert tags.labels == ("icp:unknown-fit", "icp-fit:unknown")
        assert tags.fields["icp_class"] == "unknown-fit"
        text = "".join(r.text for block in tags.comment if isinstance(block, Paragraph) for r in block.runs)
        assert "Class: unknown-fit" in text
        assert "No requester's fit is known" in text and "icp-triage accounts --enrich" in text


class TestEnrich:
    def test_accounts_by_the_demand_they_carry_with_what_they_lack(self, backlog):
        found = enrich(backlog)
        # u1 asked for all four requests (demand 4), u2 and u3 for three each (ties by id)
        assert [(e.account_id, e.demand, e.requests) for e in found] == [
            ("u1", 4, 4),
            ("u2", 3, 3),
            ("u3", 3, 3),
        ]
        assert [e.lacking_text for e in found] == ["p, q", "p, r", "p, q, r"]
        assert [(e.if_met, e.if_missed) for e in found] == [("A", "C"), ("B", "D"), ("A", "D")]

    def test_requests_that_would_change_class_both_ways(self, backlog):
        found = {e.account_id: e for e in enrich(backlog)}
        # u1 met (A): only-unknown 1/1 -> icp-core (changed); icp-and-unknown 2/2 stays icp-core;
        #   d-and-unknown 1/2 = 50% -> mixed (changed); u1-alone -> icp-core (changed): 3
        # u1 missed (C): only-unknown 0/1 -> opportunistic (changed); icp-and-unknown 1/2 ->
        #   mixed (changed); d-and-unknown 0/2 stays opportunistic; u1-alone -> opp. (changed): 3
        # (in the backlog's order: ranked, opportunistic, unknown-fit)
        assert found["u1"].changed_if_met == ("d-and-unknown", "only-unknown", "u1-alone")
        assert found["u1"].changed_if_missed == ("icp-and-unknown", "only-unknown", "u1-alone")
        # u2 met (B) and u3 met (A): as u1 without u1-alone; missed (D): as u1 missed without it
        for who in ("u2", "u3"):
            assert set(found[who].changed_if_met) == {"only-unknown", "d-and-unknown"}
            assert set(found[who].changed_if_missed) == {"only-unknown", "icp-and-unknown"}

    def test_no_unknown_account_no_list(self):
        assert enrich(rank([req("k", label="a d")], ACCOUNTS, PROFILE)) == ()
