"""``icp-triage fit ACCOUNT``: the points of each criterion and anti signal, as explain shows them."""

from __future__ import annotations

import re


def anti_rows(output: str) -> dict[str, list[str]]:
    """``{attribute: [result, points]}`` for the anti rows of the fit table."""
    rows = {}
    for line in output.splitlines():
        found = re.match(r"\s*anti: (\S+)\s.*\s(clear|triggered|unknown)\s+(\S+)\s*$", line)
        if found:
            rows[found.group(1)] = [found.group(2), found.group(3)]
    return rows


class TestFitTable:
    def test_a_clear_anti_signal_costs_no_points(self, invoke, sample):
        result = invoke("fit", "acme")
        assert result.exit_code == 0, result.output
        assert anti_rows(result.stdout) == {
            "churn_risk": ["clear", "0"],
            "support_tickets_90d": ["clear", "0"],
        }

    def test_a_fired_anti_signal_shows_its_effect(self, invoke, sample):
        result = invoke("fit", "hooli")
        assert result.exit_code == 0, result.output
        assert anti_rows(result.stdout) == {
            "churn_risk": ["clear", "0"],
            "support_tickets_90d": ["triggered", "disqualifies"],
        }

    def test_fit_and_explain_agree_on_a_clear_signal(self, invoke, sample):
        explained = invoke("explain", "acme/app#3")
        assert explained.exit_code == 0, explained.output
        line = next(x for x in explained.stdout.splitlines() if "anti: churn_risk" in x and "low" in x)
        assert [cell.strip() for cell in line.split("│")][-2:] == ["clear", "0"]  # fit's words

    def test_explain_markdown_words_anti_results_as_fit_does(self, invoke, sample):
        explained = invoke("explain", "acme/app#3", "--format", "markdown")
        assert explained.exit_code == 0, explained.output
        rows = [x for x in explained.stdout.splitlines() if x.startswith("| anti: churn\\_risk")]
        assert [row.split(" | ")[-3:] for row in rows] == [["low", "clear", "0 |"], ["\\-", "unknown", "0 |"]]
