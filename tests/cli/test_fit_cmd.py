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
        assert line.split()[-2:] == ["clear", "0"]  # fit's words

    def test_fit_and_explain_write_a_number_alike(self, invoke, sample):
        """Issue 17: ``fit`` printed "120,000" where ``explain`` printed "120000.0"."""
        config = sample / "icp.yml"
        text = config.read_text().replace(
            "    - {attribute: tech_stack, any_of: [aws, gcp], weight: 1}\n",
            "    - {attribute: tech_stack, any_of: [aws, gcp], weight: 1}\n"
            "    - {attribute: arr, range: {min: 50000}, weight: 1}\n",
        )
        config.write_text(text)
        fitted = invoke("fit", "acme")
        assert re.search(r"^\s*arr\s+>= 50000\s+120,000\s+met\s", fitted.stdout, re.M), fitted.stdout
        for fmt in ("table", "markdown", "html"):
            explained = invoke("explain", "acme/app#3", "--format", fmt)
            assert explained.exit_code == 0, explained.output
            shown = re.sub(r'data-v="[^"]*"', "", explained.stdout)  # HTML's sort keys stay raw
            assert "120,000" in shown and "120000.0" not in shown, fmt

    def test_explain_markdown_words_anti_results_as_fit_does(self, invoke, sample):
        explained = invoke("explain", "acme/app#3", "--format", "markdown")
        assert explained.exit_code == 0, explained.output
        rows = [x for x in explained.stdout.splitlines() if x.startswith("| anti: churn\\_risk")]
        assert [row.split(" | ")[-3:] for row in rows] == [["low", "clear", "0 |"], ["\\-", "unknown", "0 |"]]
