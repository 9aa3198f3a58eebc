"""``explain '#N'`` says what #N means, and ``explain --rank N`` explains by rank (issue 16, defect 15)."""

from __future__ import annotations

import json


class TestExplainByRank:
    def test_rank_n_explains_the_request_ranked_n(self, invoke, sample):
        ranked = json.loads(invoke("rank", "--format", "json").stdout)["ranked"]
        for place in (1, len(ranked)):
            result = invoke("explain", "--rank", str(place), "--format", "json")
            assert result.exit_code == 0, result.output
            assert json.loads(result.stdout)["key"] == ranked[place - 1]["key"]

    def test_a_rank_past_the_end(self, invoke, sample):
        result = invoke("explain", "--rank", "999")
        assert result.exit_code == 2
        assert "explain --rank 999: the ranked backlog holds 5 requests" in result.stderr

    def test_key_or_rank_one_of_the_two(self, invoke, sample):
        for args in ((), ("acme/app#1", "--rank", "1")):
            result = invoke("explain", *args)
            assert result.exit_code == 2
            assert "give the request's KEY or --rank N, one of the two" in result.output

    def test_hash_n_that_is_no_issue_number_points_to_rank(self, invoke, sample):
        result = invoke("explain", "#77")
        assert result.exit_code == 2
        assert "#77 is an issue number (as in owner/repo#77), not a rank" in result.stderr
        assert "`icp-triage explain --rank 77`" in result.stderr

    def test_the_help_says_what_hash_n_means(self, invoke):
        result = invoke("explain", "--help")
        assert "--rank" in result.stdout and "not a rank" in result.stdout
