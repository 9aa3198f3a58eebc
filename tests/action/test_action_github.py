"""``icp-triage action`` on GitHub's sample webhook payloads against the fake GitHub.

The real PyGithub talks HTTP (through ``responses``) to ``tests/fakes``' stateful GitHub; each
test checks what a maintainer would see: the issue's labels and comment, the step outputs,
the job summary, the annotations, and how many API calls it took.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fakes.fake_github import TOKEN, FakeGitHub
from fakes.helpers import Waits, serve
from icp_triage.adapters.github.conventions import OWN_COMMENT_MARKER

REPO = "Codertocat/Hello-World"
ACCOUNT_SECRETS = ("Acme", "acme.io", "120000", "120,000", "Globex", "globex.com", "9000000", "9,000,000")


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    yield from serve(FakeGitHub())


@pytest.fixture
def gh(checkout, fake):
    """The checkout wired to the fake: its token, and a client whose waits are recorded."""
    waits = Waits(fake)
    checkout.extra_env["GITHUB_TOKEN"] = TOKEN

    def run(event: str, payload: dict[str, Any] | None, **kwargs: Any):
        return checkout.run(event, payload, clock=waits.clock, sleep=waits.sleep, **kwargs)

    checkout.fake = fake
    checkout.waits = waits
    checkout.go = run
    return checkout


def seed(fake: FakeGitHub, payload: dict[str, Any], **changes: Any):
    """The payload's issue in the fake, as GitHub would hold it when the event fires."""
    issue = payload["issue"]
    fields = {
        "number": issue["number"],
        "title": issue["title"],
        "body": issue.get("body") or "",
        "author": issue["user"]["login"],
        "labels": [x["name"] for x in issue.get("labels") or []],
        **changes,
    }
    existing = (
        fake.state.repo(REPO).issues.get(fields["number"]) if fake.state.repo(REPO, create=False) else None
    )
    if existing is not None:
        fake.state.edit(existing, **{k: v for k, v in fields.items() if k in ("title", "body")})
        return existing
    return fake.add_issue(REPO, **fields)


def own_comments(issue) -> list[str]:
    return [c.body for c in issue.comments if OWN_COMMENT_MARKER in c.body]


def own_labels(issue) -> list[str]:
    return sorted(x for x in issue.labels if x.startswith("icp"))


class TestIssueOpened:
    def test_labels_comment_and_outputs(self, gh, sample):
        payload = sample("issues.opened")
        issue = seed(gh.fake, payload)
        result = gh.go("issues", payload)
        assert result.code == 0, result.stdout
        assert own_labels(issue) == ["icp-fit:A", "icp:core"]
        assert "bug" in issue.labels  # a foreign label stays
        (comment,) = own_comments(issue)
        assert "**Class:** ICP core" in comment and "tier A" in comment
        assert result.outputs == {"class": "icp-core", "tier": "A", "icp-value": "1", "report": ""}
        assert result.summary == ""
        assert "Codertocat/Hello-World#1 (issues.opened): class icp-core" in result.stdout

    def test_one_read_and_no_backlog_sync(self, gh, sample):
        payload = sample("issues.opened")
        issue = seed(gh.fake, payload)
        for name in ("icp:core", "icp-fit:A"):  # labels exist in the repository already
            gh.fake.state.attach_label(gh.fake.add_issue(REPO, number=50), name)
        gh.fake.reset()
        assert gh.go("issues", payload).code == 0
        graphql = [c for c in gh.fake.calls if c.path.endswith("/graphql")]
        assert len(graphql) == 1 and "IssuesPage" not in str(graphql[0].body)
        assert gh.fake.requests == 3  # read, add labels, create the comment
        assert own_labels(issue) == ["icp-fit:A", "icp:core"]

    def test_first_issue_in_a_repository_creates_the_labels_once(self, gh, sample):
        payload = sample("issues.opened")
        seed(gh.fake, payload)
        gh.go("issues", payload)
        created = [
            c.body["name"]
            for c in gh.fake.writes
            if c.path.endswith("/labels")
            and c.method == "POST"
            and isinstance(c.body, dict)
            and "color" in c.body
        ]
        assert sorted(created) == ["icp-fit:A", "icp:core"]

    def test_a_new_issues_writes_go_out_at_once(self, gh, sample):
        payload = sample("issues.opened")
        seed(gh.fake, payload)
        gh.go("issues", payload)
        assert len(gh.fake.writes) >= 3  # two labels created, the labels added, the comment
        assert gh.waits.seconds == []

    def test_unknown_author_is_unattributed(self, gh, sample):
        payload = sample("issues.opened")
        payload["issue"]["user"]["login"] = "stranger"
        issue = seed(gh.fake, payload)
        result = gh.go("issues", payload)
        assert own_labels(issue) == ["icp:unattributed"]
        assert result.outputs["class"] == "unattributed" and result.outputs["tier"] == ""


