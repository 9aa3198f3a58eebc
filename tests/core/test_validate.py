"""``profile validate`` on populations with a planted truth: intervals, verdicts and warnings."""

from __future__ import annotations

import random
from datetime import date

import pytest
from planted import INDUSTRIES, SOUND, conjunction, population, profile

from icp_triage.core.fit import score_all
from icp_triage.core.models import Account
from icp_triage.core.outcomes import ValidationSettings, read_outcomes
from icp_triage.core.stats import compare_rates
from icp_triage.core.validate import judge, stale, validate, version_date

TODAY = date(2026, 12, 1)
INDUSTRY_ALONE = [{"attribute": "industry", "in": ["saas", "fintech"]}]
PLANTED_SEGMENT = [*INDUSTRY_ALONE, {"attribute": "employees", "range": {"min": 100, "max": 2000}}]


def kinds(accounts, criteria, **extra):
    result = validate(accounts, profile(criteria, **extra), read_outcomes(accounts), today=TODAY)
    return {w.kind for w in result.warnings}, result


class TestWarnings:
    accounts = population(2000, seed=11)

    def test_a_sound_profile_is_supported_and_not_flagged(self):
        found, result = kinds(self.accounts, SOUND)
        assert found == set()
        assert {c.verdict for c in result.outcomes} == {"supported"}
        assert result.icp_share < 0.5

    def test_a_too_broad_profile_is_flagged(self):
        found, result = kinds(self.accounts, [{"attribute": "industry", "in": INDUSTRIES}])
        assert "too_broad" in found
        assert any("2000 of 2000" in w.message for w in result.warnings)

    def test_a_persona_profile_is_flagged_naming_the_criterion(self):
        found, result = kinds(self.accounts, [*SOUND, {"attribute": "job_title", "in": ["CTO"]}])
        assert "persona" in found
        assert any("profile.criteria[2] tests 'job_title'" in w.message for w in result.warnings)

    def test_an_aspirational_profile_is_flagged(self):
        found, result = kinds(self.accounts, [{"attribute": "region", "in": ["APAC"]}])
        assert "aspirational" in found
        assert not any(c.verdict == "supported" for c in result.outcomes)

    def test_an_icp_of_prospects_is_aspirational(self):
        rows = [Account(id=f"p{i}", attributes={"industry": "saas"}) for i in range(30)]
        rows += [Account(id=f"c{i}", attributes={"industry": "retail", "won": i % 2 == 0}) for i in range(30)]
        _found, result = kinds(rows, [{"attribute": "industry", "in": ["saas"]}])
        assert any("30 of the 30 ICP accounts (100%) are prospects" in w.message for w in result.warnings)

    def test_a_criterion_nobody_meets_is_dead(self):
        found, result = kinds(self.accounts, [*SOUND, {"attribute": "industry", "in": ["mining"]}])
        assert "dead_criterion" in found
        assert any(
            "criteria[2] industry in [mining]: met by no account" in w.message for w in result.warnings
        )

    def test_a_criterion_with_no_outcome_difference_is_dead(self):
        _found, result = kinds(
            self.accounts, [*SOUND, {"attribute": "plan", "in": ["growth"], "weight": 0.1}]
        )
        assert any(
            "criteria[2] plan" in w.message and "no better or worse" in w.message for w in result.warnings
        )

    def test_an_old_version_is_stale(self):
        found, result = kinds(self.accounts, SOUND, version="2025-06")
        assert found == {"stale"}
        assert "2025-06 is 18 months old" in result.warnings[0].message


