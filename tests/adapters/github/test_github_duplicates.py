"""Duplicates on GitHub: the marks read from the fake (which executes every query against
GitHub's published schema), closed duplicates kept by the sync at no extra request, and
their demand counted for the original by ranking."""

from __future__ import annotations

import math
import time

import pytest

from fakes.helpers import seed
from icp_triage.adapters.github import GithubSelection, Selection, fetch_backlog, sync_repository
from icp_triage.adapters.github.conventions import GITHUB_CONVENTIONS
from icp_triage.adapters.github.duplicates import duplicate_of, named_in
from icp_triage.adapters.github.reads import fetch_issue
from icp_triage.core.backlog import RankedItem
from icp_triage.core.explain import explain
from icp_triage.core.models import Account
from icp_triage.core.ranking import rank
from icp_triage.core.settings import Profile

APP, WEB = "acme/app", "acme/web"
PROFILE = Profile.model_validate({"criteria": [{"attribute": "industry", "in": ["saas"], "weight": 1}]})
PEOPLE = ("alice", "bob", "carol", "dave", "erin", "frank", "grace", "henry", "ivan")
ACCOUNTS = [Account(id=f"acct-{p}", github_logins=(p,), attributes={"industry": "saas"}) for p in PEOPLE]


def closed_duplicate(fake, repo, *, author, canonical=None, reacted=()):
    """An issue closed as a duplicate (GitHub's "Close as duplicate": the mark, then DUPLICATE)."""
    issue = fake.add_issue(repo, author=author, labels=["feature"])
    for login in reacted:
        fake.state.react(issue, login)
    if canonical is not None:
        fake.state.mark_duplicate(issue, canonical)
    fake.state.close(issue, "DUPLICATE")
    return issue


@pytest.fixture
def backlog_with_duplicates(fake):
    """acme/app#1 (alice, +1 bob) and its duplicates:
    - #2, closed as a duplicate of #1 (carol; +1 alice, counted once);
    - acme/web#1, closed as a duplicate of acme/app#1 across repositories (dave);
    - #3, marked as a duplicate of #1 and unmarked again, still open (erin): not a duplicate;
    - #4, closed as a duplicate of #2: a chain to #1 (frank, in a comment);
    - #5, closed as a duplicate with no mark, "Duplicate of #1" in a comment (+1 grace);
    - #6, closed as a duplicate naming nothing (henry): keeps its demand, with a note;
    - #7, closed as completed (+1 ivan): no duplicate; kept as shipped, never ranked."""
    canonical = fake.add_issue(APP, author="alice", labels=["feature"])
    fake.state.react(canonical, "bob")
    two = closed_duplicate(fake, APP, author="carol", canonical=canonical, reacted=["alice"])
    closed_duplicate(fake, WEB, author="dave", canonical=canonical)
    three = fake.add_issue(APP, author="erin", labels=["feature"])
    fake.state.mark_duplicate(three, canonical)
    fake.state.tick()
    fake.state.mark_duplicate(three, canonical, marked=False)
    four = closed_duplicate(fake, APP, author=None, canonical=two)
    fake.state.add_comment(four, "frank", "same here")
    five = closed_duplicate(fake, APP, author=None, reacted=["grace"])
    fake.state.add_comment(five, "maintainer", "Thanks!\n\nDuplicate of #1")
    closed_duplicate(fake, APP, author="henry")
    seven = fake.add_issue(APP, author=None, labels=["feature"])
    fake.state.react(seven, "ivan")
    fake.state.close(seven, "COMPLETED")
    return fake


def accounts_of(item) -> set[str]:
    return {c.account_id for c in item.contributions}


