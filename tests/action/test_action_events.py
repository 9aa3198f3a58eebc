"""What each event asks for: tag one issue, rank the backlog, or a notice."""

from __future__ import annotations

import pytest

from icp_triage.action.events import RankBacklog, Skip, TagIssue, decide, supported_text
from icp_triage.errors import DataError

REPO = "Codertocat/Hello-World"


class TestDecide:
    @pytest.mark.parametrize(
        "name",
        [
            "issues.opened",
            "issues.edited",
            "issues.labeled",
            "issues.reopened",
            "issue_comment.created",
            "issue_comment.edited",
        ],
    )
    def test_issue_events_tag_their_issue(self, name, sample):
        event = name.split(".")[0]
        decision = decide(event, sample(name), repository="someone/else")
        assert isinstance(decision, TagIssue)
        assert (decision.change.key, decision.change.trigger) == (f"{REPO}#1", name)

    def test_unlabeled_is_acted_on(self, sample):
        payload = sample("issues.labeled") | {"action": "unlabeled"}
        assert isinstance(decide("issues", payload, repository=None), TagIssue)

    def test_a_labeled_event_carries_its_label(self, sample):
        decision = decide("issues", sample("issues.labeled"), repository=REPO)
        assert isinstance(decision, TagIssue)
        assert decision.change.label == sample("issues.labeled")["label"]["name"]

    @pytest.mark.parametrize("action", ["created", "edited"])
    def test_our_own_comment_starts_no_evaluation(self, sample, action):
        # with a PAT or an App token, the tool's own comment would start another run
        payload = sample(f"issue_comment.{action}")
        payload["comment"]["body"] = "<!-- icp-triage -->\n### ICP triage\nicp-core"
        payload["comment"]["user"] = {"login": "github-actions[bot]", "type": "Bot"}
        decision = decide("issue_comment", payload, repository=REPO)
        assert isinstance(decision, Skip)
        assert "icp-triage's own" in decision.message

    def test_a_persons_comment_with_our_marker_is_still_evaluated(self, sample):
        """Issue 17, defect 5: anyone can type the marker; a customer's comment holding it
        was dropped as "icp-triage's own" and its demand never counted."""
        payload = sample("issue_comment.created")
        payload["comment"]["body"] = "<!-- icp-triage -->\nRequested-by: Globex Industries"
        payload["comment"]["user"] = {"login": "mallory", "type": "User"}
        assert isinstance(decide("issue_comment", payload, repository=REPO), TagIssue)

    @pytest.mark.parametrize("event", ["schedule", "workflow_dispatch"])
    def test_backlog_events_rank(self, event, sample):
        assert decide(event, sample(event), repository=REPO) == RankBacklog(trigger=event, tag=False)

    def test_tag_mode_also_tags_the_backlog(self):
        assert decide("schedule", {}, repository=REPO, mode="tag") == RankBacklog("schedule", tag=True)

    def test_rank_mode_ranks_on_an_issue_event(self, sample):
        decision = decide("issues", sample("issues.opened"), repository=REPO, mode="rank")
        assert decision == RankBacklog(trigger="issues.opened", tag=False)

    def test_pull_request_comment_is_ignored(self, sample):
        decision = decide("issue_comment", sample("issue_comment.created.pull_request"), repository=REPO)
        assert isinstance(decision, Skip)
        assert "pull request" in decision.message

    def test_other_event_names_the_supported_ones(self, sample):
        decision = decide("push", sample("push"), repository=REPO)
        assert isinstance(decision, Skip)
        assert "'push'" in decision.message and supported_text() in decision.message
        assert "issue_comment (created, edited)" in supported_text()

    def test_other_issue_action(self, sample):
        decision = decide("issues", sample("issues.opened") | {"action": "closed"}, repository=REPO)
        assert isinstance(decision, Skip)
        assert "issues.closed" in decision.message

    def test_transferred_names_the_destination(self, sample):
        decision = decide("issues", sample("issues.transferred"), repository=REPO)
        assert isinstance(decision, Skip)
        assert "to Codertocat/Hello-World#1" in decision.message

    def test_repository_falls_back_to_the_environment(self, sample):
        payload = sample("issues.opened")
        del payload["repository"]
        decision = decide("issues", payload, repository="acme/app")
        assert isinstance(decision, TagIssue) and decision.change.key == "acme/app#1"

    def test_payload_without_issue_number(self):
        with pytest.raises(DataError, match="no issue number"):
            decide("issues", {"action": "opened", "issue": {}}, repository=REPO)
