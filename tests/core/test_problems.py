"""Problems, urgency and triggers (issue 16, item 4): what a request addresses, by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from icp_triage.core.models import Account, RawRequest
from icp_triage.core.problems import (
    ActiveTrigger,
    FocusReader,
    Problem,
    ProblemMatch,
    Trigger,
    Urgency,
    active_triggers,
    contains_word,
)
from icp_triage.core.ranking import rank
from icp_triage.core.settings import Profile, RankingSettings

WAREHOUSE = Problem(name="Warehouse", keywords=["snowflake", "dbt", "BigQuery"], labels=["area:warehouse"])
SELF_SERVE = Problem(name="Self-serve", keywords=["funnel", "cohort"])
URGENCY = Urgency(labels=["blocker"], keywords=["blocking our renewal", "can't launch", "deadline"])
READER = FocusReader([WAREHOUSE, SELF_SERVE], URGENCY)


def request(
    key: str = "o/r#1", *, title: str = "", body: str = "", labels: Any = (), **fields: Any
) -> RawRequest:
    return RawRequest(key=key, title=title, body=body, labels=list(labels), fields=fields)


class TestWholeWords:
    def test_a_word_between_punctuation_matches(self) -> None:
        assert contains_word("sync to dbt, please", "dbt")
        assert contains_word("(dbt)", "dbt")
        assert contains_word("dbt", "dbt")

    def test_no_match_inside_a_longer_word(self) -> None:
        assert not contains_word("dbtools and xdbt and dbt_core", "dbt")
        assert not contains_word("cohorts", "cohort")

    def test_a_later_whole_occurrence_is_found_after_a_partial_one(self) -> None:
        assert contains_word("dbtools then dbt", "dbt")

    def test_a_phrase_matches_whole_and_punctuated_edges_need_no_boundary(self) -> None:
        assert contains_word("this is blocking our renewal!", "blocking our renewal")
        assert not contains_word("blocking our renewals", "blocking our renewal")
        assert contains_word("we use c++daily", "c++")  # ends in '+': no word boundary to test

    def test_matching_is_linear_on_hostile_text(self) -> None:
        """Near-misses everywhere ("dbtx" and "aaaa" for "aa a"): each ``find`` starts past the
        last, so four times the text costs about four times the time, not sixteen."""
        from fakes.waiting import cpu_seconds

        def cost(n: int) -> float:
            with cpu_seconds() as spent:
                for _ in range(5):
                    assert not contains_word("dbtx" * n, "dbt")
                    assert not contains_word("a" * (4 * n), "aa a")
            return spent.seconds

        small, large = cost(16_384), cost(65_536)  # a GitHub body holds at most 65,536 characters
        assert large < 8 * small + 0.05, (small, large)


class TestFocus:
    def test_keywords_in_title_body_and_fields_case_insensitively(self) -> None:
        focus = READER.read(request(title="SNOWFLAKE sync", body="Our Funnel view", Team="dbt crew"))
        assert focus.problems == (
            ProblemMatch("Warehouse", ("snowflake", "dbt")),
            ProblemMatch("Self-serve", ("funnel",)),
        )
        assert focus.urgent is None

    def test_a_label_addresses_a_problem_and_is_named(self) -> None:
        focus = READER.read(request(title="Faster exports", labels=["Area:Warehouse"]))
        assert focus.problems == (ProblemMatch("Warehouse", ("label area:warehouse",)),)

    def test_a_longer_word_is_no_match(self) -> None:
        focus = READER.read(request(title="dbtools and cohorts", body="snowflakes"))
        assert focus.problems == ()

    def test_urgency_by_label_first_then_by_keyword_with_where(self) -> None:
        assert READER.read(request(labels=["BLOCKER"], body="deadline")).urgent == "label blocker"
        assert (
            READER.read(request(body="We can\u2019t launch without it")).urgent
            == "'can't launch' in the body"
        )
        assert READER.read(request(title="x", Due="Deadline: May")).urgent == "'deadline' in the field Due"
        assert READER.read(request(body="no deadlines here")).urgent is None

    def test_no_problems_declared_reads_nothing(self) -> None:
        assert FocusReader([], None).read(request(title="dbt")).problems == ()


class TestTriggers:
    ACCOUNT = Account(id="a", attributes={"renewal_date": "2026-12-31", "funding_round_at": "2026-01-01"})
    TRIGGERS = (
        Trigger(attribute="Renewal Date", within_days=90),
        Trigger(attribute="funding_round_at", within_days=180),
    )

    def test_within_days_before_or_after_the_run_date(self) -> None:
        # 2026-11-02 -> 2026-12-31 is 59 days (<= 90); 2026-01-01 was 305 days before (> 180)
        found = active_triggers(self.ACCOUNT, self.TRIGGERS, today=date(2026, 11, 2))
        assert found == (ActiveTrigger("renewal_date", date(2026, 12, 31), 90),)
        # 2026-04-01: the renewal is 274 days away; the round was 90 days ago
        found = active_triggers(self.ACCOUNT, self.TRIGGERS, today=date(2026, 4, 1))
        assert found == (ActiveTrigger("funding_round_at", date(2026, 1, 1), 180),)

    def test_the_boundary_day_counts_and_the_next_does_not(self) -> None:
        trigger = (Trigger(attribute="renewal_date", within_days=59),)
        assert active_triggers(self.ACCOUNT, trigger, today=date(2026, 11, 2))
        assert not active_triggers(self.ACCOUNT, trigger, today=date(2026, 11, 1))

    def test_no_date_no_trigger(self) -> None:
        assert active_triggers(self.ACCOUNT, self.TRIGGERS, today=None) == ()
        odd = Account(id="b", attributes={"renewal_date": "soon"})
        assert active_triggers(odd, self.TRIGGERS, today=date(2026, 11, 2)) == ()


class TestConfig:
    def test_a_problem_needs_keywords_or_labels(self) -> None:
        with pytest.raises(ValidationError, match="give keywords, labels or both"):
            Problem(name="Vague")

    def test_problem_names_are_unique(self) -> None:
        with pytest.raises(ValidationError, match="named twice"):
            Profile.model_validate(
                {
                    "criteria": [{"attribute": "x", "exists": True}],
                    "problems": [{"name": "A", "keywords": ["a"]}, {"name": "a", "keywords": ["b"]}],
                }
            )

    def test_weights_are_not_negative(self) -> None:
        with pytest.raises(ValidationError, match="problem_weight"):
            RankingSettings(problem_weight=-1)


def _profile(**extra: Any) -> Profile:
    return Profile.model_validate(
        {
            "criteria": [{"attribute": "p", "equals": True, "weight": 1}],
            "problems": [{"name": "Warehouse", "keywords": ["dbt"]}],
            "urgency": {"labels": ["blocker"]},
            "triggers": [{"attribute": "renewal_date", "within_days": 90}],
            **extra,
        }
    )


ACCOUNTS = [
    Account(id="a", github_logins=("a",), attributes={"p": True, "renewal_date": "2027-01-01"}),
    Account(id="b", github_logins=("b",), attributes={"p": True}),
]


def _ranked(weights: RankingSettings) -> dict[str, Any]:
    requests = [
        RawRequest(key="o/r#1", title="dbt models", author="b"),  # problem only
        RawRequest(key="o/r#2", title="Dark mode", author="a"),  # a's renewal in 60 days: trigger
        RawRequest(key="o/r#3", title="dbt now", author="b", labels=["blocker"]),  # problem and urgent
        RawRequest(key="o/r#4", title="Dark mode", author="b"),  # neither
    ]
    backlog = rank(requests, ACCOUNTS, _profile(), ranking=weights, today=date(2026, 11, 2))
    return {i.key: i for i in backlog.ranked}


class TestWeights:
    def test_weights_zero_show_but_do_not_score(self) -> None:
        items = _ranked(RankingSettings())
        assert [items[k].icp_value for k in sorted(items)] == [1.0, 1.0, 1.0, 1.0]
        assert items["o/r#1"].problems == (ProblemMatch("Warehouse", ("dbt",)),)
        assert items["o/r#3"].urgent == "label blocker"
        assert items["o/r#2"].triggered and not items["o/r#4"].triggered
        assert {i.value_factor for i in items.values()} == {1.0}

    def test_hand_worked_factors(self) -> None:
        """Fit 100 and weight 1 each, so icp_value starts at 1.0:
        #1 problem: 1 * (1 + 0.5) = 1.5; #2 trigger: 1 * (1 + 0.25) = 1.25;
        #3 problem and urgent: 1 * 1.5 * 1.25 = 1.875; #4 neither: 1.0."""
        items = _ranked(RankingSettings(problem_weight=0.5, urgency_weight=0.25))
        assert {k: i.icp_value for k, i in items.items()} == {
            "o/r#1": 1.5,
            "o/r#2": 1.25,
            "o/r#3": 1.875,
            "o/r#4": 1.0,
        }
        assert [i.key for i in sorted(items.values(), key=lambda i: i.rank)] == [
            "o/r#3",
            "o/r#1",
            "o/r#2",
            "o/r#4",
        ]
        assert items["o/r#3"].value_factor == 1.875

    def test_no_run_date_no_trigger(self) -> None:
        requests = [RawRequest(key="o/r#2", title="Dark mode", author="a")]
        backlog = rank(requests, ACCOUNTS, _profile(), ranking=RankingSettings(urgency_weight=1))
        assert backlog.ranked[0].icp_value == 1.0 and not backlog.ranked[0].triggered


