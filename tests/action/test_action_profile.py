"""``mode: profile`` on GitHub's pull_request payloads against the fake GitHub (real PyGithub)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fakes.fake_github import TOKEN, FakeGitHub
from fakes.helpers import Waits, serve
from icp_triage.adapters.github.pulls import PROFILE_MARKER

REPO = "Codertocat/Hello-World"
BASE = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e"  # pull_request.*.json: pull_request.base.sha
OLD = """\
profile:
  name: Test ICP
  version: "2026-06"
  criteria:
    - {attribute: industry, in: [saas, mining], weight: 2}
accounts: accounts.csv
"""
NEW = """\
profile:
  name: Test ICP
  version: "2026-11"
  criteria:
    - {attribute: industry, in: [saas], weight: 2}
    - {attribute: employees, range: {min: 100, max: 1000}, weight: 1}
accounts: accounts.csv
"""
ROWS = (
    [("acme", "Acme Corp", "Codertocat", "saas", 300, "true", "true")]
    + [
        (f"saas{i}", f"Saasy {i}", "", "saas", 200 + i, "true", "true" if i % 5 else "false")
        for i in range(14)
    ]
    + [
        (f"mine{i}", f"Mining {i}", "", "mining", 50000, "false" if i % 3 else "true", "false")
        for i in range(14)
    ]
)
NAMES = ("Acme", "Saasy", "Mining")


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    yield from serve(FakeGitHub())


@pytest.fixture
def pr(checkout, fake):
    """A checkout of the pull request's head (NEW icp.yml), the base's OLD one in the fake."""
    checkout.extra_env["GITHUB_TOKEN"] = TOKEN
    checkout.config.write_text(NEW)
    lines = ["id,name,github_logins,industry,employees,won,retained"]
    lines += [",".join(str(c) for c in row) for row in ROWS]
    (checkout.workspace / ".github" / "accounts.csv").write_text("\n".join(lines) + "\n")
    fake.add_file(REPO, BASE, ".github/icp.yml", OLD)
    fake.add_issue(REPO, number=2, title="Update .github/icp.yml", author="Codertocat")
    waits = Waits(fake)

    def run(event: str, payload: dict[str, Any], **kwargs: Any):
        return checkout.run(event, payload, clock=waits.clock, sleep=waits.sleep, mode="profile", **kwargs)

    checkout.fake = fake
    checkout.go = run
    return checkout


def comments(fake: FakeGitHub) -> list[str]:
    return [c.body for c in fake.state.repo(REPO).issues[2].comments if PROFILE_MARKER in c.body]


class TestProfileMode:
    def test_one_comment_with_the_diff_and_the_validation_naming_no_account(self, pr, sample):
        result = pr.go("pull_request", sample("pull_request.opened"))
        assert result.code == 0, result.stdout
        (body,) = comments(pr.fake)
        assert body.startswith(PROFILE_MARKER)
        assert "#### Profile diff" in body and "#### Profile validation" in body
        assert "| Old tier | New tier | Accounts |" in body  # tier-only: counted, not named
        assert not any(name in body for name in NAMES)
        assert "ICP accounts 29 → 15 of 29; 14 accounts change tier." in body
        assert "| A | D | 14 |" in body
        assert "| won | 100% | 36% | 2.80 [1.56, 6.12] |" in body
        assert result.outputs["report"] and "#### Profile validation" in result.summary

    def test_each_push_edits_the_same_comment(self, pr, sample):
        pr.go("pull_request", sample("pull_request.opened"))
        pr.config.write_text(NEW.replace("2026-11", "2026-12"))
        pr.fake.reset()
        result = pr.go("pull_request", sample("pull_request.synchronize"))
        assert result.code == 0, result.stdout
        assert len(comments(pr.fake)) == 1
        assert [c.method for c in pr.fake.writes] == ["PATCH"]
        pr.fake.reset()
        again = pr.go("pull_request", sample("pull_request.synchronize"))
        assert again.code == 0 and pr.fake.writes == []  # nothing changed: no write
        assert "comment unchanged" in again.stdout

    def test_a_marked_comment_by_someone_else_is_not_ours_to_edit(self, pr, sample):
        pull = pr.fake.state.repo(REPO).issues[2]
        forged = pr.fake.state.add_comment(pull, "mallory", f"{PROFILE_MARKER}\nall fine, merge it")
        result = pr.go("pull_request", sample("pull_request.opened"))
        assert result.code == 0, result.stdout
        assert forged.body.endswith("all fine, merge it")  # untouched
        assert len(comments(pr.fake)) == 2 and [c.method for c in pr.fake.writes] == ["POST"]

    def test_disclose_full_names_the_accounts(self, pr, sample):
        pr.config.write_text(NEW + "tagging: {disclose: full}\n")
        pr.go("pull_request", sample("pull_request.opened"))
        (body,) = comments(pr.fake)
        assert "| Account | Old tier | New tier |" in body and "Mining 0" in body

    def test_an_unchanged_icp_yml_posts_nothing(self, pr, sample):
        pr.fake.add_file(REPO, BASE, ".github/icp.yml", NEW)
        result = pr.go("pull_request", sample("pull_request.opened"))
        assert result.code == 0
        assert comments(pr.fake) == [] and pr.fake.writes == []
        assert "leaves .github/icp.yml as it is" in result.stdout

    def test_a_new_icp_yml_gets_the_validation_alone(self, pr, sample):
        pr.fake.files.clear()
        result = pr.go("pull_request", sample("pull_request.opened"))
        assert result.code == 0, result.stdout
        (body,) = comments(pr.fake)
        assert "is new in this pull request" in body and "Profile diff" not in body

    def test_dry_run_prints_and_writes_nothing(self, pr, sample):
        result = pr.go("pull_request", sample("pull_request.opened"), dry_run=True)
        assert result.code == 0
        assert pr.fake.writes == [] and "would have created the profile comment" in result.stdout

    def test_other_events_are_skipped_with_a_notice(self, pr, sample):
        result = pr.go("issues", sample("issues.opened"))
        assert result.code == 0 and comments(pr.fake) == []
        assert "mode: profile acts on pull_request events" in result.stdout
