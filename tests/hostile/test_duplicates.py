"""The same issue is never counted twice: repositories and keys compare as GitHub compares
them (issue 16, defect 5)."""

from __future__ import annotations

import json

import pytest

ICP = """\
profile:
  criteria:
    - {attribute: industry, in: [saas], weight: 3}
accounts: accounts.csv
"""
CSV = "id,name,industry,github_logins\nacme,Acme,saas,alice\n"


def setup(tmp_path, icp: str = ICP, requests: list | None = None) -> None:
    (tmp_path / "icp.yml").write_text(icp)
    (tmp_path / "accounts.csv").write_text(CSV)
    if requests is not None:
        (tmp_path / "r.json").write_text(json.dumps({"requests": requests}))


class TestRepositories:
    @pytest.mark.parametrize(
        ("github", "shown"),
        [
            ("{repos: [acme/app, acme/app]}", "repository 'acme/app' is given twice"),
            ("{repos: [acme/app, Acme/App]}", "repository 'Acme/App' is given twice (as 'acme/app' too"),
            ("{repo: acme/app, repos: [ACME/app]}", "repository 'ACME/app' is given twice"),
            ("{repos: [acme/app, 'acme/app ']}", "repository 'acme/app ' must look like owner/name"),
        ],
    )
    def test_a_repository_given_twice_is_refused(self, invoke, tmp_path, github, shown):
        setup(tmp_path, ICP + f"source:\n  github: {github}\n")
        result = invoke("check")
        assert result.exit_code == 2, result.output
        assert shown in result.stderr


class TestRequestKeys:
    @pytest.mark.parametrize("second", ["a/b#1", "A/B#1", "a/b#1 ", " A/b#1"])
    def test_the_same_key_spelt_differently_is_refused(self, invoke, tmp_path, second):
        setup(tmp_path, requests=[{"key": "a/b#1", "author": "alice"}, {"key": second, "author": "alice"}])
        result = invoke("rank", "--input", "r.json")
        assert result.exit_code == 2, result.output
        assert (
            f"r.json: requests[1].key: duplicate key '{second.strip()}' (first at requests[0]"
            in result.stderr
        )

    def test_a_key_is_trimmed(self, invoke, tmp_path):
        setup(tmp_path, requests=[{"key": " a/b#1 ", "author": "alice"}])
        result = invoke("rank", "--input", "r.json", "--format", "json")
        assert result.exit_code == 0, result.output
        assert [i["key"] for i in json.loads(result.stdout)["ranked"]] == ["a/b#1"]

    def test_the_slow_path_trims_too(self, invoke, tmp_path):
        setup(tmp_path, requests=[{"key": "a/b#1 ", "author": "alice", "estimate": "2"}])
        result = invoke("rank", "--input", "r.json", "--format", "json")
        assert result.exit_code == 0, result.output
        assert [i["key"] for i in json.loads(result.stdout)["ranked"]] == ["a/b#1"]

    def test_a_key_of_spaces_is_refused(self, invoke, tmp_path):
        setup(tmp_path, requests=[{"key": "   ", "author": "alice"}])
        result = invoke("rank", "--input", "r.json")
        assert result.exit_code == 2, result.output
        assert "requests[0].key" in result.stderr
