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
