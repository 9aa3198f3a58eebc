"""``--output`` never overwrites what the command read, nor invents folders (issue 16, defects 3, 14)."""

from __future__ import annotations

import os

import pytest

COMMANDS = {
    "accounts": ("accounts", "--format", "csv"),
    "rank": ("rank", "--format", "json"),
    "rank-input": ("rank", "--input", "requests.json", "--format", "json"),
    "plan": ("plan", "--capacity", "5", "--format", "json"),
    "explain": ("explain", "acme/app#1", "--format", "json"),
    "fit": ("fit", "globex", "--format", "json"),
}


def _assert_refused(result, target: str, before: bytes, path) -> None:
    assert result.exit_code == 2, result.output
    assert "--output names a file this command reads" in result.stderr
    assert target in result.stderr
    assert path.read_bytes() == before
    assert "Traceback" not in result.output


class TestOutputOverInputs:
    @pytest.mark.parametrize("command", list(COMMANDS))
    @pytest.mark.parametrize("target", ["icp.yml", "accounts.csv", "requests.json"])
    def test_every_input_is_refused(self, invoke, sample, command, target):
        if command in ("fit", "accounts") and target == "requests.json":
            pytest.skip("this command does not read that file")
        before = (sample / target).read_bytes()
        result = invoke(*COMMANDS[command], "--output", target)
        _assert_refused(result, target, before, sample / target)

    def test_through_a_symlink_and_another_spelling(self, invoke, sample):
        os.symlink(sample / "accounts.csv", sample / "report.csv")
        before = (sample / "accounts.csv").read_bytes()
        result = invoke("accounts", "--format", "csv", "--output", "report.csv")
        _assert_refused(result, "accounts.csv", before, sample / "accounts.csv")
        result = invoke("accounts", "--format", "csv", "--output", f"../{sample.name}/./accounts.csv")
        _assert_refused(result, "accounts.csv", before, sample / "accounts.csv")

    def test_through_a_hard_link(self, invoke, sample):
        os.link(sample / "requests.json", sample / "copy.json")
        before = (sample / "requests.json").read_bytes()
        result = invoke("rank", "--format", "json", "--output", "copy.json")
        _assert_refused(result, "requests.json", before, sample / "requests.json")

    def test_another_file_is_written(self, invoke, sample):
        result = invoke("accounts", "--format", "csv", "--output", "report.csv")
        assert result.exit_code == 0, result.output
        assert (sample / "report.csv").read_text().startswith("id,")


class TestOutputFolder:
    def test_a_missing_folder_is_refused_not_created(self, invoke, sample):
        result = invoke("rank", "--format", "json", "--output", "nowhere/report.json")
        assert result.exit_code == 2, result.output
        assert "the folder nowhere does not exist" in result.stderr
        assert not (sample / "nowhere").exists()