class TestPartial:
    """Saas or fintech of 100-2,000 employees do better, either trait alone nothing (planted.py)."""

    accounts = population(1500, seed=2, truth=conjunction)

    def test_industry_alone_is_partial_naming_the_size_it_leaves_out(self):
        found, result = kinds(self.accounts, INDUSTRY_ALONE)
        assert "partial" in found
        (warning,) = [w for w in result.warnings if w.kind == "partial"]
        assert warning.message.startswith(
            "the ICP holds accounts that meet only part of what sets the best customers apart: required "
            "as well, employees "
        )
        assert "(a finding; no criterion requires it) raises the share of best customers" in warning.message

    def test_the_planted_segment_is_not_partial(self):
        found, _ = kinds(self.accounts, PLANTED_SEGMENT)
        assert "partial" not in found

    def test_a_criterion_the_tiers_do_not_require_is_named(self):
        """Weights 3 and 2 with B at 60: industry alone is ICP (the draft of the issue)."""
        weighted = [{**PLANTED_SEGMENT[0], "weight": 3}, {**PLANTED_SEGMENT[1], "weight": 2}]
        _found, result = kinds(self.accounts, weighted)
        (warning,) = [w for w in result.warnings if w.kind == "partial"]
        assert "required as well, profile.criteria[1] employees 100..2000 raises" in warning.message

    def test_too_few_customers_to_split_say_nothing(self):
        few = population(60, seed=2, truth=conjunction)
        found, _ = kinds(few, INDUSTRY_ALONE)
        assert "partial" not in found


class TestWarningBoundaries:
    """Each warning's threshold as the message states it: "more than", "over half"."""

    @staticmethod
    def warnings(rows, criteria=({"attribute": "industry", "in": ["saas"]},), **extra):
        result = validate(rows, profile(list(criteria), **extra), read_outcomes(rows), today=TODAY)
        return [w.message for w in result.warnings]

    def test_an_icp_of_exactly_max_share_is_not_too_broad(self):
        half = [
            Account(id=f"a{i}", attributes={"industry": "saas" if i < 10 else "retail"}) for i in range(20)
        ]
        assert not any("the ICP holds" in m for m in self.warnings(half))
        more = [
            Account(id=f"a{i}", attributes={"industry": "saas" if i < 11 else "retail"}) for i in range(20)
        ]
        assert any(
            "the ICP holds 11 of 20 accounts (55%), more than max_share 50%" in m for m in self.warnings(more)
        )

    @pytest.mark.parametrize(("kept", "flagged"), [(2, False), (3, True)])
    def test_too_broad_when_the_icp_keeps_over_half_of_the_churned(self, kept, flagged):
        churned = [
            Account(id=f"c{i}", attributes={"industry": "saas" if i < kept else "retail", "retained": False})
            for i in range(4)
        ]
        others = [Account(id=f"r{i}", attributes={"industry": "retail", "retained": True}) for i in range(20)]
        message = f"the ICP keeps {kept} of the 4 accounts that churned"
        assert any(message in m for m in self.warnings(churned + others)) == flagged

    @pytest.mark.parametrize("attribute", ["buyer_persona", "contact_seniority", "champion_role"])
    def test_a_persona_attribute_by_its_suffix(self, attribute):
        rows = [Account(id=f"a{i}", attributes={"industry": "saas"}) for i in range(3)]
        criteria = [{"attribute": "industry", "in": ["saas"]}, {"attribute": attribute, "in": ["x"]}]
        assert any(
            f"tests '{attribute}', an attribute of a person" in m for m in self.warnings(rows, criteria)
        )

    def test_no_outcome_at_all_among_those_who_miss_a_criterion_is_no_verdict_on_it(self):
        # the accounts that miss it never won: a lift over 0 means nothing (it divided by 0)
        rows = [Account(id=f"s{i}", attributes={"industry": "saas", "won": i % 2 == 0}) for i in range(12)]
        rows += [Account(id=f"r{i}", attributes={"industry": "retail", "won": False}) for i in range(12)]
        assert not any("no better or worse" in m for m in self.warnings(rows))


class TestWinRateByTier:
    def test_reads_the_tiers_best_first(self):
        accounts = population(1500, seed=3)
        result = validate(accounts, profile(SOUND), read_outcomes(accounts), today=TODAY)
        tiers = [row.tier for row in result.win_rate_by_tier]
        assert tiers[0] == "A"
        a = result.win_rate_by_tier[0]
        others = [row for row in result.win_rate_by_tier if row.tier != "A"]
        assert a.rate > max(row.rate for row in others)


