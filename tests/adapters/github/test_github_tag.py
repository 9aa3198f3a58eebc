from __future__ import annotations

import json

import pytest

from icp_triage.adapters.github import (
    GithubPermissionError,
    GithubUnavailable,
    Selection,
    apply_writes,
    fetch_issue,
    plan_backlog,
    plan_issue,
    sync_repository,
)
from icp_triage.adapters.github.conventions import GITHUB_CONVENTIONS, OWN_COMMENT_MARKER
from icp_triage.adapters.github.tagger import write_groups
from icp_triage.config.schema import TaggingSettings
from icp_triage.core.models import Account
from icp_triage.core.ranking import rank
from icp_triage.core.settings import Profile
from icp_triage.core.tags import desired_tags
from icp_triage.errors import SourceError

REPO = "acme/app"
PROFILE = Profile.model_validate(
    {
        "criteria": [
            {"attribute": "industry", "in": ["saas"], "weight": 3},
            {"attribute": "employees", "range": {"min": 100, "max": 1000}, "weight": 2},
        ]
    }
)
ACCOUNTS = [
    Account(
        id="acct-rocketco",
        name="Rocketco Dynamics",
        github_logins=("alice",),
        domains=("rocketco.io",),
        arr=4_500_000,
        attributes={"industry": "saas", "employees": 300},
    ),
    Account(
        id="acct-megacorp",
        name="Megacorp Holdings",
        github_logins=("bob",),
        arr=87_000_000,
        attributes={"industry": "mining", "employees": 40000},
    ),
    Account(
        id="acct-midway",
        name="Midway Widgets",
        github_logins=("carol",),
        arr=2_100_000,
        attributes={"industry": "saas", "employees": 5000},
    ),
]
SECRETS = [
    s
    for a in ACCOUNTS
    for s in (a.id, a.name or "", *a.domains, str(int(a.arr or 0)), f"{int(a.arr or 0):,}")
]


def backlog_writes(client, store, settings=None):
    settings = settings or TaggingSettings()
    requests = sync_repository(client, Selection(REPO), store=store)
    backlog = rank(requests, ACCOUNTS, PROFILE, conventions=GITHUB_CONVENTIONS)
    pairs = [(r, desired_tags(backlog.item(r.key), settings)) for r in requests]
    return plan_backlog(client, pairs, settings=settings)


def tag(client, store, settings=None):
    writes = backlog_writes(client, store, settings)
    apply_writes(client, writes)
    return writes


@pytest.fixture
def backlog(fake):
    fake.add_issue(REPO, title="SSO", author="alice", labels=["feature", "customer:acct-rocketco"])
    fake.add_issue(REPO, title="Mainframe", author="bob", labels=["icp:core", "icp-fit:A", "bug"])
    fake.add_issue(REPO, title="Dark mode", author="stranger")
    issue = fake.add_issue(REPO, title="Export", author="carol", body="Requested-by: Megacorp Holdings")
    fake.state.react(issue, "alice")
    return fake


def labels_of(fake, number):
    return fake.state.repo(REPO).issues[number].labels


def our_comments(fake, number):
    return [c for c in fake.state.repo(REPO).issues[number].comments if OWN_COMMENT_MARKER in c.body]


