"""`icp-triage explain KEY`: the numbers equal rank's, every format works, errors are one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


class TestExplain:
    def test_json_numbers_equal_rank_json(self, invoke, sample):
        ranked = json.loads(invoke("rank", "--format", "json").stdout)
        items = ranked["ranked"] + ranked["opportunistic"]
        assert len(items) == 6
        for item in items:
            result = invoke("explain", item["key"], "--format", "json")
            assert result.exit_code == 0, result.output
            data = json.loads(result.stdout)
            for name in ("icp_value", "demand", "icp_share", "off_icp_demand", "class", "rank", "effort"):
                assert data[name] == item[name], (item["key"], name)
            assert [(a["id"], a["tier"], a["fit"], a["signal"], a["strength"]) for a in data["accounts"]] == [
                (a["id"], a["tier"], a["fit"], a["signal"], a["strength"]) for a in item["accounts"]
            ]
            assert sum(a["value"] for a in data["accounts"]) == pytest.approx(item["icp_value"], abs=1e-3)

    def test_table_shows_accounts_signals_and_arithmetic(self, invoke, sample):
        result = invoke("explain", "acme/app#3")
        assert result.exit_code == 0
        out = result.stdout
        # umbrella's fit is unknown, so acme (A) is the whole known demand: icp-core (issue 12)
        assert out.startswith("acme/app#3: #1 in the ranked backlog, #2 by raw demand; class icp-core\n")
        assert "unknown_fit: umbrella lacks industry, employees, tech_stack" in out
        for text in ("Acme, Inc.", "Requested-by", "worth*: ARR unknown", "Fit of umbrella"):
            assert text in out
        assert (
            "icp_value: Σ demand \u00d7 fit/100 (unknown fit counts 0.5) = $120.0k \u00d7 1 (acme) + " in out
        )

    def test_unattributed_request(self, invoke, sample):
        result = invoke("explain", "acme/app#5", "--format", "json")
        data = json.loads(result.stdout)
        assert data["class"] == "unattributed" and data["accounts"] == []
        assert {s["kind"] for s in data["unattributed_signals"]} == {"author", "trailer"}

    @pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "html"])
    def test_every_format_to_a_file(self, invoke, sample, fmt):
        (sample / "out").mkdir()  # --output does not create folders (issue 16, defect 14)
        result = invoke("explain", "#1", "--format", fmt, "--output", f"out/explain.{fmt}")
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        written = (sample / "out" / f"explain.{fmt}").read_text()
        assert "acme/app#1" in written
        assert result.stderr.startswith(f"Wrote out/explain.{fmt} (")

    def test_unknown_key_is_one_error_line(self, invoke, sample):
        result = invoke("explain", "acme/app#99")
        assert result.exit_code == 2
        assert result.stderr == (
            "Error: explain acme/app#99: no request has this key; did you mean acme/app#1, acme/app#2, "
            "acme/app#3, acme/app#4, acme/app#5? (`icp-triage rank` lists them)\n"
        )


def add_request(sample, request: dict) -> Path:
    """The sample with one more request in its requests.json."""
    path = sample / "requests.json"
    data = json.loads(path.read_text("utf-8"))
    data["requests"].append(request)
    path.write_text(json.dumps(data), "utf-8")
    return sample


class TestDuplicateSignals:
    """The same Requested-by line twice: one signal counts, and explain's sums equal rank's."""

    @pytest.fixture
    def twice(self, sample):
        request = {"key": "acme/app#99", "title": "Twice asked", "author": "stranger"}
        return add_request(sample, {**request, "body": "Requested-by: Globex\nRequested-by: Globex"})

    def test_csv_counts_one_and_adds_up_to_rank(self, invoke, twice):
        import csv
        import io

        ranked = json.loads(invoke("rank", "--format", "json").stdout)
        (item,) = [i for i in ranked["ranked"] + ranked["opportunistic"] if i["key"] == "acme/app#99"]
        rows = list(csv.DictReader(io.StringIO(invoke("explain", "acme/app#99", "--format", "csv").stdout)))
        rows = [r for r in rows if r["account_id"] == "globex"]  # not the author, a stranger
        assert [r["counted"] for r in rows] == ["true", "false"]
        assert sum(float(r["demand"]) for r in rows) == pytest.approx(item["demand"])
        assert rows[1]["reason"] == "an account counts once: another signal from it, as strong, counts"

    def test_json_marks_one_signal_counted(self, invoke, twice):
        data = json.loads(invoke("explain", "acme/app#99", "--format", "json").stdout)
        (globex,) = data["accounts"]
        assert [s["counted"] for s in globex["signals"]] == [True, False]

    def test_table_lists_the_duplicate_as_also_seen(self, invoke, twice):
        out = invoke("explain", "acme/app#99").stdout
        assert "Also seen (an account counts once, at its strongest signal):\n  globex: trailer" in out


class TestDuplicateRequests:
    """A request marked as a duplicate of acme/app#3: not ranked, its +1 by carol (Initech)
    counted on #3, and explain says where each signal came from."""

    @pytest.fixture
    def marked(self, sample):
        return add_request(
            sample,
            {
                "key": "acme/app#212",
                "reactions": [{"user": "carol", "content": "+1"}],
                "duplicate_of": {"key": "acme/app#3", "by": "github-mark"},
            },
        )

    def test_the_duplicate_is_not_ranked_and_its_signal_counts_on_the_original(self, invoke, marked):
        ranked = json.loads(invoke("rank", "--format", "json").stdout)
        keys = [i["key"] for i in ranked["ranked"] + ranked["opportunistic"] + ranked["unattributed"]]
        assert "acme/app#212" not in keys
        (original,) = [i for i in ranked["ranked"] + ranked["opportunistic"] if i["key"] == "acme/app#3"]
        assert "initech" in [a["id"] for a in original["accounts"]]
        out = invoke("explain", "acme/app#3").stdout
        assert "+1 by @carol on #212, a duplicate of #3" in out

    def test_explaining_the_duplicate_points_at_its_original(self, invoke, marked):
        result = invoke("explain", "acme/app#212")
        assert result.exit_code == 2
        assert result.stderr == (
            "Error: explain acme/app#212: a duplicate of acme/app#3, where its signals count: "
            "`icp-triage explain acme/app#3`\n"
        )