class TestDuplicatesAddUp:
    def test_the_original_gets_exactly_the_union_of_accounts(self, backlog_with_duplicates, client, store):
        selection = GithubSelection(repos=(APP, WEB), labels=("feature",))
        requests = fetch_backlog(client, selection, store=store)
        marks = {r.key: (r.duplicate_of.key, r.duplicate_of.by) for r in requests if r.duplicate_of}
        assert marks == {
            "acme/app#2": ("acme/app#1", "github-mark"),
            "acme/web#1": ("acme/app#1", "github-mark"),
            "acme/app#4": ("acme/app#2", "github-mark"),
            "acme/app#5": ("acme/app#1", "github-comment"),
            "acme/app#6": (None, "github-closed"),
        }
        (seven,) = [r for r in requests if r.key == "acme/app#7"]  # closed as completed: kept as shipped
        assert (seven.state, seven.state_reason, seven.closed_at is not None) == ("closed", "completed", True)

        backlog = rank(requests, ACCOUNTS, PROFILE, conventions=GITHUB_CONVENTIONS)  # as the workspace ranks
        original = backlog.item("acme/app#1")
        assert isinstance(original, RankedItem)
        assert accounts_of(original) == {
            f"acct-{p}" for p in ("alice", "bob", "carol", "dave", "frank", "grace")
        }
        assert original.demand == pytest.approx(1.0 + 0.3 + 1.0 + 1.0 + 0.5 + 0.3)  # alice once, at 1.0
        listed = {i.key for i in (*backlog.ranked, *backlog.opportunistic, *backlog.unattributed)}
        assert listed == {"acme/app#1", "acme/app#3", "acme/app#6"}  # unmarked again; naming none; not #7
        assert accounts_of(backlog.item("acme/app#3")) == {"acct-erin"}
        assert backlog.notes == (
            "Duplicates: 1 request closed as a duplicate without naming the original (no duplicate "
            "mark, no 'Duplicate of #N' comment) keeps its own demand: acme/app#6.",
        )
        sources = {p.account_id: p.signal.source for p in explain(backlog, "acme/app#1").parts}
        assert sources["acct-dave"] == "author @dave on acme/web#1, a duplicate of acme/app#1"
        assert sources["acct-grace"] == "+1 by @grace on #5, a duplicate of #1"

    def test_closed_issues_ride_in_the_open_pages_requests(self, fake, client, store):
        """150 open and 250 closed issues (50 of them duplicates, 200 closed as completed, which
        shipped and are kept too): the closed pages come in the open pages' two requests, then
        one more each for the last 50 closed."""
        seed(fake, APP, 150)
        canonical = fake.state.repo(APP).issues[1]
        for n in range(250):
            issue = fake.add_issue(APP, author=f"closer{n}")
            if n % 5 == 0:
                fake.state.mark_duplicate(issue, canonical)
            fake.state.close(issue, "DUPLICATE" if n % 5 == 0 else "COMPLETED")
        fake.reset()
        requests = sync_repository(client, Selection(APP), store=store)
        assert fake.requests == math.ceil(250 / 100)  # = 3, where 150 open issues alone took 2
        assert len(requests) == 150 + 50 + 200
        assert sum(r.duplicate_of is not None for r in requests) == 50
        assert sum(r.state_reason == "completed" for r in requests) == 200

    def test_a_search_source_reads_the_closed_duplicates_on_their_own(self, fake, client, store):
        fake.add_issue(APP, author="alice", labels=["feature"])
        canonical = fake.state.repo(APP).issues[1]
        closed_duplicate(fake, APP, author="bob", canonical=canonical)
        fake.reset()
        requests = sync_repository(client, Selection(APP, query="label:feature"), store=store)
        assert [r.key for r in requests] == ["acme/app#1", "acme/app#2"]
        assert fake.requests == 2  # the open search, then the closed one
        assert "is:closed" in fake.calls[1].body["variables"]["query"]

    def test_an_incremental_sync_sees_a_new_duplicate_and_an_unmark(self, fake, client, store):
        canonical = fake.add_issue(APP, author="alice", labels=["feature"])
        later = fake.add_issue(APP, author="bob", labels=["feature"])
        sync_repository(client, Selection(APP), store=store)
        fake.state.tick(600)
        fake.state.mark_duplicate(later, canonical)
        fake.state.close(later, "DUPLICATE")
        fake.reset()
        requests = sync_repository(client, Selection(APP), store=store)
        assert fake.requests == 1  # the closed duplicate stays cached: no recount, no listing
        assert [(r.key, r.state, r.duplicate_of and r.duplicate_of.key) for r in requests] == [
            ("acme/app#1", "open", None),
            ("acme/app#2", "closed", "acme/app#1"),
        ]
        fake.state.tick(600)
        fake.reset()
        assert len(sync_repository(client, Selection(APP), store=store)) == 2 and fake.requests == 1
        fake.state.tick(600)
        fake.state.mark_duplicate(later, canonical, marked=False)
        fake.state.close(later, "NOT_PLANNED")
        requests = sync_repository(client, Selection(APP), store=store)
        assert [r.key for r in requests] == ["acme/app#1"]  # no longer a duplicate: it leaves


