"""Smaller defects from hostile testing (issue 16, defect 14)."""

from __future__ import annotations

import json
import os

ICP = """\
profile:
  criteria:
    - {attribute: industry, in: [saas], weight: 3}
accounts: accounts.csv
"""
CSV = "id,name,industry,github_logins\nacme,Acme,saas,alice\n"


def setup(tmp_path, requests: list) -> None:
    (tmp_path / "icp.yml").write_text(ICP)
    (tmp_path / "accounts.csv").write_text(CSV)
    (tmp_path / "r.json").write_text(json.dumps({"requests": requests}))


class TestInit:
    def test_init_does_not_write_through_a_dangling_symlink(self, invoke, tmp_path):
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        project = tmp_path / "project"
        project.mkdir()
        os.symlink(elsewhere / "planted.yml", project / "icp.yml")
        for args in (("init", str(project)), ("init", str(project), "--force")):
            result = invoke(*args)
            assert result.exit_code == 2, result.output
            assert "a symbolic link to a file that does not exist" in result.stderr
        assert not (elsewhere / "planted.yml").exists()


class TestHtmlIsInert:
    def test_control_and_bidi_characters_are_dropped_as_in_the_table(self, invoke, tmp_path):
        title = "SSO\u202egnp.exe\u202c \x1b[2J\x07 bell"
        setup(tmp_path, [{"key": "a/b#1", "title": title, "author": "alice"}])
        result = invoke("rank", "--input", "r.json", "--format", "html")
        assert result.exit_code == 0, result.output
        for raw in ("\u202e", "\u202c", "\x1b", "\x07"):
            assert raw not in result.stdout
        assert "SSOgnp.exe [2J bell" in result.stdout


class TestExplain:
    def test_a_huge_title_is_cut_in_the_terminal(self, invoke, tmp_path):
        setup(tmp_path, [{"key": "a/b#1", "title": "x" * 10_000_000, "author": "alice"}])
        result = invoke("explain", "a/b#1", "--input", "r.json")
        assert result.exit_code == 0, result.output
        assert len(result.stdout) < 20_000
        assert result.stdout.count("x") == 499 and "…" in result.stdout


class TestTiesInNumberOrder:
    def test_issue_numbers_sort_as_numbers(self, invoke, tmp_path):
        requests = [{"key": f"o/r#{n}", "title": "t", "author": "alice"} for n in (10, 2, 1, 100)]
        requests += [{"key": f"o/r#{n}", "title": "t"} for n in (30, 4)]
        setup(tmp_path, requests)
        result = invoke("rank", "--input", "r.json", "--format", "json")
        data = json.loads(result.stdout)
        assert [i["key"] for i in data["ranked"]] == ["o/r#1", "o/r#2", "o/r#10", "o/r#100"]
        assert [i["key"] for i in data["unattributed"]] == ["o/r#4", "o/r#30"]
