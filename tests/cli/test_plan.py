"""`icp-triage plan --capacity N`: within capacity, reasons for every deferral, all formats."""

from __future__ import annotations

import json

import pytest


class TestPlan:
    def test_json_within_capacity_with_reasons(self, invoke, sample):
        result = invoke("plan", "--capacity", "4", "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["used"] <= 4
        assert data["total_value"] == pytest.approx(sum(e["icp_value"] for e in data["chosen"]))
        assert all(e["reasons"] for e in data["deferred"])
        assert {e["class"] for e in data["chosen"]} <= {"icp-core", "mixed"}
        # Warnings go to stderr, never into the JSON.
        assert result.stderr == "Warning: 1 request(s) have an assumed effort (the median or the default)\n"

    def test_include_opportunistic(self, invoke, sample):
        result = invoke("plan", "-C", "20", "--include-opportunistic", "--format", "json")
        data = json.loads(result.stdout)
        assert "acme/app#2" in [e["key"] for e in data["chosen"]]
        (una,) = [e for e in data["deferred"] if e["key"] == "acme/app#5"]
        assert una["reasons"][0]["code"] == "no-value"

    def test_confident_only_defers_low_confidence(self, invoke, sample):
        data = json.loads(invoke("plan", "-C", "20", "--confident-only", "-f", "json").stdout)
        low = {e["key"]: e["reasons"][0]["code"] for e in data["deferred"] if e["low_confidence"]}
        assert low == {"acme/app#3": "low-confidence", "acme/app#1": "low-confidence"}

    def test_fractional_capacity(self, invoke, sample):
        data = json.loads(invoke("plan", "-C", "1", "-f", "json").stdout)
        assert [e["key"] for e in data["chosen"]] == ["acme/app#3", "acme/app#7"]
        assert data["used"] == 1.0

    @pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "html"])
    def test_formats(self, invoke, sample, fmt):
        result = invoke("plan", "-C", "4", "-f", fmt)
        assert result.exit_code == 0, result.output
        assert "acme/app#3" in result.stdout

    def test_negative_capacity_is_bad_usage(self, invoke, sample):
        result = invoke("plan", "--capacity", "-1")
        assert result.exit_code == 2

    @pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e400", "-1"])
    def test_a_capacity_that_is_no_finite_number_of_points_is_bad_usage(self, invoke, sample, value):
        """inf used to overflow ('This is a bug', exit 1); nan blamed the range, not the value."""
        result = invoke("plan", "-C", value)
        assert result.exit_code == 2
        assert "expected a finite number of story points, 0 or more" in result.stderr
        assert "bug" not in result.stderr
        assert "Traceback" not in result.stderr
