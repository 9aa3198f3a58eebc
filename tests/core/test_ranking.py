"""Ranking: DESIGN.md's per-request formulas, classes, ordering and the three lists, by hand."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any

import pytest

from icp_triage.adapters.github.conventions import GITHUB_CONVENTIONS
from icp_triage.core.backlog import Backlog, RankedItem
from icp_triage.core.models import Account, RawRequest
from icp_triage.core.ranking import rank
from icp_triage.core.settings import AttributionSettings, Profile, RankingSettings
from icp_triage.reports.json_report import backlog_dict, dumps

# Total weight 4 + 2 + 2 = 8; tiers A >= 80, B >= 50, C >= 25 so fits land on exact values.
PROFILE = Profile.model_validate(
    {
        "name": "T",
        "version": "7",
        "criteria": [
            {"attribute": "p", "equals": True, "weight": 4},
            {"attribute": "q", "equals": True, "weight": 2},
            {"attribute": "r", "equals": True, "weight": 2},
        ],
        "anti": [{"attribute": "banned", "equals": True, "disqualify": True}],
        "tiers": {"A": 80, "B": 50, "C": 25},
    }
)


def _account(account_id: str, arr: float | None = None, **attributes: Any) -> Account:
    return Account(
        id=account_id, name=account_id.upper(), github_logins=(account_id,), arr=arr, attributes=attributes
    )


T, F = True, False
ACCOUNTS = [
    _account("a", p=T, q=T, r=T),  # 100 * 8 / 8 = 100 -> A
    _account("b", p=T, q=F, r=F),  # 100 * 4 / 8 = 50 -> B
    _account("c", p=F, q=T, r=F),  # 100 * 2 / 8 = 25 -> C
    _account("d", p=F, q=F, r=F),  # 0 -> D
    _account("e", p=F, q=F, r=F),  # 0 -> D
    _account("u", r=T),  # known 2 of 8 = 0.25 < 0.5 -> unknown
    _account("x", p=T, q=T, r=T, banned=T),  # disqualified -> anti, fit 0
]


def req(key: str, *, label: str = "", comment: str = "", reaction: str = "", **kw: Any) -> RawRequest:
    """A request with signals: labels ``customer:<id>`` (1.0), comments (0.5), +1 reactions (0.3)."""
    return RawRequest.model_validate(
        {
            "key": key,
            "title": key.upper(),
            "labels": [f"customer:{a}" for a in label.split()],
            "comments": [{"author": a, "body": "me too"} for a in comment.split()],
            "reactions": [{"user": a, "content": "+1"} for a in reaction.split()],
            **kw,
        }
    )


def run(requests: list[RawRequest], accounts: list[Account] | None = None, **ranking: Any) -> Backlog:
    return rank(
        requests, ACCOUNTS if accounts is None else accounts, PROFILE, ranking=RankingSettings(**ranking)
    )


def one(requests: list[RawRequest], accounts: list[Account] | None = None, **ranking: Any) -> RankedItem:
    backlog = run(requests, accounts, **ranking)
    (item,) = backlog.ranked + backlog.opportunistic
    return item


def with_arr(**arrs: float) -> list[Account]:
    return [a.model_copy(update={"arr": arrs.get(a.id)}) for a in ACCOUNTS]


class TestFits:
    def test_the_fixture_accounts_land_where_the_comments_say(self):
        fits = run([]).fits
        assert {k: (f.tier, f.fit) for k, f in fits.items()} == {
            "a": ("A", 100),
            "b": ("B", 50),
            "c": ("C", 25),
            "d": ("D", 0),
            "e": ("D", 0),
            "u": ("unknown", None),
            "x": ("anti", 0),
        }


class TestFormulas:
    def test_demand_icp_demand_value_and_share(self):
        item = one([req("k", label="a c", comment="b", reaction="d")])
        # demand       = a 1.0*1 + b 0.5*1 + c 1.0*1 + d 0.3*1 = 2.8
        # icp_demand   = a 1.0 + b 0.5 (tiers A, B)                = 1.5
        # off_icp      = 2.8 - 1.5                                  = 1.3
        # icp_value    = 1.0*100/100 + 0.5*50/100 + 1.0*25/100 + 0.3*0/100 = 1.5
        # icp_share    = 1.5 / 2.8                                  = 0.5357...
        assert item.demand == pytest.approx(2.8)
        assert item.icp_demand == pytest.approx(1.5)
        assert item.off_icp_demand == pytest.approx(1.3)
        assert item.icp_value == pytest.approx(1.5)
        assert item.icp_share == pytest.approx(1.5 / 2.8)
        assert item.icp_accounts == 2
        assert item.klass == "mixed"
        assert not item.low_confidence

    def test_contributions_one_per_account_sorted_by_id(self):
        item = one([req("k", label="c a", comment="b", reaction="d")])
        rows = [(c.account_id, c.tier, c.fit, c.signal.kind, c.signal.strength) for c in item.contributions]
        assert rows == [
            ("a", "A", 100, "label", 1.0),
            ("b", "B", 50, "comment", 0.5),
            ("c", "C", 25, "label", 1.0),
            ("d", "D", 0, "reaction", 0.3),
        ]

    def test_strongest_signal_counts_once(self):
        item = one([req("k", label="a", comment="a", reaction="a")])
        # a asked three ways; it counts once at 1.0: demand 1.0, icp_value 1.0
        assert item.demand == 1.0
        assert item.icp_value == 1.0
        assert [c.signal.kind for c in item.contributions] == ["label"]

    def test_unknown_fit_counts_half_and_marks_low_confidence(self):
        item = one([req("k", label="a u")])
        # icp_value = a 1.0*1.0 + u 1.0*0.5 (unknown_fit) = 1.5; u's fit is unknown, so it is
        # neither ICP nor off-ICP demand: share of the known demand 1 / (1 + 0) = 1 (issue 12)
        assert item.icp_value == pytest.approx(1.5)
        assert (item.icp_demand, item.off_icp_demand, item.unknown_demand) == (1.0, 0.0, 1.0)
        assert item.icp_share == pytest.approx(1.0)
        assert item.low_confidence

    def test_configured_unknown_fit(self):
        item = one([req("k", label="a u")], unknown_fit=0.2)
        # 1.0 + 1.0*0.2 = 1.2
        assert item.icp_value == pytest.approx(1.2)

    def test_anti_account_adds_demand_but_no_value(self):
        item = one([req("k", label="x")])
        # demand 1.0, icp_demand 0, icp_value 1.0*0/100 = 0
        assert (item.demand, item.icp_demand, item.icp_value) == (1.0, 0.0, 0.0)
        assert item.off_icp_demand == 1.0

    def test_configured_icp_tiers(self):
        profile = PROFILE.model_copy(update={"icp_tiers": ["A", "B", "C"]})
        backlog = rank([req("k", label="a c")], ACCOUNTS, profile)
        # c (C) is now ICP: icp_demand 2, share 1.0
        assert backlog.ranked[0].icp_share == 1.0
        assert backlog.ranked[0].klass == "icp-core"


class TestWeightByArr:
    def test_arr_is_the_worth_and_median_fills_missing(self):
        accounts = with_arr(a=100, c=300, d=500)
        backlog = run([req("k", label="a", comment="b")], accounts, weight_by="arr")
        item = backlog.ranked[0]
        # known ARR 100, 300, 500: median 300 stands in for b
        # demand    = a 1.0*100 + b 0.5*300           = 250
        # icp_value = 100*100/100 + 150*50/100         = 175
        assert backlog.median_arr == 300
        assert item.demand == pytest.approx(250)
        assert item.icp_demand == pytest.approx(250)
        assert item.icp_value == pytest.approx(175)
        assert item.contributions[1].worth == 300

    def test_median_of_an_even_count(self):
        backlog = run([req("k", label="b")], with_arr(a=100, c=300), weight_by="arr")
        # median(100, 300) = 200; b: demand 1.0*200 = 200, icp_value 200*0.5 = 100
        assert backlog.median_arr == 200
        assert backlog.ranked[0].demand == pytest.approx(200)
        assert backlog.ranked[0].icp_value == pytest.approx(100)

    def test_big_off_profile_account_outweighs_by_arr(self):
        accounts = with_arr(a=100, d=900)
        by_count = one([req("k", label="a d")], accounts)
        by_arr = one([req("k", label="a d")], accounts, weight_by="arr")
        # accounts: share 1 / 2 = 0.5 (mixed); arr: 100 / (100 + 900) = 0.1 (opportunistic)
        assert (by_count.icp_share, by_count.klass) == (0.5, "mixed")
        assert by_arr.icp_share == pytest.approx(0.1)
        assert by_arr.klass == "opportunistic"
        assert by_arr.off_icp_demand == pytest.approx(900)

    def test_weight_by_accounts_ignores_arr(self):
        item = one([req("k", label="a")], with_arr(a=1e9))
        assert item.demand == 1.0

    def test_zero_revenue_icp_prospects_are_not_opportunism(self):
        # demand 0: no share to take by ARR, so the requesters count one each
        item = one([req("k", label="a b")], with_arr(a=0, b=0, d=500), weight_by="arr")
        assert (item.demand, item.icp_value, item.off_icp_demand) == (0, 0, 0)
        assert (item.icp_share, item.klass) == (1.0, "icp-core")

    def test_zero_revenue_requesters_split_by_count(self):
        # a (A) and d (D) at ARR 0: one of two in ICP tiers = 0.5, mixed; a zero-ARR anti
        # account among the top contributors still tips it into opportunism
        assert one([req("k", label="a d")], with_arr(a=0, d=0), weight_by="arr").icp_share == 0.5
        assert one([req("k", label="a d")], with_arr(a=0, d=0), weight_by="arr").klass == "mixed"
        assert one([req("k", label="a x")], with_arr(a=0, x=0), weight_by="arr").klass == "opportunistic"

    def test_explain_says_the_share_was_taken_by_count(self):
        from icp_triage.core.explain import explain

        backlog = run([req("k", label="a b")], with_arr(a=0, b=0, d=500), weight_by="arr")
        why = explain(backlog, "k")
        assert why.icp_share == 1.0
        assert why.class_reason.startswith("icp-core: ICP share 100% (of the accounts, by count")

    def test_explain_arithmetic_says_the_share_was_taken_by_count(self):
        """Not "icp_demand / demand = $0 / $0 = 100%", a division with no answer."""
        from icp_triage.core.explain import explain
        from icp_triage.reports.explain_report import arithmetic

        backlog = run([req("k", label="a d")], with_arr(a=0, d=0), weight_by="arr")
        line = arithmetic(explain(backlog, "k"))["icp_share"]
        assert line == (
            "no requester adds demand (each weighs 0), so by count: ICP-tier accounts / accounts = 1 / 2 = 50%"
        )


class TestExplainedShares:
    """The class reason and the arithmetic print the share precisely enough to be true."""

    @pytest.mark.parametrize(
        ("icp_arr", "off_arr", "reason", "share"),
        [
            (598, 402, "mixed: 30% <= ICP share 59.8% < 60%, ", "59.8%"),
            (299, 701, "opportunistic: ICP share 29.9% < 30%", "29.9%"),
            (5999, 4001, "mixed: 30% <= ICP share 59.99% < 60%, ", "59.99%"),
            (6, 4, "icp-core: ICP share 60% >= 60%", "60%"),
            (1, 2, "mixed: 30% <= ICP share 33% < 60%, ", "33%"),
        ],
    )
    def test_share_is_on_the_right_side_of_the_boundary(self, icp_arr, off_arr, reason, share):
        from icp_triage.core.explain import explain
        from icp_triage.reports.explain_report import arithmetic

        backlog = run([req("k", label="a d")], with_arr(a=icp_arr, d=off_arr), weight_by="arr")
        why = explain(backlog, "k")
        assert why.class_reason.startswith(reason)
        assert arithmetic(why)["icp_share"].endswith(f" = {share}")


class TestClasses:
    @pytest.mark.parametrize(
        ("icp_arr", "off_arr", "klass"),
        [
            (6, 4, "icp-core"),  # share 6 / 10 = 0.6: at the core boundary
            (5999, 4001, "mixed"),  # 0.5999
            (3, 7, "mixed"),  # 0.3: at the opportunistic boundary, not below it
            (2999, 7001, "opportunistic"),  # 0.2999
            (1, 0, "icp-core"),  # ICP only
        ],
    )
    def test_share_boundaries(self, icp_arr, off_arr, klass):
        item = one([req("k", label="a d")], with_arr(a=icp_arr, d=off_arr), weight_by="arr")
        assert item.klass == klass

    def test_configured_boundaries(self):
        # share 1 / 2 = 0.5
        assert one([req("k", label="a d")], core_share=0.5).klass == "icp-core"
        assert one([req("k", label="a d")], opportunistic_share=0.55, core_share=0.9).klass == "opportunistic"

    def test_off_profile_only_is_opportunistic(self):
        assert one([req("k", label="d")]).klass == "opportunistic"

    def test_anti_among_top_contributors_makes_mixed_opportunistic(self):
        plain = one([req("k", label="a d")])
        anti = one([req("k", label="a x")])
        # both share 1 / 2 = 0.5; only the anti one tips over
        assert plain.klass == "mixed"
        assert anti.klass == "opportunistic"

    def test_anti_outside_the_top_contributors_does_not(self):
        request = req("k", label="a c d", reaction="x")
        # share 1.0 / (1.0 + 1.0 + 1.0 + 0.3) = 0.303; x (0.3) is 4th of the top 3
        assert one([request]).icp_share == pytest.approx(1 / 3.3)
        assert one([request]).klass == "mixed"
        assert one([request], top_contributors=4).klass == "opportunistic"

    def test_anti_does_not_demote_icp_core(self):
        item = one([req("k", label="a b", reaction="x")])
        # share 2.0 / 2.3 = 0.87 >= 0.6
        assert item.klass == "icp-core"

    def test_no_account_is_unattributed(self):
        backlog = run([req("k")])
        assert backlog.ranked == backlog.opportunistic == []
        assert [u.key for u in backlog.unattributed] == ["k"]


class TestOrdering:
    def test_ranked_by_value_then_icp_accounts_then_age_then_key(self):
        requests = [
            req("one-icp", label="a"),  # value 1.0, 1 ICP account
            req("undated-2", label="b"),  # 0.5, no date
            req("newer", label="b", created_at="2026-02-01T00:00:00Z"),  # 0.5
            req("two-icp", label="b", comment="a"),  # 1.0*0.5 + 0.5*1.0 = 1.0, 2 ICP accounts
            req("undated-1", label="b"),  # 0.5, no date
            req("older", label="b", created_at="2026-01-01T00:00:00Z"),  # 0.5
            req("top", label="a b"),  # 1.0 + 0.5 = 1.5
        ]
        backlog = run(requests)
        assert [(i.rank, i.key) for i in backlog.ranked] == [
            (1, "top"),
            (2, "two-icp"),
            (3, "one-icp"),
            (4, "older"),
            (5, "newer"),
            (6, "undated-1"),
            (7, "undated-2"),
        ]

    def test_equal_requests_come_in_natural_key_order(self):
        # o/r#2 before o/r#10, as a person counts, not as strings sort
        requests = [req(key, label="b") for key in ("o/r#10", "o/r#2", "o/r#1", "o/q#3")]
        assert [i.key for i in run(requests).ranked] == ["o/q#3", "o/r#1", "o/r#2", "o/r#10"]

    def test_opportunistic_by_off_icp_demand(self):
        requests = [
            req("o-small", comment="c"),  # off 0.5
            req("o-one-b", label="x"),  # off 1.0, demand 1.0
            req("o-two", label="d e"),  # off 2.0
            req("o-one-a", label="d"),  # off 1.0, demand 1.0: tie broken by key
            req("o-mixed", label="a d e", reaction="c"),  # share 1 / 3.3: mixed, not here
        ]
        backlog = run(requests)
        assert [(i.rank, i.key, i.off_icp_demand) for i in backlog.opportunistic] == [
            (1, "o-two", 2.0),
            (2, "o-one-a", 1.0),
            (3, "o-one-b", 1.0),
            (4, "o-small", 0.5),
        ]
        assert [i.key for i in backlog.ranked] == ["o-mixed"]

    def test_opportunistic_tie_on_off_demand_goes_to_larger_demand(self):
        requests = [req("k1", label="d"), req("k2", label="d", reaction="a")]
        # off demand 1.0 for both; k2 demand 1.3 (share 0.3 / 1.3 = 0.23)
        backlog = run(requests)
        assert [i.key for i in backlog.opportunistic] == ["k2", "k1"]

    def test_demand_rank_is_by_raw_demand_across_both_lists(self):
        requests = [req("core", label="a"), req("loud", label="d e", comment="c")]
        backlog = run(requests)
        # loud: demand 1 + 1 + 0.5 = 2.5 -> #1 by demand; core 1.0 -> #2
        assert backlog.opportunistic[0].demand_rank == 1
        assert backlog.ranked[0].demand_rank == 2

    def test_naive_dates_are_utc_whatever_the_local_zone(self, monkeypatch):
        tzset = getattr(time, "tzset", None)
        if tzset is None:
            pytest.skip("time.tzset is POSIX only")
        requests = [
            req("naive-noon", label="b", created_at="2026-01-01T12:00:00"),
            req("aware-6z", label="b", created_at="2026-01-01T06:00:00Z"),
        ]
        # naive 12:00 read as UTC is after 06:00Z, also on a machine at UTC+9
        monkeypatch.setenv("TZ", "Asia/Tokyo")
        tzset()
        try:
            assert [i.key for i in run(requests).ranked] == ["aware-6z", "naive-noon"]
            assert requests[0].created_at == datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
        finally:
            monkeypatch.undo()
            tzset()

    def test_naive_and_aware_dates_order_together(self):
        requests = [
            req("late", label="b", created_at="2026-01-02T00:00:00+00:00"),
            req("early", label="b", created_at="2026-01-01T00:00:00"),
        ]
        assert [i.key for i in run(requests).ranked] == ["early", "late"]


class TestUnattributed:
    def test_reasons_name_each_unmatched_signal(self):
        request = req(
            "k", author="zed", labels=["customer:nobody"], body="Requested-by: Nowhere Ltd", created_at=None
        )
        (item,) = run([request]).unattributed
        assert item.reasons == (
            "author @zed: no account lists this GitHub login",
            "label customer:nobody: no account has the id, name, alias or domain 'nobody'",
            "Requested-by line in body: no account has the id, name, alias or domain 'Nowhere Ltd'",
        )

    def test_no_signal_at_all(self):
        (item,) = run([req("k")]).unattributed
        assert item.reasons == (
            "no requester signal: no author, form field, customer label or Requested-by line",
        )

    def test_only_bots_and_ignored_users_say_so(self):
        request = RawRequest.model_validate(
            {
                "key": "k",
                "author": "dependabot[bot]",
                "comments": [{"author": "triage-helper", "body": "Labelled."}],
                "reactions": [{"user": "renovate[bot]", "content": "+1"}],
            }
        )
        backlog = rank(
            [request],
            ACCOUNTS,
            PROFILE,
            attribution=AttributionSettings(ignore_users=["triage-helper"]),
            conventions=GITHUB_CONVENTIONS,
        )
        (item,) = backlog.unattributed
        assert item.reasons == (
            "author @dependabot[bot]: a bot or an ignored user (attribution.ignore_users)",
            "comment 1 by @triage-helper: a bot or an ignored user (attribution.ignore_users)",
            "+1 by @renovate[bot]: a bot or an ignored user (attribution.ignore_users)",
        )
        assert item.unmatched == ()  # no customer named: nothing to match

    def test_ordered_by_age_then_key(self):
        requests = [
            req("z-undated"),
            req("b-new", created_at=datetime(2026, 3, 1, tzinfo=timezone.utc)),
            req("a-undated"),
            req("c-old", created_at=datetime(2026, 1, 1, tzinfo=timezone.utc)),
        ]
        assert [u.key for u in run(requests).unattributed] == ["c-old", "b-new", "a-undated", "z-undated"]


class TestEffort:
    def test_value_per_effort_with_median_for_unknown(self):
        requests = [req("k1", label="a", estimate=2), req("k2", label="a", estimate=4), req("k3", label="b")]
        items = {i.key: i for i in run(requests).ranked}
        # k1: 1.0 / 2 = 0.5; k3: no effort, median(2, 4) = 3, 0.5 / 3
        assert items["k1"].value_per_effort == pytest.approx(0.5)
        assert (items["k3"].effort, items["k3"].effort_assumed) == (3, True)
        assert items["k3"].value_per_effort == pytest.approx(0.5 / 3)

    def test_size_label(self):
        item = one([req("k", label="a", labels=["customer:a", "size:L"])])
        # L = 5 points: 1.0 / 5
        assert item.effort == 5
        assert item.value_per_effort == pytest.approx(0.2)


class TestBacklogJson:
    def test_item_shape(self):
        data = backlog_dict(run([req("acme/app#1", label="a", url="https://x/1")]))
        assert data == {
            "profile": {"name": "T", "version": "7"},
            "ranked": [
                {
                    "rank": 1,
                    "key": "acme/app#1",
                    "title": "ACME/APP#1",
                    "url": "https://x/1",
                    "class": "icp-core",
                    "icp_value": 1.0,
                    "demand": 1.0,
                    "icp_share": 1.0,
                    "off_icp_demand": 0.0,
                    "unknown_demand": 0.0,
                    "effort": None,
                    "effort_assumed": False,
                    "value_per_effort": None,
                    "low_confidence": False,
                    "demand_rank": 1,
                    "problems": [],
                    "urgent": None,
                    "value_factor": 1.0,
                    "accounts": [
                        {
                            "id": "a",
                            "name": "A",
                            "tier": "A",
                            "fit": 100.0,
                            "signal": "label",
                            "strength": 1.0,
                            "source": "label customer:a",
                            "triggers": [],
                        }
                    ],
                }
            ],
            "opportunistic": [],
            "unknown_fit": [],
            "unattributed": [],
        }

    def test_unattributed_shape(self):
        data = backlog_dict(run([req("k")]))
        assert data["unattributed"] == [
            {
                "key": "k",
                "title": "K",
                "url": None,
                "reasons": [
                    "no requester signal: no author, form field, customer label or Requested-by line"
                ],
                "problems": [],
                "urgent": None,
            }
        ]

    def test_same_input_same_bytes(self):
        requests = [req("k1", label="a d"), req("k2", label="x", comment="b"), req("k3")]
        assert dumps(backlog_dict(run(requests))) == dumps(backlog_dict(run(list(requests))))


class TestMutationGaps:
    """Issue 16, defect 16: data that tells apart what the older tests could not."""

    def test_icp_value_outranks_the_number_of_icp_accounts(self):
        requests = [
            req("two-icp", label="b", comment="a"),  # value 1.0, 2 ICP accounts
            req("a-and-c", label="a c"),  # value 1.0 + 0.25 = 1.25, 1 ICP account (c is tier C)
        ]
        backlog = run(requests)
        assert [(i.key, i.icp_accounts) for i in backlog.ranked] == [("a-and-c", 1), ("two-icp", 2)]
        assert backlog.ranked[0].icp_value == pytest.approx(1.25)

    def test_missing_arr_takes_the_median_not_the_mean(self):
        # known ARR 100, 200, 900: median 200, mean 400
        backlog = run([req("k", label="b")], with_arr(a=100, c=200, d=900), weight_by="arr")
        assert backlog.median_arr == 200
        assert backlog.ranked[0].demand == pytest.approx(200)

    def test_unknown_effort_takes_the_median_not_the_mean(self):
        requests = [
            req("k1", label="a", estimate=1),
            req("k2", label="a", estimate=2),
            req("k3", label="a", estimate=9),
            req("k4", label="b"),
        ]
        items = {i.key: i for i in run(requests).ranked}
        # median(1, 2, 9) = 2, mean 4
        assert (items["k4"].effort, items["k4"].effort_assumed) == (2, True)
