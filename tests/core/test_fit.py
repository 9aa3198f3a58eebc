"""Fit: DESIGN.md's formula worked by hand, every criterion kind, tiers and anti signals."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icp_triage.core.fit import (
    AntiResult,
    CriterionResult,
    Fit,
    evaluate,
    is_present,
    score_all,
    score_fit,
    tier_counts,
    tier_for,
)
from icp_triage.core.models import Account
from icp_triage.core.settings import Condition, Profile, describe_condition
from icp_triage.core.tiers import Tier

# DESIGN.md's example profile: total weight 3 + 2 + 2 + 1 = 8
CRITERIA = [
    {"attribute": "industry", "in": ["saas", "fintech"], "weight": 3},
    {"attribute": "employees", "range": {"min": 100, "max": 1000}, "weight": 2},
    {"attribute": "arr", "range": {"min": 10_000_000, "max": 100_000_000}, "weight": 2},
    {"attribute": "tech_stack", "any_of": ["aws", "gcp", "azure"], "weight": 1},
]


def profile(**extra: Any) -> Profile:
    return Profile.model_validate({"name": "T", "criteria": CRITERIA, **extra})


def account(arr: float | None = None, **attributes: Any) -> Account:
    return Account(id="x", arr=arr, attributes=attributes)


def condition(**spec: Any) -> Condition:
    return Condition.model_validate({"attribute": "v", **spec})


class TestScoreFit:
    def test_everything_met(self):
        a = account(arr=20e6, industry="SaaS", employees=300, tech_stack=["aws"])
        fit = score_fit(a, profile())
        # matched 8 of known 8: 100 * 8 / 8 = 100
        assert (fit.known, fit.matched, fit.total) == (8, 8, 8)
        assert fit.fit == 100
        assert fit.coverage == 1
        assert fit.tier == "A"

    def test_one_criterion_missed(self):
        a = account(arr=20e6, industry="retail", employees=300, tech_stack=["aws"])
        fit = score_fit(a, profile())
        # industry missed: 100 * (2 + 2 + 1) / 8 = 62.5
        assert fit.fit == pytest.approx(62.5)
        assert fit.tier == "B"

    def test_fit_counts_only_known_criteria(self):
        a = account(industry="saas", employees=5000)
        fit = score_fit(a, profile())
        # known 3 + 2 = 5, matched 3: fit 100 * 3 / 5 = 60, coverage 5 / 8 = 0.625
        assert fit.known == 5
        assert fit.matched == 3
        assert fit.fit == pytest.approx(60)
        assert fit.coverage == pytest.approx(0.625)
        assert fit.tier == "B"

    def test_below_min_coverage_is_unknown(self):
        a = account(industry="saas")
        fit = score_fit(a, profile())
        # known 3 of 8: coverage 0.375 < 0.5
        assert fit.coverage == pytest.approx(0.375)
        assert fit.tier == "unknown"
        assert fit.fit is None
        assert fit.raw_fit == 100  # what the known data says, kept for the explanation
        assert "not enough data" in fit.summary
        assert "38%" in fit.summary and "50%" in fit.summary

    def test_coverage_exactly_at_min_is_enough(self):
        a = account(industry="saas", tech_stack=["aws"])
        fit = score_fit(a, profile())
        # known 3 + 1 = 4 of 8: coverage 0.5, not below 0.5
        assert fit.coverage == 0.5
        assert fit.tier == "A"
        assert fit.fit == 100

    def test_configured_min_coverage(self):
        a = account(industry="saas", employees=300, arr=20e6)
        # known 7 of 8 = 0.875 < 0.9
        assert score_fit(a, profile(min_coverage=0.9)).tier == "unknown"
        assert score_fit(a, profile(min_coverage=0.8)).tier == "A"

    def test_no_data_at_all_is_unknown(self):
        fit = score_fit(account(), profile())
        assert (fit.known, fit.coverage, fit.fit, fit.raw_fit) == (0, 0, None, None)
        assert fit.tier == "unknown"

    def test_explanation_per_criterion(self):
        a = account(industry="retail", employees=300)
        fit = score_fit(a, profile())
        rows = [(c.attribute, c.rule, c.value, c.status, c.weight, c.points) for c in fit.criteria]
        assert rows == [
            ("industry", "in [saas, fintech]", "retail", "missed", 3, 0),
            ("employees", "100..1000", 300, "met", 2, 2),
            ("arr", "1e+07..1e+08", None, "unknown", 2, 0),
            ("tech_stack", "any of [aws, gcp, azure]", None, "unknown", 1, 0),
        ]
        # known 5, matched 2: 100 * 2 / 5 = 40
        assert fit.fit == pytest.approx(40)
        assert fit.summary == "fit 40: 2 of 5 known points met"

    def test_all_met_is_exactly_100_whatever_the_weights(self):
        # 100 * w / w computed as (100 * w) / w is 100.00000000000001 for this w (found by hypothesis)
        w = 327.93930236411234
        p = Profile.model_validate({"criteria": [{"attribute": "industry", "exists": False, "weight": w}]})
        assert score_fit(Account(id="x"), p).fit == 100

    def test_score_all_by_id(self):
        accounts = [Account(id="a", attributes={"industry": "saas"}), Account(id="b")]
        fits = score_all(accounts, profile())
        assert sorted(fits) == ["a", "b"]
        assert tier_counts(fits) == {"A": 0, "B": 0, "C": 0, "D": 0, "anti": 0, "unknown": 2}


# meets every criterion: fit 100 before anti signals
FULL: dict[str, Any] = {"arr": 20e6, "industry": "saas", "employees": 300, "tech_stack": ["aws"]}


class TestAnti:
    def anti_profile(self, *anti: dict[str, Any]) -> Profile:
        return profile(anti=list(anti))

    def test_penalty_subtracts_points(self):
        p = self.anti_profile({"attribute": "churn_risk", "in": ["high"], "penalty": 30})
        fit = score_fit(account(**FULL, churn_risk="High"), p)
        # 100 - 30 = 70
        assert fit.fit == pytest.approx(70)
        assert fit.penalty == 30
        assert fit.tier == "B"
        assert fit.summary == "fit 70: 8 of 8 known points met, minus 30 anti-ICP points"

    def test_penalties_add_up(self):
        p = self.anti_profile(
            {"attribute": "churn_risk", "in": ["high"], "penalty": 30},
            {"attribute": "nps", "range": {"max": 0}, "penalty": 15},
        )
        fit = score_fit(account(**FULL, churn_risk="high", nps=-20), p)
        # 100 - 30 - 15 = 55
        assert fit.fit == pytest.approx(55)
        assert fit.tier == "C"

    def test_penalty_floors_at_zero(self):
        p = self.anti_profile({"attribute": "churn_risk", "in": ["high"], "penalty": 30})
        a = account(industry="retail", employees=5000, arr=20e6, tech_stack=["onprem"], churn_risk="high")
        fit = score_fit(a, p)
        # matched 2 of 8: 25, minus 30 = -5, floored at 0
        assert fit.raw_fit == pytest.approx(25)
        assert fit.fit == 0
        assert fit.tier == "D"

    def test_unmet_or_unknown_anti_signal_costs_nothing(self):
        p = self.anti_profile({"attribute": "churn_risk", "in": ["high"], "penalty": 30})
        assert score_fit(account(**FULL, churn_risk="low"), p).fit == 100
        fit = score_fit(account(**FULL), p)
        assert fit.fit == 100
        assert [a.status for a in fit.anti] == ["unknown"]

    def test_anti_signals_do_not_count_toward_coverage(self):
        p = self.anti_profile({"attribute": "churn_risk", "in": ["high"], "penalty": 30})
        fit = score_fit(account(industry="saas", churn_risk="low"), p)
        # known 3 of 8 criteria weight; the anti attribute adds nothing
        assert fit.coverage == pytest.approx(0.375)
        assert fit.tier == "unknown"

    def test_disqualify_sets_tier_anti_and_fit_zero(self):
        p = self.anti_profile({"attribute": "support_tickets_90d", "range": {"min": 50}, "disqualify": True})
        fit = score_fit(account(**FULL, support_tickets_90d=50), p)
        assert fit.tier == "anti"
        assert fit.fit == 0
        assert fit.raw_fit == 100  # the score it would have had
        assert fit.summary == "anti-ICP: support_tickets_90d >= 50"

    def test_disqualify_wins_over_missing_data(self):
        p = self.anti_profile({"attribute": "support_tickets_90d", "range": {"min": 50}, "disqualify": True})
        fit = score_fit(account(support_tickets_90d=80), p)
        assert fit.coverage == 0
        assert (fit.tier, fit.fit) == ("anti", 0)

    def test_disqualify_below_threshold_does_nothing(self):
        p = self.anti_profile({"attribute": "support_tickets_90d", "range": {"min": 50}, "disqualify": True})
        fit = score_fit(account(**FULL, support_tickets_90d=49), p)
        assert (fit.tier, fit.fit) == ("A", 100)


class TestTiers:
    @pytest.mark.parametrize(
        ("fit", "tier"),
        [(100, "A"), (80, "A"), (79.99, "B"), (60, "B"), (59.99, "C"), (40, "C"), (39.99, "D"), (0, "D")],
    )
    def test_default_thresholds(self, fit, tier):
        assert tier_for(fit, profile()) == tier

    @pytest.mark.parametrize(
        ("fit", "tier"),
        [(95, "A"), (90, "A"), (89, "B"), (70, "B"), (69, "C"), (50, "C"), (49, "D")],
    )
    def test_configured_thresholds(self, fit, tier):
        assert tier_for(fit, profile(tiers={"A": 90, "B": 70, "C": 50})) == tier

    def test_partly_configured_thresholds_keep_the_defaults(self):
        p = profile(tiers={"A": 95})
        assert (p.tiers.A, p.tiers.B, p.tiers.C) == (95, 60, 40)

    def test_configured_thresholds_through_score_fit(self):
        a = account(industry="saas", employees=300, arr=20e6, tech_stack=["onprem"])
        # 100 * 7 / 8 = 87.5: A by default, B when A needs 90
        assert score_fit(a, profile()).tier == "A"
        assert score_fit(a, profile(tiers={"A": 90, "B": 70, "C": 50})).tier == "B"


class TestIn:
    def test_case_insensitive(self):
        assert evaluate(condition(**{"in": ["SaaS"]}), "saas") == ("met", "")
        assert evaluate(condition(**{"in": ["saas"]}), " SAAS ") == ("met", "")

    def test_missed(self):
        assert evaluate(condition(**{"in": ["saas"]}), "retail") == ("missed", "")

    def test_list_attribute_meets_when_one_value_is_in(self):
        assert evaluate(condition(**{"in": ["eu"]}), ["us", "EU"]) == ("met", "")
        assert evaluate(condition(**{"in": ["eu"]}), ["us", "apac"]) == ("missed", "")

    def test_semicolon_text_is_a_list(self):
        assert evaluate(condition(**{"in": ["eu"]}), "us; eu") == ("met", "")

    def test_numbers_compare_by_value(self):
        assert evaluate(condition(**{"in": [1, 2]}), 2.0) == ("met", "")
        assert evaluate(condition(**{"in": ["2"]}), 2) == ("met", "")

    def test_booleans(self):
        assert evaluate(condition(**{"in": [True]}), "TRUE") == ("met", "")

    @pytest.mark.parametrize(("written", "cell"), [("10k", "10k"), ("1,200", "1200"), ("$2M", "2,000,000")])
    def test_a_number_written_as_in_a_csv_cell_matches_the_typed_cell(self, written, cell):
        # the CSV loader types "10k" as 10000, so the criterion's "10k" must mean it too
        from icp_triage.adapters.accounts import parse_csv

        (typed,) = parse_csv(f'id,seats\na,"{cell}"\n', label="a.csv")
        test = Condition.model_validate({"attribute": "seats", "in": [written]})
        assert evaluate(test, typed.attributes["seats"]) == ("met", "")
        assert evaluate(condition(**{"any_of": [written]}), typed.attributes["seats"]) == ("met", "")

    @pytest.mark.parametrize("value", [None, "", "   ", []])
    def test_no_value_is_unknown(self, value):
        assert evaluate(condition(**{"in": ["saas"]}), value) == ("unknown", "no value")


class TestRange:
    def test_bounds_are_inclusive(self):
        c = condition(range={"min": 100, "max": 1000})
        assert evaluate(c, 100)[0] == "met"
        assert evaluate(c, 1000)[0] == "met"
        assert evaluate(c, 99)[0] == "missed"
        assert evaluate(c, 1000.5)[0] == "missed"

    def test_open_bounds(self):
        assert evaluate(condition(range={"min": 50}), 1e12)[0] == "met"
        assert evaluate(condition(range={"min": 50}), 49)[0] == "missed"
        assert evaluate(condition(range={"max": 10}), -5)[0] == "met"
        assert evaluate(condition(range={"max": 10}), 11)[0] == "missed"

    def test_numeric_text_is_parsed(self):
        c = condition(range={"min": 1000})
        assert evaluate(c, "1,200")[0] == "met"
        assert evaluate(c, "$1.5k")[0] == "met"

    @pytest.mark.parametrize("value", ["ten", "lots", True, ["100"]])
    def test_non_numeric_value_is_unknown_with_a_note(self, value):
        status, note = evaluate(condition(range={"min": 1}), value)
        assert status == "unknown"
        assert note == f"{value!r} is not a number"

    def test_non_numeric_value_does_not_count_as_known(self):
        a = account(industry="saas", employees="ten", arr=20e6, tech_stack=["aws"])
        fit = score_fit(a, profile())
        # employees unusable: known 3 + 2 + 1 = 6, matched 6 -> 100, coverage 6 / 8
        assert fit.known == 6
        assert fit.fit == 100
        assert fit.coverage == pytest.approx(0.75)
        employees = fit.criteria[1]
        assert (employees.status, employees.note) == ("unknown", "'ten' is not a number")

    def test_described(self):
        assert describe_condition(condition(range={"min": 1, "max": 2})) == "1..2"
        assert describe_condition(condition(range={"min": 50})) == ">= 50"
        assert describe_condition(condition(range={"max": 5})) == "<= 5"


class TestAnyOf:
    def test_shares_one_value(self):
        assert evaluate(condition(any_of=["aws", "gcp"]), ["azure", "gcp"])[0] == "met"

    def test_case_insensitive(self):
        assert evaluate(condition(any_of=["aws"]), ["AWS"])[0] == "met"

    def test_semicolon_text(self):
        assert evaluate(condition(any_of=["k8s"]), "AWS; K8s")[0] == "met"

    def test_a_single_value_is_a_one_item_list(self):
        assert evaluate(condition(any_of=["aws"]), "aws")[0] == "met"

    def test_shares_nothing(self):
        assert evaluate(condition(any_of=["aws", "gcp"]), ["onprem"])[0] == "missed"

    def test_empty_list_is_unknown(self):
        assert evaluate(condition(any_of=["aws"]), [])[0] == "unknown"


class TestEquals:
    def test_text_case_insensitive(self):
        assert evaluate(condition(equals="Enterprise"), "enterprise")[0] == "met"
        assert evaluate(condition(equals="Enterprise"), "team")[0] == "missed"

    def test_bool_and_its_text(self):
        assert evaluate(condition(equals=True), True)[0] == "met"
        assert evaluate(condition(equals=True), "true")[0] == "met"
        assert evaluate(condition(equals=True), False)[0] == "missed"

    def test_integral_numbers(self):
        assert evaluate(condition(equals=5), 5.0)[0] == "met"
        assert evaluate(condition(equals=5), 6)[0] == "missed"

    def test_missing_is_unknown(self):
        assert evaluate(condition(equals="x"), None)[0] == "unknown"


class TestExists:
    def test_exists_true(self):
        assert evaluate(condition(exists=True), "yes")[0] == "met"
        assert evaluate(condition(exists=True), None)[0] == "missed"
        assert evaluate(condition(exists=True), "")[0] == "missed"

    def test_exists_false(self):
        assert evaluate(condition(exists=False), None)[0] == "met"
        assert evaluate(condition(exists=False), "yes")[0] == "missed"

    def test_exists_is_always_known(self):
        p = Profile.model_validate(
            {
                "criteria": [
                    {"attribute": "soc2", "exists": True, "weight": 1},
                    {"attribute": "industry", "in": ["saas"], "weight": 1},
                ]
            }
        )
        fit = score_fit(Account(id="x"), p)
        # soc2 absent: known (missed); industry unknown. known 1 of 2 = 0.5; matched 0 -> fit 0
        assert fit.coverage == 0.5
        assert fit.fit == 0
        assert fit.tier == "D"

    def test_described(self):
        assert describe_condition(condition(exists=True)) == "is present"
        assert describe_condition(condition(exists=False)) == "is absent"


class TestIsPresent:
    @pytest.mark.parametrize("value", [None, "", "  ", [], (), set(), float("nan")])
    def test_absent(self, value):
        assert not is_present(value)

    @pytest.mark.parametrize("value", [0, 0.0, False, "x", ["x"]])
    def test_present(self, value):
        assert is_present(value)


class TestBuiltInAttributes:
    def test_arr_and_list_fields_are_attributes(self):
        a = Account(id="x", arr=5.0, domains=("a.io",), attributes={"industry": "saas"})
        assert a.attribute("arr") == 5.0
        assert a.attribute("domains") == ["a.io"]
        assert a.attribute("industry") == "saas"
        assert a.attribute("missing") is None


class TestEqualsOnLists:
    def test_a_list_attribute_equals_a_value_it_holds(self):
        from icp_triage.core.fit import evaluate
        from icp_triage.core.settings import Condition

        condition = Condition.model_validate({"attribute": "tech_stack", "equals": "aws"})
        assert evaluate(condition, ["gcp", "AWS"])[0] == "met"
        assert evaluate(condition, ["gcp"])[0] == "missed"


# score_all shares results between accounts with equal values and works a verdict out once
# per pattern of statuses. It must give exactly what scoring each account on its own, the
# straightforward way, gives: same values (1 is not True, -0.0 is not 0.0), same numbers.
def _reference_fit(a: Account, p: Profile) -> Fit:
    results, known, matched = [], 0.0, 0.0
    for c in p.criteria:
        value = a.attribute(c.attribute)
        status, note = evaluate(c, value)
        if status != "unknown":
            known += c.weight
        points = c.weight if status == "met" else 0.0
        matched += points
        results.append(
            CriterionResult(c.attribute, describe_condition(c), value, status, c.weight, points, note)
        )
    anti, penalty, disqualified_by = [], 0.0, []
    for s in p.anti:
        value = a.attribute(s.attribute)
        status, note = evaluate(s, value)
        if status == "met":
            penalty += s.penalty or 0.0
            if s.disqualify:
                disqualified_by.append(f"{s.attribute} {describe_condition(s)}")
        anti.append(
            AntiResult(
                s.attribute, describe_condition(s), value, status, s.penalty or 0.0, s.disqualify, note
            )
        )
    total = p.total_weight
    coverage = known / total
    raw = 100.0 * (matched / known) if known else None
    fit: float | None
    if disqualified_by:
        tier, fit, summary = Tier.ANTI, 0.0, "anti-ICP: " + "; ".join(disqualified_by)
    elif raw is None or coverage < p.min_coverage:
        tier, fit = Tier.UNKNOWN, None
        summary = (
            f"not enough data: {coverage:.0%} of the profile's weight is known, {p.min_coverage:.0%} needed"
        )
    else:
        fit = max(0.0, raw - penalty)
        tier = tier_for(fit, p)
        summary = f"fit {fit:.0f}: {matched:g} of {known:g} known points met"
        if penalty:
            summary += f", minus {penalty:g} anti-ICP points"
    return Fit(
        a.id, tier, fit, coverage, known, matched, total, penalty, raw, tuple(results), tuple(anti), summary
    )


_VALUES = st.sampled_from(
    [None, "", " ", "saas", "SaaS", " saas ", "retail", "aws; gcp", "300", "1,200", "ten", 0, 1, 300, 5000,
     True, False, 0.0, -0.0, 1.0, 300.0, 300.5, math.nan, ["aws"], ["AWS", "x"], []]
)  # fmt: skip
_ANTI = [
    {"attribute": "churn", "in": ["high", 1], "penalty": 30},
    {"attribute": "tickets", "range": {"min": 1}, "disqualify": True},
    {"attribute": "churn", "exists": True, "penalty": 5},
]


_MORE_CRITERIA = [
    *CRITERIA[:2],
    {"attribute": "industry", "equals": True, "weight": 2},
    {"attribute": "employees", "exists": True, "weight": 0.5},
]
_ROWS = st.fixed_dictionaries(
    {k: _VALUES for k in ("industry", "employees", "tech_stack", "churn", "tickets")}
)


class TestScoreAllAgrees:
    @given(
        rows=st.lists(_ROWS, max_size=12),
        arrs=st.lists(st.none() | st.sampled_from([0.0, 5e4, 2e7, 3e8]), min_size=12, max_size=12),
        extra=st.lists(st.sampled_from(_MORE_CRITERIA)),
        anti=st.lists(st.sampled_from(_ANTI), max_size=3),
        min_coverage=st.sampled_from([0.0, 0.5, 1.0]),
    )
    @settings(max_examples=300, deadline=None)
    def test_same_fits_as_each_account_alone(self, rows, arrs, extra, anti, min_coverage):
        p = profile(anti=anti, min_coverage=min_coverage, criteria=CRITERIA + extra)
        accounts = [Account(id=f"a{i}", arr=arrs[i], attributes=row) for i, row in enumerate(rows)]
        fits = score_all(accounts, p)
        assert list(fits) == [a.id for a in accounts]
        for a in accounts:
            want = _reference_fit(a, p)
            assert repr(fits[a.id]) == repr(want)  # repr: tells 1 from True, -0.0 from 0.0
            got_values = [type(r.value) for r in fits[a.id].criteria + fits[a.id].anti]
            assert got_values == [type(r.value) for r in want.criteria + want.anti]
            assert repr(score_fit(a, p)) == repr(want)

    def test_a_list_value_is_never_shared(self):
        accounts = [Account(id=i, attributes={"tech_stack": ["aws"]}) for i in "ab"]
        fits = score_all(accounts, profile())
        for a in accounts:
            assert fits[a.id].criteria[3].value is a.attributes["tech_stack"]
