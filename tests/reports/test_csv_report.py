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
        assert safe_cell("SSO login") == "SSO login"
        assert safe_cell(None) == ""
        assert safe_cell(True) == "true"


class TestBacklogCsv:
    def test_one_row_per_request_with_stable_columns(self, sample_backlog):
        rows = list(csv.DictReader(io.StringIO(backlog_csv(sample_backlog))))
        assert list(rows[0]) == BACKLOG_COLUMNS
        assert [r["list"] for r in rows] == ["ranked"] * 5 + ["opportunistic", "unattributed"]
        first = rows[0]
        assert (first["key"], first["class"], first["icp_value"], first["accounts"]) == (
            "acme/app#3",
            "mixed",
            "195000.0",
            "umbrella;acme",
        )
        assert rows[-1]["reasons"].startswith("author @stranger")
        assert rows[3]["title"] == "'=cmd|' /C calc'!A0"

    def test_top_cuts_each_list(self, sample_backlog):
        rows = list(csv.DictReader(io.StringIO(backlog_csv(sample_backlog, top=1))))
        assert [r["list"] for r in rows] == ["ranked", "opportunistic", "unattributed"]