class TestMarks:
    def mark(self, kind: str, key: str) -> dict:
        repo, _, number = key.rpartition("#")
        return {
            "__typename": kind,
            "canonical": {"number": int(number), "repository": {"nameWithOwner": repo}},
        }

    def node(self, *events: dict, reason: str | None = None) -> dict:
        return {"stateReason": reason, "timelineItems": {"nodes": list(events)}}

    def test_the_newest_standing_mark_counts(self):
        node = self.node(
            self.mark("MarkedAsDuplicateEvent", "a/b#1"),
            self.mark("MarkedAsDuplicateEvent", "a/b#2"),
            self.mark("UnmarkedAsDuplicateEvent", "a/b#2"),
        )
        found = duplicate_of(node, "a/b", [])
        assert found is not None and (found.key, found.by) == ("a/b#1", "github-mark")

    def test_marked_again_after_an_unmark_stands(self):
        node = self.node(
            self.mark("MarkedAsDuplicateEvent", "a/b#1"),
            self.mark("UnmarkedAsDuplicateEvent", "a/b#1"),
            self.mark("MarkedAsDuplicateEvent", "a/b#1"),
        )
        assert duplicate_of(node, "a/b", []).key == "a/b#1"

    def test_a_comment_naming_an_unmarked_original_does_not_count(self):
        node = self.node(
            self.mark("MarkedAsDuplicateEvent", "a/b#1"),
            self.mark("UnmarkedAsDuplicateEvent", "a/b#1"),
            reason="DUPLICATE",
        )
        found = duplicate_of(node, "a/b", ["Duplicate of #1"])
        assert found is not None and (found.key, found.by) == (None, "github-closed")

    def test_an_open_issue_without_a_mark_is_no_duplicate(self):
        assert duplicate_of(self.node(), "a/b", ["Duplicate of #1"]) is None
        assert duplicate_of(self.node(reason="COMPLETED"), "a/b", ["Duplicate of #1"]) is None

    @pytest.mark.parametrize(
        ("body", "named"),
        [
            ("Duplicate of #12", "a/b#12"),
            ("duplicate of #12.", "a/b#12"),
            ("> **Duplicate of** other/repo#7", "other/repo#7"),
            ("Closing.\nDuplicate of https://github.com/x/y/issues/9 (see there)", "x/y#9"),
            ("This looks like a duplicate of #12", None),  # not GitHub's convention: the line opens with it
            ("Duplicate of the SSO request", None),
            ("Duplicate of", None),
            ("Duplicate of #", None),
        ],
    )
    def test_a_duplicate_of_line(self, body, named):
        assert named_in(body, "a/b") == named

    def test_reading_a_hostile_comment_is_linear(self):
        """Bodies of 65,536 characters built to make a backtracking pattern explode take about
        as much CPU time per character as a plain one twice as long."""
        plain = "word " * 26_000
        hostile = [
            ("Duplicate of " + "a" * 65_000 + "/"),
            ("Duplicate of " + "a/" * 32_000 + "#x"),
            ("Duplicate of https://" + "x" * 65_000),
            ("duplicate of\n" * 5_000),
        ]

        def cpu(body: str) -> float:
            started = time.process_time()
            for _ in range(20):
                named_in(body, "a/b")
            return time.process_time() - started

        baseline = cpu(plain * 2)
        for body in hostile:
            assert cpu(body) < 10 * baseline + 0.05, body[:40]


class TestOneIssueReadsItsDuplicates:
    """``tag --only``, the Action and the service read one issue and rank it alone: its
    duplicates come with it (``adapters/github/duplicated_by``), so its comment counts them as
    the whole backlog's tag does."""

    def test_the_original_alone_gets_the_same_union_of_accounts(self, backlog_with_duplicates, client):
        """With the marks also shown on the original's timeline: #2 and acme/web#1 by their
        marks, #4 through #2 (a chain), #5 by its "Duplicate of #1" mention; #3 (unmarked
        again) is read and left out. Requests: the issue, its 4 candidates, then #4."""
        fake = backlog_with_duplicates
        fake.state.marks_on_original = True
        _remark(fake)
        fake.reset()
        snapshot = fetch_issue(client, APP, 1)
        assert fake.requests == 3
        assert sorted(r.key for r in snapshot.duplicates) == [
            "acme/app#2",
            "acme/app#4",
            "acme/app#5",
            "acme/web#1",
        ]
        alone = rank(
            [snapshot.request, *snapshot.duplicates], ACCOUNTS, PROFILE, conventions=GITHUB_CONVENTIONS
        )
        assert accounts_of(alone.item("acme/app#1")) == {
            f"acct-{p}" for p in ("alice", "bob", "carol", "dave", "frank", "grace")
        }

    def test_a_mention_by_an_issue_closed_as_duplicate_finds_it(self, backlog_with_duplicates, client):
        """Marks shown only on the duplicates' timelines (the fake's default): the "Duplicate of
        #1" comment's cross-reference still finds #5; the others wait for the backlog sync."""
        fake = backlog_with_duplicates
        fake.reset()
        snapshot = fetch_issue(client, APP, 1)
        assert [r.key for r in snapshot.duplicates] == ["acme/app#5"]
        assert fake.requests == 2

    def test_an_issue_nothing_points_at_costs_one_request(self, fake, client):
        fake.add_issue(APP, author="alice", labels=["feature"])
        other = fake.add_issue(APP, author="bob", labels=["feature"])
        fake.state.add_comment(other, "carol", "see #1")  # a mention by an open issue: no candidate
        fake.reset()
        snapshot = fetch_issue(client, APP, 1)
        assert snapshot.duplicates == () and fake.requests == 1


def _remark(fake) -> None:
    """Replay the fixture's marks so the original's timeline shows them too."""
    app, web = fake.state.repo(APP), fake.state.repo(WEB)
    one = app.issues[1]
    fake.state.mark_duplicate(app.issues[2], one)
    fake.state.mark_duplicate(web.issues[1], one)
    fake.state.mark_duplicate(app.issues[3], one)
    fake.state.mark_duplicate(app.issues[3], one, marked=False)
    fake.state.mark_duplicate(app.issues[4], app.issues[2])