class TestTagBacklog:
    def test_labels_and_one_comment_per_issue(self, backlog, client, store):
        tag(client, store)
        assert labels_of(backlog, 1) == ["feature", "customer:acct-rocketco", "icp:core", "icp-fit:A"]
        assert labels_of(backlog, 3) == ["icp:unattributed"]
        assert all(len(our_comments(backlog, n)) == 1 for n in (1, 2, 3, 4))

    def test_labels_are_created_once_with_colour_and_description(self, backlog, client, store):
        tag(client, store)
        created = [c.body for c in backlog.writes if c.method == "POST" and c.path == f"/repos/{REPO}/labels"]
        names = [b["name"] for b in created]
        assert len(names) == len(set(names))
        assert "icp:core" not in names  # issue 2 already carried it, so the repository has it
        assert all(len(b["color"]) == 6 and b["description"] for b in created)
        label = backlog.state.repo(REPO).labels["icp:unattributed"]
        assert label.color == "8c959f" and label.description.startswith("ICP triage")

    def test_stale_own_labels_go_and_foreign_labels_stay(self, backlog, client, store):
        tag(client, store)
        assert labels_of(backlog, 2) == ["bug", "icp:opportunistic", "icp-fit:D"]
        deleted = [c.path for c in backlog.writes if c.method == "DELETE"]
        assert sorted(deleted) == [
            f"/repos/{REPO}/issues/2/labels/icp-fit:A",
            f"/repos/{REPO}/issues/2/labels/icp:core",
        ]

    def test_a_rerun_makes_no_writes(self, backlog, client, store):
        tag(client, store)
        backlog.state.tick(60)
        backlog.reset()
        assert tag(client, store) == []
        assert backlog.writes == []

    def test_a_changed_evaluation_edits_the_comment_in_place(self, backlog, client, store):
        tag(client, store)
        first = our_comments(backlog, 3)[0]
        backlog.state.tick(60)
        backlog.state.edit(backlog.state.repo(REPO).issues[3], author="alice")
        backlog.reset()
        writes = tag(client, store)
        assert {w.kind for w in writes} == {"add_labels", "remove_label", "edit_comment"}
        assert [c.id for c in our_comments(backlog, 3)] == [first.id]
        assert "ICP core" in our_comments(backlog, 3)[0].body
        assert [c.method for c in backlog.writes if "comments" in c.path] == ["PATCH"]

    def test_a_duplicate_comment_from_an_earlier_race_is_deleted(self, backlog, client, store):
        tag(client, store)
        issue = backlog.state.repo(REPO).issues[1]
        backlog.state.tick(60)
        backlog.state.add_comment(issue, "github-actions[bot]", our_comments(backlog, 1)[0].body)
        backlog.reset()
        assert [w.kind for w in tag(client, store)] == ["delete_comment"]
        assert len(our_comments(backlog, 1)) == 1

    def test_tier_only_writes_no_account_name_id_or_revenue(self, backlog, client, store):
        tag(client, store)
        assert backlog.writes
        for call in backlog.writes:
            text = call.path + json.dumps(call.body)
            for secret in SECRETS:
                assert secret not in text, f"{secret!r} leaked in {call.method} {call.path}"

    def test_full_disclosure_names_accounts(self, backlog, client, store):
        tag(client, store, TaggingSettings(disclose="full"))
        assert "Rocketco Dynamics: tier A" in our_comments(backlog, 1)[0].body

    def test_dry_run_prints_every_write_and_makes_none(self, backlog, client, store):
        writes = backlog_writes(client, store)
        printed: list[str] = []
        assert apply_writes(client, writes, dry_run=True, echo=printed.append) == len(writes)
        assert backlog.writes == []
        assert len(printed) == len(writes)
        assert any(
            line.startswith("acme/app#1: create the icp-triage comment\n    <!-- icp-triage -->")
            for line in printed
        )

    def test_each_issues_writes_are_one_group_with_the_labels_it_needs(self, backlog, client, store):
        writes = backlog_writes(client, store)
        groups = write_groups(writes)
        assert [w for group in groups for w in group] == writes
        assert len(groups) == len({w.target for w in writes if "#" in w.target})
        for group in groups:
            assert len({w.target for w in group if "#" in w.target}) == 1
            assert "#" in group[-1].target

    def test_progress_first_tells_how_long_the_writes_take(self, backlog, client, store):
        writes = backlog_writes(client, store)
        lines: list[str] = []
        apply_writes(client, writes, progress=lines.append)
        issues = len({w.target for w in writes if "#" in w.target})
        assert len(writes) > 6
        assert lines == [
            f"Writing {len(writes)} change(s) to {issues} issue(s) at GitHub's write budget (80 a "
            f"minute, 500 an hour, 1 s apart after the first 6): about {len(writes) - 6} s."
        ]


class TestTagOneIssue:
    def test_new_issue_costs_one_read_and_two_writes(self, fake, client):
        fake.add_issue(REPO, author="alice")
        fake.state.attach_label(fake.add_issue(REPO), "icp:core")
        fake.state.attach_label(fake.state.repo(REPO).issues[2], "icp-fit:A")
        fake.reset()
        snapshot = fetch_issue(client, REPO, 1)
        assert snapshot.repo_labels == {"icp:core", "icp-fit:A"}
        item = rank([snapshot.request], ACCOUNTS, PROFILE, conventions=GITHUB_CONVENTIONS).item(
            snapshot.request.key
        )
        writes = plan_issue(snapshot, desired_tags(item, TaggingSettings()), settings=TaggingSettings())
        apply_writes(client, writes)
        assert [w.kind for w in writes] == ["add_labels", "create_comment"]
        assert fake.requests == 3

    def test_an_up_to_date_issue_costs_one_read(self, fake, client):
        fake.add_issue(REPO, author="alice")
        for _ in range(2):
            fake.reset()
            snapshot = fetch_issue(client, REPO, 1)
            item = rank([snapshot.request], ACCOUNTS, PROFILE, conventions=GITHUB_CONVENTIONS).item(
                snapshot.request.key
            )
            apply_writes(
                client,
                plan_issue(snapshot, desired_tags(item, TaggingSettings()), settings=TaggingSettings()),
            )
        assert fake.requests == 1


def tag_one(client, number):
    snapshot = fetch_issue(client, REPO, number)
    item = rank([snapshot.request], ACCOUNTS, PROFILE, conventions=GITHUB_CONVENTIONS).item(
        snapshot.request.key
    )
    writes = plan_issue(snapshot, desired_tags(item, TaggingSettings()), settings=TaggingSettings())
    apply_writes(client, writes)
    return writes


