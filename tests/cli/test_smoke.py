from __future__ import annotations

import json

from icp_triage import __version__


class TestVersion:
    def test_prints_version(self, invoke):
        result = invoke("--version")
        assert result.exit_code == 0
        assert result.output.startswith(f"icp-triage {__version__}")


class TestInitThenRank:
    def test_init_writes_starter_and_refuses_overwrite(self, invoke, tmp_path):
        first = invoke("init")
        assert first.exit_code == 0
        assert (tmp_path / "icp.yml").is_file()
        again = invoke("init")
        assert again.exit_code == 2
        assert "--force" in again.output

    def test_check_right_after_init_names_the_next_step_once(self, invoke, tmp_path):
        """Before: one warning per criterion ("no account meets ...") for a file that is
        empty by design; now the one thing to do next."""
        invoke("init")
        result = invoke("check")
        assert result.exit_code == 0, result.output
        assert "No accounts yet: fill accounts.csv from your CRM" in result.stdout
        assert "Warning" not in result.stderr

    def test_rank_right_after_init_says_where_requests_come_from(self, invoke, tmp_path):
        invoke("init")
        result = invoke("rank")
        assert result.exit_code == 2
        assert "requests.json: file not found; " in result.stderr
        assert "(docs/reference/files.md), set source: github or jira, or pass --input FILE" in result.stderr

    def test_rank_json_from_a_request_file(self, invoke, tmp_path):
        invoke("init")
        with (tmp_path / "accounts.csv").open("a") as f:
            f.write('acme,"Acme, Inc.",acme.io,alice,,,"$120k",saas,300,eu,aws,low\n')
        (tmp_path / "requests.json").write_text(
            json.dumps({"requests": [{"key": "o/r#1", "title": "SSO", "author": "alice"}]})
        )
        result = invoke("rank", "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert [i["key"] for i in data["ranked"]] == ["o/r#1"]
        assert data["ranked"][0]["accounts"][0]["id"] == "acme"


class TestWeightByArrWithoutArr:
    """Under weight_by: arr with no ARR anywhere there is no median: the ranking counts
    accounts, says so, and no report shows dollar amounts that are really counts."""

    def without_arr(self, folder):
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO((folder / "accounts.csv").read_text())))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({**row, "arr": ""} for row in rows)
        (folder / "accounts.csv").write_text(out.getvalue())

    def test_rank_counts_accounts_and_warns(self, invoke, sample):
        self.without_arr(sample)
        result = invoke("rank", "--format", "json")
        assert result.exit_code == 0, result.output
        for item in json.loads(result.stdout)["ranked"]:  # each account worth 1: demand = strengths
            assert item["demand"] == sum(a["strength"] for a in item["accounts"])
        assert "no account has an ARR" in result.stderr
        table = invoke("rank")
        assert "$" not in table.stdout
        assert "Warning: ranking: {weight_by: arr}, but no account has an ARR" in table.stderr

    def test_check_warns(self, invoke, sample):
        self.without_arr(sample)
        result = invoke("check")
        assert result.exit_code == 0
        assert "no account has an ARR" in result.stderr

    def test_with_arr_nothing_is_said(self, invoke, sample):
        result = invoke("rank", "--format", "json")
        assert json.loads(result.stdout)["ranked"][0]["demand"] > 1000  # dollars of ARR
        assert "ARR" not in result.stderr