class TestLaterEvents:
    @pytest.fixture
    def tagged(self, gh, sample):
        payload = sample("issues.opened")
        issue = seed(gh.fake, payload)
        assert gh.go("issues", payload).code == 0
        gh.fake.reset()
        return issue

    def test_edited_retags_and_edits_the_comment_in_place(self, gh, sample, tagged):
        payload = sample("issues.edited")
        payload["issue"]["body"] = "We need this.\n\nRequested-by: globex.com"
        seed(gh.fake, payload)
        comment_id = tagged.comments[0].id
        result = gh.go("issues", payload)
        assert result.outputs["class"] == "mixed"
        assert own_labels(tagged) == ["icp-fit:A", "icp:mixed"]
        assert [c.id for c in tagged.comments] == [comment_id]
        assert "**Class:** mixed" in tagged.comments[0].body

    def test_labeled_with_nothing_changed_writes_nothing(self, gh, sample, tagged):
        payload = sample("issues.labeled")
        result = gh.go("issues", payload)
        assert result.code == 0
        assert gh.fake.requests == 1 and gh.fake.writes == []
        assert result.outputs["class"] == "icp-core"
        assert "made 0 writes; 1 API request in all" in result.stdout

    @pytest.mark.parametrize("action", ["labeled", "unlabeled"])
    def test_our_own_label_event_makes_no_call(self, gh, sample, tagged, action):
        # with a PAT or an App token, each label the tool writes would start another run
        payload = sample("issues.labeled") | {"action": action, "label": {"name": "icp:core"}}
        result = gh.go("issues", payload)
        assert result.code == 0
        assert gh.fake.requests == 0
        assert "the label icp:core is icp-triage's own" in result.stdout

    def test_comment_created_counts_the_commenter(self, gh, sample, tagged):
        payload = sample("issue_comment.created")
        gh.fake.state.add_comment(tagged, "hubot", "+1, Globex needs this too")
        result = gh.go("issue_comment", payload)
        assert result.code == 0
        assert result.outputs["class"] == "icp-core"  # A at 1.0 against D at 0.5: share 0.67
        (comment,) = own_comments(tagged)
        assert "2 requesting accounts, 1 in the ICP tiers" in comment
        assert "| D | 1 |" in comment

    def test_pull_request_comment_makes_no_call(self, gh, sample, tagged):
        result = gh.go("issue_comment", sample("issue_comment.created.pull_request"))
        assert result.code == 0 and gh.fake.requests == 0
        assert result.annotations("notice")

    def test_reopened(self, gh, sample, tagged):
        assert gh.go("issues", sample("issues.reopened")).outputs["class"] == "icp-core"


class TestDisclosure:
    def test_tier_only_writes_no_account_name_or_revenue(self, gh, sample):
        payload = sample("issues.opened")
        payload["issue"]["body"] = "Requested-by: Globex Industries"
        seed(gh.fake, payload)
        result = gh.go("issues", payload)
        bodies = " ".join(str(c.body) for c in gh.fake.writes)
        assert gh.fake.writes
        for secret in ACCOUNT_SECRETS:
            assert secret not in bodies, secret
            assert secret not in result.stdout, secret


