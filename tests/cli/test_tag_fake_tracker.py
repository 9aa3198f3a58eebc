"""``icp-triage tag`` end to end on an in-memory tracker (tests/fakes/tracker.py), no HTTP:
the command reaches a tracker only through the seam, so any tracker behind it works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fakes.tracker import fake_tracker
from icp_triage.cli.options import TrackerWiring
from icp_triage.core.models import RawRequest

CONFIG = """\
profile:
  name: Test
  version: "1"
  criteria:
    - {attribute: industry, in: [saas], weight: 1}
accounts: accounts.csv
source:
  github: {repo: acme/app}
"""
ACCOUNTS = "id,name,github_logins,industry\nacme,Acme,alice,saas\nbig,Big,bob,mining\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "icp.yml").write_text(CONFIG)
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    return tmp_path


def test_tag_writes_then_finds_nothing_to_do(project, invoke):
    tracker, source, _ = fake_tracker(
        RawRequest(key="acme/app#1", author="alice"), RawRequest(key="acme/app#2", author="bob")
    )
    first = invoke("tag", obj=TrackerWiring(tracker=tracker))
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[-1] == (
        "Tagged 2 issue(s): 6 write(s) on 2, 0 already up to date (7 fake tracker request(s) in all)."
    )
    assert source.issues["acme/app#1"].labels == ["icp:core", "icp-fit:A"]
    assert source.issues["acme/app#2"].labels == ["icp:opportunistic", "icp-fit:D"]
    again = invoke("tag", obj=TrackerWiring(tracker=tracker))
    assert again.stdout.splitlines()[-1].startswith(
        "Tagged 2 issue(s): 0 write(s) on 0, 2 already up to date"
    )


def test_dry_run_prints_each_write_and_makes_none(project, invoke):
    tracker, source, _ = fake_tracker(RawRequest(key="acme/app#1", author="alice"))
    result = invoke("tag", "--dry-run", obj=TrackerWiring(tracker=tracker))
    assert result.exit_code == 0, result.output
    assert "acme/app#1: add_label icp:core" in result.stdout
    assert (
        result.stdout.splitlines()[-1] == "Dry run: 3 planned write(s) on 1 of 1 issue(s); nothing written."
    )
    assert source.issues["acme/app#1"].labels == []


def test_rank_reads_the_backlog_through_the_tracker(project, invoke):
    tracker, source, _ = fake_tracker(RawRequest(key="acme/app#7", author="alice"))
    result = invoke("rank", "--format", "json", obj=TrackerWiring(tracker=tracker))
    assert result.exit_code == 0, result.output
    assert '"key": "acme/app#7"' in result.stdout and source.backlog_reads == 1


def test_dry_run_shows_planned_comments_without_escape_sequences(project, invoke):
    """Under ``disclose: full`` the planned comment names accounts, whose names come from a
    CRM export; shown in a terminal they must not carry escape sequences."""
    (project / "icp.yml").write_text(CONFIG + "tagging: {disclose: full}\n")
    (project / "accounts.csv").write_text(
        'id,name,github_logins,industry\nacme,"Acme\x1b]0;pwned\x07 Corp",alice,saas\n'
    )
    tracker, _, _ = fake_tracker(RawRequest(key="acme/app#1", author="alice"))
    result = invoke("tag", "--dry-run", obj=TrackerWiring(tracker=tracker))
    assert result.exit_code == 0, result.output
    assert "Acme" in result.stdout and "Corp" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def _with_a_duplicate() -> tuple:
    """acme/app#1 by bob (Big, mining: opportunistic alone) and its duplicate #2 by alice (Acme,
    saas): together 1 ICP account of 2, so #1 is mixed; #2 is never tagged."""
    duplicate = RawRequest.model_validate(
        {"key": "acme/app#2", "author": "alice", "duplicate_of": {"key": "acme/app#1", "by": "github-mark"}}
    )
    return fake_tracker(RawRequest(key="acme/app#1", author="bob"), duplicate)


def test_tag_counts_a_duplicate_on_its_original_and_never_tags_it(project, invoke):
    tracker, source, _ = _with_a_duplicate()
    result = invoke("tag", obj=TrackerWiring(tracker=tracker))
    assert result.exit_code == 0, result.output
    assert source.issues["acme/app#1"].labels == ["icp:mixed", "icp-fit:A"]
    assert source.issues["acme/app#2"].labels == []
    assert (
        "Counts the requesters of 1 duplicate of this request" in source.issues["acme/app#1"].comments[0].body
    )
    assert result.stdout.splitlines()[-1].startswith("Tagged 1 issue(s):")


def _export(project: Path, source) -> None:
    """The fake tracker's issues as a request file: ``tag --input`` ranks from it."""
    import json

    requests = [r.model_dump(mode="json", exclude_defaults=True) for r in source.issues.values()]
    (project / "requests.json").write_text(json.dumps({"requests": requests}))


def test_tag_only_from_a_file_ranks_the_original_with_its_duplicates(project, invoke):
    tracker, source, _ = _with_a_duplicate()
    _export(project, source)
    result = invoke(
        "tag", "--input", "requests.json", "--only", "acme/app#1", obj=TrackerWiring(tracker=tracker)
    )
    assert result.exit_code == 0, result.output
    assert source.issues["acme/app#1"].labels == ["icp:mixed", "icp-fit:A"]
    assert source.reads == 1  # the original, read fresh; never its duplicate


def test_tag_only_a_duplicate_names_its_original(project, invoke):
    tracker, source, _ = _with_a_duplicate()
    _export(project, source)
    result = invoke(
        "tag", "--input", "requests.json", "--only", "acme/app#2", obj=TrackerWiring(tracker=tracker)
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: acme/app#2: a duplicate of acme/app#1, not tagged itself: its demand counts on acme/app#1\n"
    )
    assert source.issues["acme/app#2"].labels == []


def test_a_dry_run_on_a_request_file_previews_offline_without_a_token(sample, invoke):
    """Issue 17: ``tag --dry-run --input requests.json`` failed "no GitHub token": a PM could
    not preview the labels and comments. With no token it plans from the file alone (its
    labels stand in for the issues'; each comment shows as new) and asks nothing of GitHub:
    no GITHUB_API_URL is set, so any request would go to github.com and fail here."""
    result = invoke(
        "tag",
        "--dry-run",
        "--input",
        str(sample / "requests.json"),
        env={"GITHUB_API_URL": "http://127.0.0.1:9"},
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Offline preview (no GitHub token)")
    assert "acme/app#3: add labels icp:" in out and "acme/app#3: create the icp-triage comment" in out
    assert "    <!-- icp-triage -->" in out
    assert re.search(r"Dry run: \d+ planned write\(s\) on \d+ of \d+ issue\(s\); nothing written\.", out)
