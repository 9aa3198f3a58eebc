"""``--top N`` means one thing in every format: the first N of each list, and a note of the cut."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

RULE = "--top 3 keeps the first 3 of each list in every format"
COUNTS = "of 74 ranked, 27 opportunistic, 4 of unknown fit and 14 unattributed requests in all"


@pytest.fixture
def demo(invoke, tmp_path: Path):
    """``icp-triage rank`` in a folder holding the demo's files (74, 27, 4 of unknown fit and 14 requests)."""
    assert invoke("demo", "--write", ".").exit_code == 0

    def rank(*args: str):
        result = invoke("rank", *args)
        assert result.exit_code == 0, result.output
        return result

    return rank


class TestTopInEveryFormat:
    def test_json_keeps_three_of_each_list_and_says_so_on_stderr(self, demo):
        result = demo("--top", "3", "--format", "json")
        data = json.loads(result.stdout)
        assert list(data) == ["profile", "ranked", "opportunistic", "unknown_fit", "unattributed"]
        assert [len(data[k]) for k in ("ranked", "opportunistic", "unknown_fit", "unattributed")] == [
            3,
            3,
            3,
            3,
        ]
        assert result.stderr == f"Note: {RULE}: {COUNTS}.\n"

    def test_csv_keeps_three_of_each_list_and_says_so_on_stderr(self, demo):
        result = demo("--top", "3", "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        lists = [row[next(iter(row))] for row in rows]  # the first column names the list
        assert lists == ["ranked"] * 3 + ["opportunistic"] * 3 + ["unknown-fit"] * 3 + ["unattributed"] * 3
        assert result.stderr == f"Note: {RULE}: {COUNTS}.\n"

    def test_markdown_keeps_three_of_each_list_with_a_note_per_list(self, demo):
        text = demo("--top", "3", "--format", "markdown").stdout
        assert f"_Showing 3 of 74 ranked requests: {RULE}._" in text
        assert f"_Showing 3 of 27 opportunistic requests: {RULE}._" in text
        assert f"_Showing 3 of 4 unknown-fit requests: {RULE}._" in text
        assert f"- _and 11 more: {RULE}_" in text
        unattributed = text.split("### Unattributed", 1)[1].split("</details>", 1)[0]
        assert len(re.findall(r"^- \[", unattributed, re.MULTILINE)) == 3

    def test_html_keeps_three_of_each_list_with_a_note_per_list(self, demo):
        text = demo("--top", "3", "--format", "html").stdout
        for total, noun in ((74, "ranked"), (27, "opportunistic"), (4, "unknown-fit"), (14, "unattributed")):
            assert f"Showing the first 3 of {total} {noun} requests: {RULE}." in text

    def test_table_keeps_three_of_each_list_with_a_caption_per_list(self, demo):
        text = demo("--top", "3").stdout
        for total in (74, 27, 4, 14):
            assert f"first 3 of {total}: {RULE}" in text

    def test_without_top_json_and_csv_hold_everything_and_say_nothing(self, demo):
        result = demo("--format", "json")
        data = json.loads(result.stdout)
        assert [len(data[k]) for k in ("ranked", "opportunistic", "unknown_fit", "unattributed")] == [
            74,
            27,
            4,
            14,
        ]
        assert result.stderr == ""
        rows = demo("--format", "csv").stdout.strip().splitlines()
        assert len(rows) == 1 + 74 + 27 + 4 + 14

    def test_a_top_that_cuts_nothing_notes_nothing(self, demo):
        result = demo("--top", "100", "--format", "json")
        assert result.stderr == ""


class TestTopIsDocumentedAlike:
    def test_help_states_the_rule(self, invoke):
        text = " ".join(invoke("rank", "--help").output.split())
        assert "Keep the first N of each list (ranked, opportunistic, unattributed) in every format" in text
        assert "Without it, JSON and CSV hold everything." in text

    def test_the_guide_states_the_rule(self):
        readme = (Path(__file__).resolve().parents[2] / "docs" / "guides" / "pm.md").read_text(
            encoding="utf-8"
        )
        assert "`--top N` keeps the first N of each list in every format" in readme
        assert "always hold everything" not in readme