class TestSelection:
    def test_issue_outside_the_configured_labels_costs_no_call(self, gh, sample):
        gh.config.write_text(
            gh.config.read_text() + f"source: {{github: {{repo: {REPO}, labels: [feature]}}}}\n"
        )
        result = gh.go("issues", sample("issues.opened"))
        assert result.code == 0 and gh.fake.requests == 0
        assert "none of the labels feature" in result.annotations("notice")[0]
        assert result.outputs == {"class": "", "tier": "", "icp-value": "", "report": ""}

    def test_an_issue_outside_the_query_is_not_tagged(self, gh, sample):
        """DESIGN.md's own example selects by query; a bug must not get a public ICP label."""
        gh.config.write_text(
            gh.config.read_text() + f'source: {{github: {{repo: {REPO}, query: "label:feature-request"}}}}\n'
        )
        payload = sample("issues.opened")
        issue = seed(gh.fake, payload)
        result = gh.go("issues", payload)
        assert result.code == 0 and gh.fake.requests == 0
        assert issue.labels == ["bug"] and issue.comments == []
        assert result.annotations("notice") == [
            f"::notice::{REPO}#1 is not in the backlog icp.yml selects, so it is not tagged: it does not match "
            "'label:feature-request' in source.github.query."
        ]

    def test_an_issue_inside_the_query_is_tagged(self, gh, sample):
        gh.config.write_text(
            gh.config.read_text() + f'source: {{github: {{repo: {REPO}, query: "label:bug"}}}}\n'
        )
        payload = sample("issues.opened")
        issue = seed(gh.fake, payload)
        assert gh.go("issues", payload).code == 0
        assert own_labels(issue) and len(own_comments(issue)) == 1

    def test_a_query_the_payload_cannot_decide_tags_nothing_and_says_why(self, gh, sample):
        gh.config.write_text(
            gh.config.read_text() + f'source: {{github: {{repo: {REPO}, query: "label:bug SSO"}}}}\n'
        )
        payload = sample("issues.opened")
        issue = seed(gh.fake, payload)
        result = gh.go("issues", payload)
        assert result.code == 0 and gh.fake.requests == 0 and issue.comments == []
        (notice,) = result.annotations("notice")
        assert notice.startswith(
            f"::notice::{REPO}#1 may not be in the backlog icp.yml selects, so it is not tagged"
        )
        assert "'SSO'" in notice and "mode: tag" in notice

    def test_an_issue_of_another_repository_is_not_tagged(self, gh, sample):
        gh.config.write_text(gh.config.read_text() + "source: {github: {repo: acme/product}}\n")
        payload = sample("issues.opened")
        seed(gh.fake, payload)
        result = gh.go("issues", payload)
        assert result.code == 0 and gh.fake.requests == 0
        assert "the backlog holds issues of acme/product" in result.annotations("notice")[0]

    def test_rank_mode_on_an_issue_event_ranks_and_writes_nothing(self, gh, sample):
        payload = sample("issues.opened")
        seed(gh.fake, payload)
        gh.extra_env["ICP_TRIAGE_MODE"] = "rank"
        result = gh.go("issues", payload)
        assert result.code == 0 and gh.fake.writes == []
        assert "## ICP-ranked backlog" in result.summary


class TestDryRun:
    def test_prints_the_plan_inside_a_stop_commands_block_and_writes_nothing(self, gh, sample):
        payload = sample("issues.opened")
        issue = seed(gh.fake, payload)
        gh.extra_env["ICP_TRIAGE_DRY_RUN"] = "true"
        result = gh.go("issues", payload)
        assert result.code == 0 and gh.fake.writes == [] and issue.comments == []
        lines = result.stdout.splitlines()
        start = next(i for i, x in enumerate(lines) if x.startswith("::stop-commands::"))
        token = lines[start].removeprefix("::stop-commands::")
        end = lines.index(f"::{token}::")
        assert any("add labels icp:core, icp-fit:A" in x for x in lines[start:end])
        assert "would make 4 writes" in result.stdout  # two labels to create, add them, comment


class TestFailures:
    def test_forbidden_write_names_the_permissions_block(self, gh, sample):
        payload = sample("issues.opened")
        seed(gh.fake, payload)
        gh.fake.fail(  # REST writes only: the GraphQL read (also a POST) goes through
            403,
            method="POST",
            path="/repos/",
            body={"message": "Resource not accessible by integration"},
            times=5,
        )
        result = gh.go("issues", payload)
        assert result.code == 1
        (error,) = result.annotations("error")
        assert error.startswith("::error::GitHub refused creating label")
        assert "Resource not accessible by integration" in error
        assert error.endswith(
            "add this block to the workflow (or to its job):%0Apermissions:%0A  issues: write%0A  contents: read"
        )
        assert [c.path for c in gh.fake.calls if c.status == 403] == ["/repos/Codertocat/Hello-World/labels"]

    def test_forbidden_read_names_the_permissions_block_too(self, gh, sample):
        payload = sample("issues.opened")
        seed(gh.fake, payload)
        gh.fake.fail(403, path="/graphql", body={"message": "Resource not accessible by integration"})
        result = gh.go("issues", payload)
        assert result.code == 1
        (error,) = result.annotations("error")
        assert "GitHub refused reading" in error and "permissions:%0A  issues: write" in error

    def test_a_rate_limit_wait_is_a_notice(self, gh, sample):
        payload = sample("issues.opened")
        seed(gh.fake, payload)
        gh.fake.fail(
            403,
            path="/graphql",
            headers={"Retry-After": "30"},
            body={"message": "You have exceeded a secondary rate limit"},
        )
        result = gh.go("issues", payload)
        assert result.code == 0, result.stdout
        assert 30.0 in gh.waits.seconds
        (notice,) = result.annotations("notice")
        assert "waiting 30 s" in notice

    def test_bad_token_is_exit_1_and_never_shown(self, gh, sample):
        payload = sample("issues.opened")
        seed(gh.fake, payload)
        gh.extra_env["GITHUB_TOKEN"] = "ghs_wrong_secret_value"
        result = gh.go("issues", payload)
        assert result.code == 1
        assert "401" in result.annotations("error")[0]
        assert "ghs_wrong_secret_value" not in result.stdout

    def test_no_token(self, gh, sample):
        payload = sample("issues.opened")
        gh.extra_env["GITHUB_TOKEN"] = ""
        result = gh.go("issues", payload)
        assert result.code == 2
        assert "no GitHub token" in result.annotations("error")[0]

    def test_issue_gone(self, gh, sample):
        result = gh.go("issues", sample("issues.opened"))
        assert result.code == 1
        assert "cannot find" in result.annotations("error")[0]