def test_validate_intervals_cover_the_planted_lift_in_90_of_100_seeds():
    """ICP accounts win 40% of deals, the rest 15% (the issue's example): lift 2.67."""
    planted = 0.40 / 0.15
    covered = 0
    for seed in range(100):
        rng = random.Random(seed)
        accounts = [
            Account(id=f"a{i}", attributes={"industry": rng.choice(["saas", "retail", "media"])})
            for i in range(300)
        ]
        chosen = profile([{"attribute": "industry", "in": ["saas"]}])
        fits = score_all(accounts, chosen)
        with_outcomes = [
            a.model_copy(
                update={
                    "attributes": {
                        **a.attributes,
                        "won": rng.random() < (0.40 if fits[a.id].tier in ("A", "B") else 0.15),
                    }
                }
            )
            for a in accounts
        ]
        result = validate(with_outcomes, chosen, read_outcomes(with_outcomes), today=TODAY)
        (won,) = result.outcomes
        covered += won.ci.low is not None and won.ci.high is not None and won.ci.low <= planted <= won.ci.high
    assert covered >= 90, f"covered in {covered} of 100 seeds"


def test_mean_intervals_cover_the_planted_lift():
    """Usage 60 inside the ICP, 40 outside (lift 1.5), bootstrap intervals, 100 seeds."""
    covered = 0
    for seed in range(100):
        rng = random.Random(1000 + seed)
        rows = [
            Account(
                id=f"a{i}",
                attributes={
                    "industry": "saas" if i < 80 else "retail",
                    "usage": rng.gauss(60 if i < 80 else 40, 15),
                },
            )
            for i in range(240)
        ]
        chosen = profile([{"attribute": "industry", "in": ["saas"]}])
        settings = ValidationSettings(seed=seed)
        (usage,) = validate(rows, chosen, read_outcomes(rows), today=TODAY, settings=settings).outcomes
        covered += usage.ci.low <= 1.5 <= usage.ci.high
    assert covered >= 90, f"covered in {covered} of 100 seeds"


def test_judge_needs_enough_accounts_and_reads_the_direction():
    better = compare_rates(40, 100, 15, 100)
    assert judge(better, lower_is_better=False, enough=True) == "supported"
    assert judge(better, lower_is_better=True, enough=True) == "contradicted"
    assert judge(better, lower_is_better=False, enough=False) == "too_few"


class TestPrecision:
    def test_rounding_noise_is_no_difference(self):
        """usage 0.45 and nps 0.3 on every account: once "contradicted" and "supported"."""
        rows = [
            Account(
                id=f"a{i}",
                attributes={"industry": "saas" if i % 3 else "retail", "usage": 0.45, "nps": 0.3},
            )
            for i in range(90)
        ]
        result = validate(
            rows, profile([{"attribute": "industry", "in": ["saas"]}]), read_outcomes(rows), today=TODAY
        )
        assert {c.name: c.verdict for c in result.outcomes} == {
            "nps": "no_difference",
            "usage": "no_difference",
        }
        assert {(c.comparison.difference, c.lift) for c in result.outcomes} == {(0.0, 1.0)}

    def test_a_constant_column_too_few_to_judge_stays_too_few(self):
        rows = [
            Account(id=f"a{i}", attributes={"industry": "saas" if i % 2 else "retail", "usage": 7})
            for i in range(8)
        ]
        (usage,) = validate(
            rows, profile([{"attribute": "industry", "in": ["saas"]}]), read_outcomes(rows), today=TODAY
        ).outcomes
        assert usage.verdict == "too_few"


def test_version_dates():
    assert version_date("2026-11") == date(2026, 11, 1)
    assert version_date("v2026.03.1") == date(2026, 3, 1)
    assert version_date("3") is None
    assert stale(profile(SOUND, version="mid-market"), today=TODAY, revisit_months=12) == []


@pytest.mark.parametrize("version", ["2026-13", "2026-00", "2026.99"])
def test_a_version_with_no_real_month_names_no_date(version):
    assert version_date(version) is None
    assert stale(profile(SOUND, version=version), today=TODAY, revisit_months=12) == []


def test_a_profile_exactly_revisit_months_old_is_not_stale_yet():
    assert stale(profile(SOUND, version="2025-12"), today=TODAY, revisit_months=12) == []
    (warning,) = stale(profile(SOUND, version="2025-11"), today=TODAY, revisit_months=12)
    assert "2025-11 is 13 months old, more than revisit_months (12)" in warning.message
