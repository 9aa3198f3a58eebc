"""Workspace goes through the tracker seam only: driven here by the in-memory fake tracker,
with no HTTP, as the real adapters are driven by their local fake servers."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakes.tracker import fake_tracker
from icp_triage.core.backlog import Backlog
from icp_triage.core.models import RawRequest
from icp_triage.workspace import Workspace, open_workspace

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
def workspace(tmp_path: Path) -> Workspace:
    (tmp_path / "icp.yml").write_text(CONFIG)
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    return open_workspace(tmp_path / "icp.yml", env={})


def issue(number: int, author: str, labels: tuple[str, ...] = ()) -> RawRequest:
    return RawRequest(key=f"acme/app#{number}", title=f"Issue {number}", author=author, labels=list(labels))


class TestTagThroughTheSeam:
    def test_backlog_gets_its_labels_and_a_second_run_writes_nothing(self, workspace):
        tracker, source, _ = fake_tracker(
            issue(1, "alice"), issue(2, "bob", ("icp:core", "bug")), issue(3, "x")
        )
        workspace.tracker = tracker
        run = workspace.tag_backlog(None, env={})
        assert run.issues == ["acme/app#1", "acme/app#2", "acme/app#3"]
        assert source.issues["acme/app#1"].labels == ["icp:core", "icp-fit:A"]
        assert source.issues["acme/app#2"].labels == ["bug", "icp:opportunistic", "icp-fit:D"]
        assert source.issues["acme/app#3"].labels == ["icp:unattributed"]
        assert run.touched == 3
        again = workspace.tag_backlog(None, env={})
        assert again.writes == [] and again.touched == 0

    def test_dry_run_echoes_and_changes_nothing(self, workspace):
        tracker, source, _ = fake_tracker(issue(1, "alice"))
        workspace.tracker = tracker
        lines: list[str] = []
        run = workspace.tag_backlog(None, env={}, dry_run=True, echo=lines.append)
        assert run.dry_run and lines == [w.describe() for w in run.writes] and len(lines) == 3
        assert source.issues["acme/app#1"].labels == []

    def test_one_issue_is_read_once_and_no_backlog_is_read(self, workspace):
        tracker, source, _ = fake_tracker(issue(1, "alice"), issue(2, "bob"))
        workspace.tracker = tracker
        run = workspace.tag_issue("acme/app#2", env={})
        assert (source.reads, source.backlog_reads) == (1, 0)
        assert run.issues == ["acme/app#2"] and source.issues["acme/app#1"].labels == []
        assert run.requests == source.reads + len(run.writes)

    def test_only_names_an_issue_outside_the_backlog(self, workspace):
        tracker, _, _ = fake_tracker(issue(1, "alice"))
        workspace.tracker = tracker
        from icp_triage.errors import DataError

        with pytest.raises(DataError, match="acme/app#9: not in the configured fake tracker backlog"):
            workspace.tag_backlog(None, env={}, only="acme/app#9")


class _CountingList(list):
    """A list that counts how often it is walked."""

    walks = 0

    def __iter__(self):
        _CountingList.walks += 1
        return super().__iter__()


def test_tagging_10000_issues_walks_the_backlog_a_constant_number_of_times(workspace, monkeypatch):
    """``tag`` finds each request's ranked item by key: a per-request scan of the backlog's
    lists would walk them 10,000 times (quadratic in the backlog)."""
    issues = [issue(n, ("alice", "bob", "nobody")[n % 3]) for n in range(1, 10_001)]
    tracker, _, _ = fake_tracker(*issues)
    workspace.tracker = tracker
    ranked = Workspace.rank

    def counted_rank(self, requests, **kwargs) -> Backlog:
        backlog = ranked(self, requests, **kwargs)
        backlog.ranked = _CountingList(backlog.ranked)
        backlog.opportunistic = _CountingList(backlog.opportunistic)
        backlog.unattributed = _CountingList(backlog.unattributed)
        _CountingList.walks = 0
        return backlog

    monkeypatch.setattr(Workspace, "rank", counted_rank)
    run = workspace.tag_backlog(None, env={}, dry_run=True)
    assert len(run.issues) == 10_000 and len(run.writes) == 10_000 * 3 - 3_333
    assert _CountingList.walks <= 3  # the key index is built once, one walk per list
