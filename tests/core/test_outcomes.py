"""Outcome columns: found by name or mapping, blank is unknown, bad cells name the account."""

from __future__ import annotations

from typing import Any

import pytest

from icp_triage.core.models import Account
from icp_triage.core.outcomes import OutcomeSettings, OutcomeValueError, read_outcomes


def accounts(*rows: dict[str, Any]) -> list[Account]:
    return [Account(id=f"a{i}", attributes=row) for i, row in enumerate(rows)]


class TestReadOutcomes:
    def test_columns_named_as_outcomes_are_found_without_configuration(self):
        table = read_outcomes(accounts({"won": "won", "nps": 9}, {"won": "lost", "nps": 40}))
        assert [o.name for o in table.outcomes] == ["won", "nps"]
        assert table.get("won").values == {"a0": 1.0, "a1": 0.0}
        assert table.get("nps").kind == "mean"

    def test_a_mapping_names_another_column(self):
        settings = OutcomeSettings(retained="Renewed 2025")
        table = read_outcomes(accounts({"renewed_2025": True}, {"renewed_2025": False}), settings)
        assert table.get("retained").values == {"a0": 1.0, "a1": 0.0}
        assert table.get("retained").column == "renewed_2025"

    def test_a_salesforce_stage_reads_as_won_or_lost(self):
        table = read_outcomes(
            accounts({"won": "Closed Won"}, {"won": "Closed Lost"}, {"won": " closed lost "})
        )
        assert table.get("won").values == {"a0": 1.0, "a1": 0.0, "a2": 0.0}

    @pytest.mark.parametrize("value", [2, -1, 0.5, 1.5])
    def test_a_number_other_than_0_or_1_is_no_flag(self, value):
        with pytest.raises(OutcomeValueError) as caught:
            read_outcomes(accounts({"won": value}))
        assert caught.value.account_id == "a0" and caught.value.column == "won"

    def test_a_blank_is_unknown_never_zero(self):
        table = read_outcomes(accounts({"usage": 5}, {"usage": "  "}, {}))
        assert table.get("usage").values == {"a0": 5.0}

    def test_expansion_as_flags_is_a_rate_as_ratios_a_mean(self):
        assert read_outcomes(accounts({"expansion": 1}, {"expansion": 0})).get("expansion").kind == "rate"
        ratios = read_outcomes(accounts({"expansion": 1.2}, {"expansion": "95%"})).get("expansion")
        assert ratios.kind == "mean" and ratios.values == {"a0": 1.2, "a1": 0.95}

    def test_churned_at_is_a_churn_rate_over_customers(self):
        table = read_outcomes(
            accounts(
                {"churned_at": "2026-03-01", "retained": False},
                {"retained": True},  # a customer without a date: not churned
                {},  # a prospect: unknown
            )
        )
        assert table.get("churned").values == {"a0": 1.0, "a1": 0.0}

    def test_a_lost_deal_is_no_customer_that_stayed(self):
        # the churn rate is over customers: a deal never won cannot have been kept
        table = read_outcomes(
            accounts({"won": True, "churned_at": "2026-03-01"}, {"won": True}, {"won": False})
        )
        assert table.get("churned").values == {"a0": 1.0, "a1": 0.0}

    def test_a_mapped_column_nobody_fills_is_noted(self):
        table = read_outcomes(accounts({"x": 1}), OutcomeSettings(usage="logins_30d"))
        assert table.outcomes == ()
        assert "logins_30d" in table.notes[0]

    @pytest.mark.parametrize(
        ("row", "problem"),
        [
            ({"nps": 140}, "140 is out of range (-100..100)"),
            ({"won": "maybe"}, "expected won/lost"),
            ({"expansion": -0.5}, "out of range"),
            ({"support_tickets": -2}, "out of range (>= 0)"),
            ({"churned_at": "last spring"}, "expected a date"),
            ({"usage": "lots"}, "expected a number"),
        ],
    )
    def test_a_bad_value_names_the_account_and_column(self, row, problem):
        with pytest.raises(OutcomeValueError) as caught:
            read_outcomes(accounts({}, row))
        assert caught.value.account_id == "a1"
        assert problem in caught.value.problem


class TestNumbersInContext:
    """A column's known range decides a text ``core.numbers`` leaves ambiguous on its own."""

    @pytest.mark.parametrize("cell", ["1.045", "104.5%", "1.045e0", 1.045])
    def test_net_revenue_retention_with_three_decimals_is_a_ratio(self, cell):
        # 1.045 or 1045? expansion lies in 0..10, so only 1.045 can be meant
        assert read_outcomes(accounts({"expansion": cell})).get("expansion").values == {"a0": 1.045}

    @pytest.mark.parametrize(
        ("outcome", "cell", "value"),
        [
            ("nps", "50.000", 50.0),
            ("nps", "-12.500", -12.5),
            ("retained", "1.000", 1.0),
            ("won", "0.000", 0.0),
        ],
    )
    def test_other_bounded_outcomes(self, outcome, cell, value):
        assert read_outcomes(accounts({outcome: cell})).get(outcome).values == {"a0": value}

    @pytest.mark.parametrize(
        ("row", "problem"),
        [
            # open-ended: both readings possible, so neither is taken
            ({"support_tickets": "1.000"}, "'1.000' could be 1 or 1000"),
            ({"usage": "2.500"}, "'2.500' could be 2.5 or 2500"),
            # bounded, yet neither reading in range
            ({"expansion": "12.500"}, "'12.500' is out of range (0..10) whether read as 12.5 or 12500"),
            ({"retained": "2.000"}, "expected 1/0, true/false or yes/no"),
        ],
    )
    def test_no_single_reading_is_refused(self, row, problem):
        with pytest.raises(OutcomeValueError) as caught:
            read_outcomes(accounts(row))
        assert problem in caught.value.problem

    @pytest.mark.parametrize(("column", "cell"), [("usage", 1e308), ("usage", "1e308"), ("nps", 1e16)])
    def test_a_value_too_large_to_compute_with_is_refused(self, column, cell):
        """Two of 1e308 add up to infinity: the report showed inf and NaN, the JSON NaN."""
        with pytest.raises(OutcomeValueError) as caught:
            read_outcomes(accounts({column: 5}, {column: cell}))
        assert caught.value.account_id == "a1" and caught.value.column == column
        assert "too large to compute with" in caught.value.problem
