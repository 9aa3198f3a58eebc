"""Duplicates on Jira: a ``Duplicate`` link (outward "duplicates") read in the same search, through
the real ``jira`` client against the fake Cloud and Data Center, and the duplicate's demand
counted for the issue it duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.jira.conftest import open_session
from fakes.fake_jira import FakeJira, serve_fake_jira
from icp_triage.core.backlog import RankedItem
from icp_triage.core.models import Account
from icp_triage.core.ranking import rank
from icp_triage.core.settings import Profile

PROFILE = Profile.model_validate({"criteria": [{"attribute": "industry", "in": ["saas"], "weight": 1}]})
PEOPLE = ("alice", "bob", "carol", "dave", "erin")
ACCOUNTS = [Account(id=f"acct-{p}", jira_users=(p,), attributes={"industry": "saas"}) for p in PEOPLE]


@pytest.fixture(params=["cloud", "datacenter"])
def jira(request: pytest.FixtureRequest):
    with serve_fake_jira(deployment=request.param) as fake:
        yield fake


def backlog_with_duplicates(fake: FakeJira) -> None:
    """FR-1 (alice) and what links to it:
    - FR-2 duplicates FR-1 (bob; a comment by alice, who counts once, as FR-1's reporter);
    - FR-3 duplicates FR-2: a chain to FR-1 (a comment by carol);
    - FR-4 relates to FR-1 (dave): another link type, no duplicate;
    - FR-5 duplicates OUT-9, an issue outside the JQL (erin): keeps its demand, with a note."""
    one = fake.add_issue("FR-1", "SSO", reporter="alice")
    two = fake.add_issue("FR-2", "Single sign-on", reporter="bob", done=True)
    fake.add_comment(two, "alice", "we need this too")
    three = fake.add_issue("FR-3", "SAML login", done=True)
    fake.add_comment(three, "carol", "+1 from us")
    four = fake.add_issue("FR-4", "SCIM", reporter="dave")
    five = fake.add_issue("FR-5", "Okta", reporter="erin")
    outside = fake.add_issue("OUT-9", "Okta (other project)")
    fake.link(two, one)
    fake.link(three, two)
    fake.link(four, one, "Relates")
    fake.link(five, outside)


class TestDuplicateLinks:
    def test_the_original_gets_exactly_the_union_of_accounts(self, jira: FakeJira, tmp_path: Path) -> None:
        backlog_with_duplicates(jira)
        session, _ = open_session(jira, tmp_path)
        requests = session.backlog()
        marks = {r.key: (r.duplicate_of.key, r.duplicate_of.by) for r in requests if r.duplicate_of}
        assert marks == {
            "FR-2": ("FR-1", "jira-link"),
            "FR-3": ("FR-2", "jira-link"),
            "FR-5": ("OUT-9", "jira-link"),
        }
        searches = [c for c in jira.calls if "search" in c.path]
        assert len(searches) == 1  # the links come in the same search
        assert "issuelinks" in searches[0].query["fields"][0].split(",")

        backlog = rank(requests, ACCOUNTS, PROFILE)
        original = backlog.item("FR-1")
        assert isinstance(original, RankedItem)
        assert {c.account_id for c in original.contributions} == {"acct-alice", "acct-bob", "acct-carol"}
        assert original.demand == pytest.approx(1.0 + 1.0 + 0.5)  # alice as reporter, not her comment
        listed = {i.key for i in (*backlog.ranked, *backlog.opportunistic, *backlog.unattributed)}
        assert listed == {"FR-1", "FR-4", "FR-5"}
        assert backlog.notes == (
            "Duplicates: 1 request marked as a duplicate of a request outside the backlog keeps its "
            "own demand: FR-5 (of OUT-9).",
        )
        carol = next(c for c in original.contributions if c.account_id == "acct-carol")
        assert carol.signal.source == "comment 1 by carol on FR-3, a duplicate of FR-1"
        assert carol.signal.via == "FR-3"

    def test_the_link_type_name_is_configurable(self, jira: FakeJira, tmp_path: Path) -> None:
        one = jira.add_issue("FR-1", "SSO", reporter="alice")
        two = jira.add_issue("FR-2", "SSO again", reporter="bob")
        jira.link(two, one, "Duplicated")
        default, _ = open_session(jira, tmp_path / "a")
        assert [r.duplicate_of for r in default.backlog()] == [None, None]
        named, _ = open_session(jira, tmp_path / "b", duplicate_link="duplicated")
        marked = named.backlog()[1].duplicate_of
        assert marked is not None and marked.key == "FR-1"

    def test_an_incremental_sync_sees_a_new_link(self, jira: FakeJira, tmp_path: Path) -> None:
        one = jira.add_issue("FR-1", "SSO", reporter="alice")
        two = jira.add_issue("FR-2", "SSO again", reporter="bob")
        session, _ = open_session(jira, tmp_path)
        session.backlog()
        jira.tick(600)
        jira.link(two, one)
        again, _ = open_session(jira, tmp_path)
        requests = again.backlog()
        assert [(r.key, r.duplicate_of and r.duplicate_of.key) for r in requests] == [
            ("FR-1", None),
            ("FR-2", "FR-1"),
        ]
        assert {c.account_id for c in rank(requests, ACCOUNTS, PROFILE).ranked[0].contributions} == {
            "acct-alice",
            "acct-bob",
        }


class TestOneIssue:
    """``tag --only``, the Action and the service read one issue (``JiraSession.read_one``):
    through the JQL, so the read says when the issue left it, and with its duplicates, so it
    ranks alone as it ranks in the backlog."""

    def test_the_original_alone_gets_the_same_union_of_accounts(self, jira: FakeJira, tmp_path: Path) -> None:
        backlog_with_duplicates(jira)
        session, _ = open_session(jira, tmp_path)
        jira.calls.clear()
        issue, outside, duplicates = session.read_one("FR-1")
        assert outside is None
        assert [d.request.key for d in duplicates] == ["FR-2", "FR-3"]  # FR-3 through FR-2; FR-4 only relates
        searches = [c for c in jira.calls if "search" in c.path]
        assert len(searches) == 3  # the issue, its duplicate, the duplicate's duplicate
        alone = rank([issue.request, *(d.request for d in duplicates)], ACCOUNTS, PROFILE)
        assert {c.account_id for c in alone.item("FR-1").contributions} == {
            "acct-alice",
            "acct-bob",
            "acct-carol",
        }

    def test_an_issue_nothing_links_to_costs_one_request(self, jira: FakeJira, tmp_path: Path) -> None:
        jira.add_issue("FR-1", "SSO", reporter="alice")
        session, _ = open_session(jira, tmp_path)
        session.read_one("FR-1")  # connected, the fields resolved
        jira.calls.clear()
        _, outside, duplicates = session.read_one("FR-1")
        assert (outside, duplicates, len(jira.calls)) == (None, (), 1)

    def test_an_issue_the_jql_no_longer_matches_is_read_and_said_outside(
        self, jira: FakeJira, tmp_path: Path
    ) -> None:
        jira.add_issue("FR-1", "SSO", reporter="alice")
        jira.queries["project = FR AND statusCategory != Done"] = lambda i: (
            i.key.startswith("FR-") and i.fields["status"]["statusCategory"]["key"] != "done"
        )
        session, _ = open_session(jira, tmp_path, jql="project = FR AND statusCategory != Done")
        assert session.read_one("FR-1")[1] is None
        jira.issues["FR-1"].fields["status"] = {"name": "Done", "statusCategory": {"key": "done"}}
        issue, outside, _ = session.read_one("FR-1")
        assert issue.request.key == "FR-1" and outside == "the source's JQL no longer matches it"