class TestExplain:
    def test_explain_writes_the_factor_out(self) -> None:
        from icp_triage.core.explain import explain
        from icp_triage.reports.explain_report import arithmetic

        requests = [RawRequest(key="o/r#3", title="dbt now", author="a", labels=["blocker"])]
        weights = RankingSettings(problem_weight=0.5, urgency_weight=0.25)
        backlog = rank(requests, ACCOUNTS, _profile(), ranking=weights, today=date(2026, 11, 2))
        lines = arithmetic(explain(backlog, "o/r#3"))
        assert lines["problems"] == "Warehouse (dbt)"
        assert lines["urgent"] == "label blocker"
        assert lines["triggers"] == "a: renewal_date 2027-01-01 (within 90 days)"
        assert lines["value_factor"] == (
            "(1 + problem_weight 0.5: addresses an ICP problem) \u00d7 (1 + urgency_weight 0.25: urgent) = 1.875"
        )
        assert lines["icp_value"].endswith("= (1 \u00d7 1 (a)) \u00d7 1.875 = 1.88")  # amounts: 2 decimals

    def test_weights_zero_say_shown_not_scored(self) -> None:
        from icp_triage.core.explain import explain
        from icp_triage.reports.explain_report import arithmetic

        requests = [RawRequest(key="o/r#4", title="Dark mode", author="b")]
        backlog = rank(requests, ACCOUNTS, _profile(), today=date(2026, 11, 2))
        lines = arithmetic(explain(backlog, "o/r#4"))
        assert lines["problems"] == "none of the ICP's 1 problems"
        assert (
            lines["value_factor"] == "1 (ranking.problem_weight and urgency_weight are 0: shown, not scored)"
        )


def test_an_unattributed_request_addresses_problems_too() -> None:
    requests = [RawRequest(key="o/r#9", title="dbt docs", author="stranger", labels=["blocker"])]
    (item,) = rank(requests, ACCOUNTS, _profile(), today=date(2026, 11, 2)).unattributed
    assert (item.problems, item.urgent) == ((ProblemMatch("Warehouse", ("dbt",)),), "label blocker")
