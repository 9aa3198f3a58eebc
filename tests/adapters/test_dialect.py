"""What each tracker's deliveries and keys say through the seam (``adapters.dialect``), and
what its selection answers without a request: the Action and the service rely on both."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from icp_triage.adapters.base import FileSelection, Resync
from icp_triage.adapters.dialect import Change, Ignored, Proposal, credentials_for, dialect_for
from icp_triage.adapters.github.selection import GithubSelection
from icp_triage.adapters.jira.sync import JiraSelection
from icp_triage.core.models import RawRequest
from icp_triage.errors import ConfigError, DataError

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "action"
REPO = "Codertocat/Hello-World"


def sample(name: str) -> dict[str, Any]:
    return json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def jira_payload(event: str = "jira:issue_updated", **issue: Any) -> dict[str, Any]:
    return {
        "webhookEvent": event,
        "issue": {"key": "ACME-12", "self": "https://Acme.atlassian.net/rest/api/2/issue/10012"} | issue,
    }


class TestGithubDeliveries:
    def test_an_issue_event_names_the_issue_and_what_changed(self):
        payload = sample("issues.labeled") | {"installation": {"id": 42}}
        change = dialect_for("github").change("issues", payload)
        assert isinstance(change, Change)
        assert (change.key, change.trigger, change.where) == (f"{REPO}#1", "issues.labeled", REPO)
        assert change.label == payload["label"]["name"] and change.installation == 42
        assert change.request is not None and change.request.key == change.key
        assert change.request.labels == [x["name"] for x in payload["issue"]["labels"]]

    def test_our_own_comment_and_label_come_back_as_our_own(self):
        payload = sample("issue_comment.created")
        payload["comment"]["body"] = "<!-- icp-triage -->\nicp-core"
        payload["comment"]["user"] = {"login": "icp-triage[bot]", "type": "Bot"}  # the App wrote it
        change = dialect_for("github").change("issue_comment", payload)
        assert isinstance(change, Change) and change.own_comment
        assert change.own_write() == f"{REPO}#1: the comment is icp-triage's own; nothing to re-evaluate."
        labeled = sample("issues.labeled")
        labeled["label"]["name"] = "ICP:core"
        change = dialect_for("github").change("issues", labeled)
        assert isinstance(change, Change) and change.own_write() is None
        assert "the label ICP:core is icp-triage's own" in (change.own_write(prefix="icp") or "")

    def test_an_event_it_does_not_read_is_ignored_with_the_ones_it_does(self):
        found = dialect_for("github").change("push", sample("push"))
        assert isinstance(found, Ignored)
        assert "'push'" in found.reason and "issue_comment (created, edited)" in found.reason

    def test_a_payload_without_a_repository_takes_the_given_one(self):
        payload = sample("issues.opened")
        del payload["repository"]
        change = dialect_for("github").change("issues", payload, where="acme/app")
        assert isinstance(change, Change) and change.key == "acme/app#1"
        with pytest.raises(DataError, match="names no repository"):
            dialect_for("github").change("issues", payload)

    def test_a_pull_request_event_is_a_proposal(self):
        found = dialect_for("github").proposal("pull_request", sample("pull_request.opened"))
        assert isinstance(found, Proposal)
        assert found.key == f"{found.repo}#{found.number}" and found.trigger == "pull_request.opened"
        assert isinstance(dialect_for("github").proposal("issues", sample("issues.opened")), Ignored)

    def test_keys_are_built_and_read_by_the_tracker(self):
        github = dialect_for("github")
        assert github.format_key("acme/app", 12) == "acme/app#12"
        assert github.parse_key("acme/app#12") == ("acme/app", 12)
        with pytest.raises(DataError, match="not a GitHub issue key"):
            github.parse_key("ACME-12")


class TestJiraDeliveries:
    def test_an_issue_event_names_the_issue_and_its_site(self):
        change = dialect_for("jira").change("", jira_payload())
        assert change == Change(key="ACME-12", trigger="jira:issue_updated", where="acme.atlassian.net")
        assert change.request is None  # only the JQL can tell membership

    @pytest.mark.parametrize(
        ("payload", "reason"),
        [
            (jira_payload("jira:worklog_updated"), "does nothing on the Jira event 'jira:worklog_updated'"),
            (jira_payload(key=""), "names no issue key"),
        ],
    )
    def test_what_it_cannot_act_on_is_ignored(self, payload, reason):
        found = dialect_for("jira").change("", payload)
        assert isinstance(found, Ignored) and reason in found.reason

    def test_keys_are_built_and_read_by_the_tracker(self):
        jira = dialect_for("jira")
        assert jira.format_key("ACME", 12) == "ACME-12"
        assert jira.parse_key("acme-12") == ("ACME", 12)
        with pytest.raises(DataError, match="not a Jira issue key"):
            jira.parse_key("acme/app#12")


def test_a_source_without_deliveries_has_no_dialect_but_runs_under_the_environment(tmp_path):
    with pytest.raises(ConfigError, match="sends no webhook deliveries"):
        dialect_for("file")
    env = {"GITHUB_TOKEN": "t"}
    selection = FileSelection(tmp_path / "r.json")
    [(whole, under)] = credentials_for("file", env).for_backlog(selection)
    assert whole is selection and under is env
    assert credentials_for("github", env).for_request("acme/app#1", None) == env  # no App: the token


class TestSelections:
    def test_a_closed_issue_leaves_an_open_backlog_only(self):
        closed = RawRequest(key="acme/app#1", state="CLOSED")
        assert not GithubSelection(repos=("acme/app",)).keeps(closed)
        assert GithubSelection(repos=("acme/app",), state="all").keeps(closed)
        assert GithubSelection(repos=("acme/app",), state="closed").keeps(closed)

    def test_a_closed_duplicate_stays_in_an_open_backlog_for_its_original(self):
        """The live backlog ranks what syncs and deliveries stored: a closed duplicate must stay
        there, or its demand never reaches its original (the sync keeps it for that)."""
        duplicate = RawRequest.model_validate(
            {
                "key": "acme/app#2",
                "state": "CLOSED",
                "duplicate_of": {"key": "acme/app#1", "by": "github-mark"},
            }
        )
        assert GithubSelection(repos=("acme/app",)).keeps(duplicate)

    def test_where_a_delivery_comes_from_picks_the_source(self):
        assert GithubSelection(repos=("Acme/App", "acme/api")).serves("acme/app")
        assert not GithubSelection(repos=("acme/app",)).serves("acme/other")
        jira = JiraSelection(server="https://acme.atlassian.net/", jql="project = ACME")
        assert jira.serves("ACME.atlassian.net") and not jira.serves("other.atlassian.net")

    def test_how_each_backlog_is_kept_fresh(self, tmp_path):
        assert GithubSelection(repos=("a/b",), refresh_days=2).resync == Resync(2 * 86400, refresh=True)
        assert GithubSelection(repos=("a/b",), refresh_days=0).resync is None
        jira = JiraSelection(server="https://acme.atlassian.net", jql="x", refresh_days=1)
        assert jira.resync == Resync(86400, refresh=False)
        assert FileSelection(tmp_path / "r.json").resync == Resync(60.0)


class TestJiraLinks:
    """A Jira issue link event names its issues by id, not key, and no site: the source issue
    (for ``Duplicate``, the duplicate) is read again by its id."""

    def link(self, event: str, **link: Any) -> dict[str, Any]:
        return {"webhookEvent": event, "issueLink": {"id": 1, "destinationIssueId": 10001, **link}}

    @pytest.mark.parametrize("event", ["issuelink_created", "issuelink_deleted"])
    def test_the_source_issue_is_read_again_by_its_id(self, event: str) -> None:
        change = dialect_for("jira").change("", self.link(event, sourceIssueId=10002), leaving=True)
        assert isinstance(change, Change) and (change.key, change.trigger, change.where) == (
            "10002",
            event,
            None,
        )
        assert event in dialect_for("jira").events_text()

    @pytest.mark.parametrize("source", [None, "FR-2", True, -3])
    def test_a_link_naming_no_issue_id_is_ignored(self, source: object) -> None:
        change = dialect_for("jira").change("", self.link("issuelink_created", sourceIssueId=source))
        assert isinstance(change, Ignored) and "sourceIssueId" in change.reason