class TestBacklog:
    @pytest.fixture
    def backlog(self, gh):
        fake = gh.fake
        fake.add_issue(REPO, title="SSO", author="Codertocat")
        fake.add_issue(REPO, title="Mainframe export", author="hubot")
        fake.add_issue(REPO, title="Dark mode", author="stranger")
        return gh

    def test_schedule_writes_summary_report_and_outputs(self, backlog, sample):
        result = backlog.go("schedule", sample("schedule"))
        assert result.code == 0, result.stdout
        report = backlog.temp / "icp-triage" / "backlog.md"
        assert result.outputs["report"] == str(report)
        assert result.summary == report.read_text()
        assert "### Ranked by ICP value (1)" in result.summary
        assert "Mainframe export" in result.summary and "Dark mode" in result.summary
        assert backlog.fake.writes == []
        assert "Ranked 3 requests (schedule)" in result.stdout

    def test_sync_is_cached_between_runs(self, backlog, sample):
        backlog.go("schedule", sample("schedule"))
        cache = backlog.root / "cache" / "icp-triage"
        assert any(cache.rglob("*.json"))
        backlog.fake.reset()
        backlog.go("workflow_dispatch", sample("workflow_dispatch"))
        assert backlog.fake.requests == 1

    def test_tag_mode_tags_every_issue(self, backlog, sample):
        backlog.extra_env["ICP_TRIAGE_MODE"] = "tag"
        result = backlog.go("workflow_dispatch", sample("workflow_dispatch"))
        assert result.code == 0, result.stdout
        issues = backlog.fake.state.repo(REPO).issues
        assert [own_labels(issues[n]) for n in (1, 2, 3)] == [
            ["icp-fit:A", "icp:core"],
            ["icp-fit:D", "icp:opportunistic"],
            ["icp:unattributed"],
        ]
        assert "## ICP-ranked backlog" in result.summary

    def test_summary_names_no_account_under_tier_only(self, backlog, sample):
        summary = backlog.go("schedule", sample("schedule")).summary
        assert not any(secret in summary for secret in ACCOUNT_SECRETS)


class TestDuplicates:
    """The Action reads one issue, and its comment counts its duplicates as ``tag`` does: an
    issue closed as a duplicate of #1 ("Duplicate of #1") brings its requester to #1."""

    @pytest.fixture
    def duplicated(self, gh, sample):
        payload = sample("issues.opened")
        issue = seed(gh.fake, payload)
        duplicate = gh.fake.add_issue(REPO, number=7, title="Same", author="hubot")
        gh.fake.state.add_comment(duplicate, "maintainer", "Duplicate of #1")
        gh.fake.state.close(duplicate, "DUPLICATE")
        return issue, duplicate

    def test_a_comment_on_the_original_counts_its_duplicate(self, gh, sample, duplicated):
        issue, duplicate = duplicated
        gh.fake.reset()
        result = gh.go("issues", sample("issues.opened"))
        assert result.code == 0, result.stdout
        (comment,) = own_comments(issue)
        assert "2 requesting accounts, 1 in the ICP tiers" in comment  # Acme on #1, Globex on #7
        assert "Counts the requesters of 1 duplicate of this request" in comment
        assert own_comments(duplicate) == [] and own_labels(duplicate) == []
        graphql = [c for c in gh.fake.calls if c.path.endswith("/graphql")]
        assert len(graphql) == 2  # the issue, then its one duplicate

    def test_an_event_on_the_duplicate_tags_its_original(self, gh, sample, duplicated):
        issue, duplicate = duplicated
        payload = sample("issue_comment.created")
        payload["issue"]["number"] = 7
        result = gh.go("issue_comment", payload)
        assert result.code == 0, result.stdout
        assert own_comments(duplicate) == [] and own_labels(duplicate) == []
        (comment,) = own_comments(issue)
        assert "Counts the requesters of 1 duplicate of this request" in comment
