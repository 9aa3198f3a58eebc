"""Messages that no longer mislead (issue 16, defect 13)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from fakes.waiting import HANG_GUARD

CSV = "id,name,industry,github_logins\nacme,Acme,saas,alice\n"


def icp(extra: str = "", *, criteria_key: str = "criteria", profile_key: str = "profile") -> str:
    return (
        f"{profile_key}:\n  {criteria_key}:\n    - {{attribute: industry, in: [saas], weight: 1}}\n"
        f"accounts: accounts.csv\n{extra}"
    )


def write(tmp_path, config: str, accounts: str | bytes = CSV) -> None:
    (tmp_path / "icp.yml").write_text(config)
    path = tmp_path / "accounts.csv"
    path.write_bytes(accounts) if isinstance(accounts, bytes) else path.write_text(accounts)


class TestConfigMessages:
    @pytest.mark.parametrize(
        ("config", "expected"),
        [
            (
                icp(criteria_key="critera"),
                "icp.yml: profile.critera: unknown key 'critera' (did you mean 'criteria'?) (line 2)",
            ),
            (
                icp(profile_key="profle"),
                "icp.yml: profle: unknown key 'profle' (did you mean 'profile'?) (line 1)",
            ),
        ],
        ids=["section", "top-level"],
    )
    def test_a_misspelt_section_says_did_you_mean_on_its_line(self, invoke, tmp_path, config, expected):
        write(tmp_path, config)
        result = invoke("check")
        assert result.exit_code == 2
        assert expected in result.stderr

    def test_a_tagging_prefix_error_shows_no_regex(self, invoke, tmp_path):
        write(tmp_path, icp('tagging: {prefix: "icp triage!"}\n'))
        result = invoke("check")
        assert result.exit_code == 2
        assert "tagging.prefix: use only letters, digits, '_', '.' and '-'" in result.stderr
        assert "got ' ', '!'" in result.stderr
        assert "^[" not in result.stderr and "pattern" not in result.stderr


class TestFileHints:
    def test_excels_sep_line(self, invoke, tmp_path):
        write(tmp_path, icp(), "sep=,\n" + CSV)
        result = invoke("check")
        assert result.exit_code == 2
        assert "its first line 'sep=,' is Excel's separator hint: delete that line" in result.stderr

    @pytest.mark.parametrize(
        ("encoding", "name"),
        [("utf-16", "little-endian"), ("utf-16-be", "big-endian"), ("utf-16-le", "little-endian")],
    )
    def test_utf16_is_named(self, invoke, tmp_path, encoding, name):
        write(tmp_path, icp(), CSV.encode(encoding))
        result = invoke("check")
        assert result.exit_code == 2
        assert f"accounts.csv: UTF-16 ({name}) text, not UTF-8" in result.stderr

    def test_input_dash_reads_standard_input(self, tmp_path):
        write(tmp_path, icp())
        requests = {"requests": [{"key": "a/b#1", "title": "SSO", "author": "alice"}]}
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from icp_triage.console import main; main()",
                "rank",
                "--input",
                "-",
                "--format",
                "json",
            ],
            input=json.dumps(requests),
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=HANG_GUARD,
        )
        assert done.returncode == 0, done.stderr
        assert [i["key"] for i in json.loads(done.stdout)["ranked"]] == ["a/b#1"]


class TestEffortLabels:
    def test_unusable_effort_labels_are_named(self, invoke, tmp_path):
        write(tmp_path, icp())
        labels = ["points:-5", "points:abc", "points:1e999"]
        requests = [
            {"key": f"a/b#{n}", "author": "alice", "labels": [label]} for n, label in enumerate(labels, 1)
        ]
        requests.append({"key": "a/b#9", "author": "alice", "estimate": 3})
        (tmp_path / "r.json").write_text(json.dumps({"requests": requests}))
        result = invoke("rank", "--input", "r.json", "--format", "json")
        assert result.exit_code == 0, result.output
        assert (
            "Warning: effort labels that state no usable effort: 'points:-5', 'points:abc', 'points:1e999'; "
            "the median effort stands in for them" in result.stderr
        )


class TestEscapesInMessages:
    """An error or warning that quotes a key, title or cell from an untrusted file must not
    pass its escape sequences to the terminal (``ESC ]52`` writes the reader's clipboard,
    ``ESC ]0`` retitles the window); click strips colour codes in a pipe, but not these."""

    KEY = "acme/app#1\x1b]52;c;eA==\x07\u202e"  # close enough to be suggested

    def test_an_error_quoting_a_key_prints_no_control_character(self, invoke, tmp_path):
        write(tmp_path, icp())
        (tmp_path / "requests.json").write_text(
            json.dumps({"requests": [{"key": self.KEY, "title": "t", "author": "alice"}]})
        )
        result = invoke(
            "explain",
            "acme/app#1",
            "--config",
            str(tmp_path / "icp.yml"),
            "--input",
            str(tmp_path / "requests.json"),
        )
        assert result.exit_code == 2
        assert "did you mean acme/app#1" in result.stderr  # the key is still named
        assert not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0 for c in result.stderr)
        assert "\u202e" not in result.stderr
