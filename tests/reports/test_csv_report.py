"""CSV reports: stable columns, one row per request, formula injection neutralised."""

from __future__ import annotations

import csv
import io

import pytest

from icp_triage.reports.csv_report import BACKLOG_COLUMNS, backlog_csv, safe_cell


class TestSafeCell:
    @pytest.mark.parametrize("text", ["=1+1", "+1", "-1 apples", "@SUM(A1)", "\t=1", " =1", "\n=1"])
    def test_formulas_are_prefixed(self, text):
        assert safe_cell(text) == "'" + text

    def test_numbers_and_plain_text_stay(self):
        assert safe_cell(-3) == -3
        assert safe_cell(-0.25) == -0.25  # a negative number is a number, not a formula
        assert safe_cell("SSO login") == "SSO login"
        assert safe_cell(None) == ""
        assert safe_cell(True) == "true"


class TestBacklogCsv:
    def test_one_row_per_request_with_stable_columns(self, sample_backlog):
        rows = list(csv.DictReader(io.StringIO(backlog_csv(sample_backlog))))
        assert list(rows[0]) == BACKLOG_COLUMNS
        assert [r["list"] for r in rows] == ["ranked"] * 5 + ["opportunistic", "unattributed"]
        first = rows[0]
        # umbrella's fit is unknown, so acme's is the only known demand: icp-core (issue 12)
        assert (first["key"], first["class"], first["icp_value"], first["accounts"]) == (
            "acme/app#3",
            "icp-core",
            "195000.0",
            "umbrella;acme",
        )
        assert (first["icp_demand"], first["off_icp_demand"], first["unknown_demand"]) == (
            "120000.0",
            "0.0",
            "150000.0",
        )
        assert rows[-1]["reasons"].startswith("author @stranger")
        assert rows[3]["title"] == "'=cmd|' /C calc'!A0"

    def test_rows_end_in_crlf_as_rfc_4180_and_excel_expect(self, sample_backlog):
        text = backlog_csv(sample_backlog)
        assert text.startswith(",".join(BACKLOG_COLUMNS) + "\r\n") and text.endswith('",,,false,,\r\n')

    def test_an_ambiguous_match_names_its_accounts_in_the_csv(self):
        # the CSV stays on the PM's machine: it says which accounts, as explain does
        from icp_triage.core.models import Account, RawRequest
        from icp_triage.core.ranking import rank
        from icp_triage.core.settings import Profile

        profile = Profile.model_validate(
            {"criteria": [{"attribute": "industry", "in": ["saas"], "weight": 1}]}
        )
        accounts = [
            Account(id="hooli-us", name="Hooli Inc", domains=("shared.io",)),
            Account(id="hooli-eu", name="Hooli Ltd", domains=("shared.io",)),
        ]
        backlog = rank(
            [RawRequest(key="o/r#1", title="SSO", body="Requested-by: shared.io")], accounts, profile
        )
        (row,) = csv.DictReader(io.StringIO(backlog_csv(backlog)))
        assert row["reasons"].endswith("'shared.io' is ambiguous: it matches accounts hooli-eu, hooli-us")

    def test_top_cuts_each_list(self, sample_backlog):
        rows = list(csv.DictReader(io.StringIO(backlog_csv(sample_backlog, top=1))))
        assert [r["list"] for r in rows] == ["ranked", "opportunistic", "unattributed"]