class TestOnlyOwnComments:
    """Anyone can type the hidden marker on a public issue; only comments written by the
    account the token acts as are edited or deleted."""

    def test_a_strangers_comment_with_the_marker_is_not_overwritten(self, fake, client):
        issue = fake.add_issue(REPO, author="stranger")
        theirs = fake.state.add_comment(issue, "mallory", f"{OWN_COMMENT_MARKER} please keep this")
        assert [w.kind for w in tag_one(client, 1)] == ["create_label", "add_labels", "create_comment"]
        assert theirs in issue.comments and theirs.body == f"{OWN_COMMENT_MARKER} please keep this"
        assert [c.author for c in our_comments(fake, 1)] == ["mallory", "github-actions[bot]"]

    def test_a_strangers_copy_of_our_comment_is_not_deleted(self, fake, client):
        issue = fake.add_issue(REPO, author="stranger")
        tag_one(client, 1)
        fake.state.tick(60)
        copy = fake.state.add_comment(issue, "alice", f"quoting the bot: {OWN_COMMENT_MARKER} ### ICP triage")
        fake.reset()
        tag_one(client, 1)  # alice's comment is her demand now (issue 17, defect 5): a new tier
        assert copy in issue.comments and copy.body.startswith("quoting the bot")
        assert not [c for c in fake.writes if c.path.endswith(f"/comments/{copy.id}")]

    def test_the_backlog_path_leaves_strangers_marked_comments_alone(self, backlog, client, store):
        issue = backlog.state.repo(REPO).issues[1]
        theirs = backlog.state.add_comment(issue, "mallory", f"{OWN_COMMENT_MARKER}\nold")
        tag(client, store)
        assert theirs in issue.comments and theirs.body == f"{OWN_COMMENT_MARKER}\nold"
        assert not [c for c in backlog.writes if c.path.endswith(f"/comments/{theirs.id}")]

    def test_with_a_personal_token_the_users_own_comment_is_edited_in_place(self, fake, client):
        fake.state.viewer = "octocat"
        issue = fake.add_issue(REPO, author="stranger")
        tag_one(client, 1)
        first = our_comments(fake, 1)
        assert [c.author for c in first] == ["octocat"]
        fake.state.tick(60)
        fake.state.edit(issue, author="alice")
        assert [w.kind for w in tag_one(client, 1)][-1] == "edit_comment"
        assert our_comments(fake, 1) == first and "ICP core" in first[0].body


TOO_LONG = {
    "message": "Validation Failed",
    "errors": [
        {
            "resource": "IssueComment",
            "code": "custom",
            "field": "body",
            "message": "body is too long (maximum is 65536 characters)",
        }
    ],
}


class TestAFailingIssueBlocksNoOther:
    def test_the_other_issues_are_tagged_and_the_failure_is_named(self, backlog, client, store):
        backlog.fail(422, body=TOO_LONG, method="POST", path="/issues/2/comments", times=5)
        with pytest.raises(SourceError) as caught:
            tag(client, store)
        assert str(caught.value) == (
            "could not tag 1 of 4 issues; the other writes were made, and a re-run retries:\n"
            "  acme/app#2: GitHub returned 422: Validation Failed (body is too long (maximum is 65536 "
            "characters)) while commenting on acme/app#2"
        )
        assert [len(our_comments(backlog, n)) for n in (1, 2, 3, 4)] == [1, 0, 1, 1]
        assert labels_of(backlog, 4)[-1].startswith("icp")

    def test_a_rerun_retries_only_what_failed(self, backlog, client, store):
        backlog.fail(422, body=TOO_LONG, method="POST", path="/issues/2/comments")
        with pytest.raises(SourceError):
            tag(client, store)
        backlog.state.tick(60)
        backlog.reset()
        assert [(w.kind, w.target) for w in tag(client, store)] == [("create_comment", "acme/app#2")]
        assert [len(our_comments(backlog, n)) for n in (1, 2, 3, 4)] == [1, 1, 1, 1]

    def test_a_locked_issue_after_a_landed_write_does_not_stop_the_run(self, backlog, client, store):
        locked = {"message": "Unable to create comment because issue is locked."}
        backlog.fail(403, body=locked, method="POST", path="/issues/3/comments")
        with pytest.raises(SourceError, match=r"(?m)^  acme/app#3: GitHub refused commenting on acme/app#3"):
            tag(client, store)
        assert [len(our_comments(backlog, n)) for n in (1, 2, 3, 4)] == [1, 1, 0, 1]

    def test_a_token_that_may_not_write_stops_at_the_first_write(self, backlog, client, store):
        backlog.fail(
            403,
            body={"message": "Resource not accessible by integration"},
            method="POST",
            path="/repos/",
            times=50,
        )
        with pytest.raises(GithubPermissionError):
            tag(client, store)
        assert len(backlog.writes) == 1

    def test_a_rejected_token_stops_at_once_and_names_earlier_failures(self, backlog, client, store):
        backlog.fail(422, body=TOO_LONG, method="POST", path="/issues/1/comments")
        backlog.fail(401, body={"message": "Bad credentials"}, method="DELETE", times=50)
        with pytest.raises(GithubUnavailable) as caught:
            tag(client, store)
        text = str(caught.value)
        assert text.startswith("GitHub rejected the token (401: Bad credentials)")
        assert "\n  acme/app#1: GitHub returned 422" in text
        assert [c.method for c in backlog.writes].count("DELETE") == 1
