"""Which issue events may tag: only issues of the backlog icp.yml selects, decided from the
payload where GitHub's search syntax allows, and never guessed."""

from __future__ import annotations

import pytest

from icp_triage.adapters.github.selection import GithubSelection, backlog_membership, query_membership


def issue(*labels: str, state: str = "open", author: str = "octocat") -> dict:
    return {"state": state, "labels": [{"name": x} for x in labels], "user": {"login": author}}


class TestQueryMembership:
    @pytest.mark.parametrize(
        ("query", "payload"),
        [
            ("label:feature-request", issue("Feature-Request", "bug")),
            ('label:"good first issue" is:open', issue("good first issue")),
            ("label:feature,enhancement", issue("enhancement")),
            ("-label:wontfix is:issue type:issue state:open", issue("feature")),
            ("no:label sort:created-asc", issue()),
            ("author:OctoCat", issue()),
            ("label:a AND label:b", issue("a", "b")),
        ],
    )
    def test_matches(self, query, payload):
        assert query_membership(query, payload).member is True

    @pytest.mark.parametrize(
        ("query", "payload", "word"),
        [
            ("label:feature-request", issue("bug"), "'label:feature-request'"),
            ("label:feature -label:wontfix", issue("feature", "wontfix"), "'-label:wontfix'"),
            ("is:closed", issue(), "'is:closed'"),
            ("no:label", issue("bug"), "'no:label'"),
            ("author:alice", issue(), "'author:alice'"),
            ("is:pr", issue(), "'is:pr'"),
            ("SSO in:title label:feature", issue("bug"), "'label:feature'"),
        ],
    )
    def test_a_failed_qualifier_rules_it_out_and_is_named(self, query, payload, word):
        found = query_membership(query, payload)
        assert found.member is False
        assert word in found.reason

    @pytest.mark.parametrize(
        "query",
        [
            "SSO label:feature",
            "label:feature milestone:v2",
            "label:a OR label:b",
            'label:"oops',
            "reactions:>5",
        ],
    )
    def test_what_the_payload_cannot_decide_is_undecided(self, query):
        found = query_membership(query, issue("feature", "a"))
        assert found.member is None and found.reason


class TestBacklogMembership:
    def test_another_repository_is_outside(self):
        source = GithubSelection(repos=("acme/app", "acme/api"))
        found = backlog_membership(source, "acme/docs", issue())
        assert found.member is False
        assert found.reason == (
            "it is in acme/docs and the backlog holds issues of acme/app, acme/api (source.github.repo/repos)"
        )

    def test_a_listed_repository_in_another_case_is_inside(self):
        assert backlog_membership(GithubSelection(repos=("Acme/App",)), "acme/app", issue()).member is True

    def test_state_and_labels_come_before_the_query(self):
        source = GithubSelection(repos=("acme/app",), labels=("feature",))
        assert backlog_membership(source, "acme/app", issue("bug")).member is False
        closed = backlog_membership(
            GithubSelection(repos=("acme/app",), query="SSO"), "acme/app", issue(state="closed")
        )
        assert closed.member is False and "source.github.state" in closed.reason

    def test_the_query_decides_last(self):
        source = GithubSelection(repos=("acme/app",), query="label:feature-request")
        assert backlog_membership(source, "acme/app", issue("bug")).member is False
        assert backlog_membership(source, "acme/app", issue("feature-request")).member is True
