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


class TestNoValueReasons:
    """A request with no ICP value says why: its requesters' fit, or their lack of weight."""

    @pytest.fixture
    def zero(self, sample):
        with (sample / "accounts.csv").open("a", encoding="utf-8") as accounts:
            accounts.write("zeroarr,Zero ARR Co,zero.example,zed,,,0,saas,300,eu,aws,low,3\n")
            accounts.write("unfit,Unfit Co,unfit.example,una,,,50000,retail,5,apac,onprem,low,3\n")
        path = sample / "requests.json"
        data = json.loads(path.read_text("utf-8"))
        data["requests"] += [
            {"key": "acme/app#90", "title": "Free tier ask", "author": "zed", "estimate": 1},
            {"key": "acme/app#91", "title": "Off-profile ask", "author": "una", "estimate": 1},
        ]
        path.write_text(json.dumps(data), "utf-8")
        return sample

    def reasons(self, invoke):
        data = json.loads(invoke("plan", "-C", "50", "--include-opportunistic", "-f", "json").stdout)
        return {e["key"]: e["reasons"] for e in data["deferred"]}

    def test_arr_zero_is_not_called_fit_zero(self, invoke, zero):
        (reason,) = self.reasons(invoke)["acme/app#90"]
        assert reason == {
            "code": "no-value",
            "text": "no ICP value: its requesters have ARR 0, so no demand weight",
        }

    def test_fit_zero_still_says_fit(self, invoke, zero):
        (reason,) = self.reasons(invoke)["acme/app#91"]
        assert reason == {"code": "no-value", "text": "no ICP value: its requesters' fit is 0"}


class TestOpportunisticPlaces:
    """With --include-opportunistic, the backlog's #1 and the opportunistic list's #1 read apart."""

    def run(self, invoke, fmt):
        result = invoke("plan", "-C", "20", "--include-opportunistic", "-f", fmt)
        assert result.exit_code == 0, result.output
        return result.stdout

    def test_json_keeps_rank_and_adds_the_list(self, invoke, sample):
        chosen = {e["key"]: e for e in json.loads(self.run(invoke, "json"))["chosen"]}
        assert (chosen["acme/app#3"]["rank"], chosen["acme/app#3"]["list"]) == (1, "ranked")
        assert (chosen["acme/app#2"]["rank"], chosen["acme/app#2"]["list"]) == (1, "opportunistic")

    def test_table(self, invoke, sample):
        out = self.run(invoke, "table")
        assert "\n        1   acme/app#3 " in out
        assert "\n  opp. #1   acme/app#2 " in out
        assert "opp. #N = Nth in the opportunistic list" in out

    def test_markdown(self, invoke, sample):
        out = self.run(invoke, "markdown")
        assert "| 1 | [acme/app#3](" in out
        assert "| opp. #1 | [acme/app#2](" in out
        assert "opp. #N = Nth in the opportunistic list" in out

    def test_html(self, invoke, sample):
        out = self.run(invoke, "html")
        assert '">opp. #1</td><td><a href="https://github.com/acme/app/issues/2"' in out

    def test_csv(self, invoke, sample):
        import csv
        import io

        rows = {r["key"]: r for r in csv.DictReader(io.StringIO(self.run(invoke, "csv")))}
        assert (rows["acme/app#2"]["rank"], rows["acme/app#2"]["list"]) == ("1", "opportunistic")
        assert rows["acme/app#5"]["list"] == "unattributed"
