"""Duplicates add up: a duplicate's signals count for its original, each account once; chains
resolve to the last original; marks that cannot be followed leave the demand where it is.
Every figure by hand, with the accounts and profile of test_ranking (fits a=100 A, b=50 B,
c=25 C, d=0 D; one account is worth 1)."""

from __future__ import annotations

from typing import Any

import pytest
from test_ranking import ACCOUNTS, PROFILE, req, run

from icp_triage.core.backlog import RankedItem
from icp_triage.core.conventions import TrackerConventions
from icp_triage.core.duplicates import resolve
from icp_triage.core.explain import explain
from icp_triage.core.models import RawRequest
from icp_triage.core.ranking import rank


def dup(key: str, of: str | None, *, by: str = "github-mark", **signals: Any) -> RawRequest:
    """A request marked as a duplicate of ``of`` (None: closed as a duplicate of nothing named)."""
    return req(key, duplicate_of={"key": of, "by": by}, **signals)


def listed(backlog: Any) -> list[str]:
    return [i.key for i in (*backlog.ranked, *backlog.opportunistic, *backlog.unattributed)]


def item(backlog: Any, key: str) -> RankedItem:
    found = backlog.item(key)
    assert isinstance(found, RankedItem), found
    return found


def accounts_of(found: RankedItem) -> dict[str, tuple[str, float, str]]:
    return {c.account_id: (c.signal.kind, c.signal.strength, c.signal.via) for c in found.contributions}


class TestFolding:
    def test_a_duplicates_signals_count_for_its_original(self):
        """#189 alone: a by label (1.0). #212, its duplicate: d the author (1.0), b a comment
        (0.5), c a +1 (0.3), a a +1 (0.3, weaker than a's label: a counts once, at 1.0).
        demand = 1.0 + 1.0 + 0.5 + 0.3 = 2.8; icp_demand (A, B) = 1.0 + 0.5 = 1.5;
        icp_value = 1.0*1.0 + 1.0*0 + 0.5*0.5 + 0.3*0.25 = 1.325; share 1.5/2.8: mixed."""
        backlog = run(
            [
                req("o/r#189", label="a"),
                dup("o/r#212", "o/r#189", author="d", comment="b", reaction="c a"),
            ]
        )
        assert listed(backlog) == ["o/r#189"]  # the duplicate is not ranked, in no list
        found = item(backlog, "o/r#189")
        assert accounts_of(found) == {
            "a": ("label", 1.0, ""),
            "b": ("comment", 0.5, "o/r#212"),
            "c": ("reaction", 0.3, "o/r#212"),
            "d": ("author", 1.0, "o/r#212"),
        }
        assert found.demand == pytest.approx(2.8)
        assert found.icp_demand == pytest.approx(1.5)
        assert found.icp_value == pytest.approx(1.325)
        assert found.icp_share == pytest.approx(1.5 / 2.8)
        assert found.klass == "mixed"
        assert backlog.notes == ()

    def test_an_account_on_both_counts_once_at_its_strongest(self):
        """a +1s the original (0.3) and wrote the duplicate (1.0): a counts 1.0, through the
        duplicate. b has a label on each (1.0 both): the original's own signal is kept."""
        backlog = run([req("o/r#1", reaction="a", label="b"), dup("o/r#2", "o/r#1", author="a", label="b")])
        found = item(backlog, "o/r#1")
        assert accounts_of(found) == {"a": ("author", 1.0, "o/r#2"), "b": ("label", 1.0, "")}
        assert found.demand == pytest.approx(2.0)

    def test_a_chain_resolves_to_the_last_original(self):
        """#3 duplicates #2, which duplicates #1: both fold into #1, whatever the order."""
        backlog = run(
            [
                dup("o/r#3", "o/r#2", reaction="c"),
                req("o/r#1", label="a"),
                dup("o/r#2", "o/r#1", comment="b"),
            ]
        )
        assert listed(backlog) == ["o/r#1"]
        found = item(backlog, "o/r#1")
        assert accounts_of(found) == {
            "a": ("label", 1.0, ""),
            "b": ("comment", 0.5, "o/r#2"),
            "c": ("reaction", 0.3, "o/r#3"),
        }
        assert found.demand == pytest.approx(1.8)  # 1.0 + 0.5 + 0.3
        assert backlog.duplicates.canonical_of("o/r#3") == "o/r#1"

    def test_keys_compare_ignoring_case(self):
        backlog = run([req("Acme/App#1", label="a"), dup("acme/app#2", "acme/APP#1", label="b")])
        assert listed(backlog) == ["Acme/App#1"]
        assert set(accounts_of(item(backlog, "Acme/App#1"))) == {"a", "b"}

    def test_an_original_asked_for_only_on_its_duplicates_is_ranked(self):
        """The original has no signal of its own; its duplicate's +1 by c makes it C-tier demand."""
        backlog = run([req("o/r#1"), dup("o/r#2", "o/r#1", reaction="c")])
        assert [i.key for i in backlog.opportunistic] == ["o/r#1"]
        assert backlog.unattributed == []

    def test_unmatched_signals_on_a_duplicate_say_where_they_were(self):
        """Neither names an account: the original is unattributed, with the duplicate's reason."""
        backlog = run([req("o/r#1"), dup("o/r#2", "o/r#1", reaction="stranger")])
        (unattributed,) = backlog.unattributed
        assert unattributed.key == "o/r#1"
        assert unattributed.reasons == (
            "+1 by @stranger on o/r#2, a duplicate of o/r#1: no account lists this GitHub login",
        )


class TestMarksNotFollowed:
    def test_a_cycle_leaves_each_its_own_demand(self):
        backlog = run(
            [dup("o/r#1", "o/r#2", label="a"), dup("o/r#2", "o/r#1", label="b"), req("o/r#3", label="c")]
        )
        assert sorted(listed(backlog)) == ["o/r#1", "o/r#2", "o/r#3"]
        assert set(accounts_of(item(backlog, "o/r#1"))) == {"a"}
        assert set(accounts_of(item(backlog, "o/r#2"))) == {"b"}
        assert backlog.notes == (
            "Duplicates: 1 cycle of duplicate marks: each request in it keeps its own demand: "
            "o/r#1 -> o/r#2 -> o/r#1.",
        )

    def test_a_duplicate_of_itself_is_a_cycle(self):
        backlog = run([dup("o/r#1", "o/r#1", label="a")])
        assert listed(backlog) == ["o/r#1"]
        assert "o/r#1 -> o/r#1" in backlog.notes[0]

    def test_a_request_leading_into_a_cycle_counts_for_the_request_it_names(self):
        """#3 duplicates #1, which is in a cycle with #2: #1 stays ranked, and #3 folds into it."""
        backlog = run([dup("o/r#1", "o/r#2"), dup("o/r#2", "o/r#1"), dup("o/r#3", "o/r#1", label="c")])
        assert sorted(listed(backlog)) == ["o/r#1", "o/r#2"]
        assert set(accounts_of(item(backlog, "o/r#1"))) == {"c"}

    def test_an_original_outside_the_backlog_leaves_the_demand_on_the_duplicate(self):
        """#5's original was closed (not in the backlog): #5 is ranked as it is, and #6, a
        duplicate of #5, counts for #5."""
        backlog = run([dup("o/r#5", "o/r#999", label="a"), dup("o/r#6", "o/r#5", label="b")])
        assert listed(backlog) == ["o/r#5"]
        assert set(accounts_of(item(backlog, "o/r#5"))) == {"a", "b"}
        assert backlog.notes == (
            "Duplicates: 1 request marked as a duplicate of a request outside the backlog keeps its "
            "own demand: o/r#5 (of o/r#999).",
        )

    def test_closed_as_a_duplicate_of_nothing_named_keeps_its_demand(self):
        backlog = run(
            [dup("o/r#7", None, by="github-closed", label="a"), dup("o/r#8", None, by="github-closed")]
        )
        assert "o/r#7" in listed(backlog) and "o/r#8" in listed(backlog)
        assert backlog.notes == (
            "Duplicates: 2 requests closed as duplicates without naming the original (no duplicate "
            "mark, no 'Duplicate of #N' comment) keep their own demand: o/r#7; o/r#8.",
        )

    def test_a_note_names_five_and_counts_the_rest(self):
        backlog = run([dup(f"o/r#{n}", f"x/y#{n}") for n in range(1, 9)])
        (note,) = backlog.notes
        assert note.endswith("o/r#5 (of x/y#5); and 3 more.")


class TestTagComment:
    def text(self, found: RankedItem) -> str:
        from types import SimpleNamespace

        from icp_triage.core.tags import Paragraph, desired_tags

        settings = SimpleNamespace(labels=True, comment=True, disclose="tier-only", prefix="icp")
        paragraphs = [b for b in desired_tags(found, settings).comment if isinstance(b, Paragraph)]
        return "".join(run.text for block in paragraphs for run in block.runs)

    def test_the_originals_comment_counts_its_duplicates(self):
        """Two duplicates with signals, #2 (b, c) and #3 (a, who counts on #1 itself)."""
        backlog = run(
            [
                req("o/r#1", label="a"),
                dup("o/r#2", "o/r#1", comment="b c"),
                dup("o/r#3", "o/r#1", reaction="a"),
            ]
        )
        text = self.text(item(backlog, "o/r#1"))
        assert "Counts the requesters of 2 duplicates of this request: 2 of the accounts asked there." in text

    def test_without_duplicates_the_comment_is_as_before(self):
        assert "duplicate" not in self.text(item(run([req("o/r#1", label="a")]), "o/r#1"))


class TestExplain:
    def test_each_signal_through_a_duplicate_says_so(self):
        """explain's per-signal lines name the duplicate and its original in full by default."""
        backlog = run([req("o/r#189", label="a"), dup("o/r#212", "o/r#189", reaction="c", comment="a")])
        parts = {p.account_id: p for p in explain(backlog, "o/r#189").parts}
        assert parts["c"].signal.source == "+1 by @c on o/r#212, a duplicate of o/r#189"
        assert [s.source for s in parts["a"].also_seen] == [
            "comment 1 by @a on o/r#212, a duplicate of o/r#189"
        ]
        assert parts["a"].signal.source == "label customer:a"

    def test_the_trackers_short_reference_is_used(self):
        """GitHub writes "#212" for an issue of the same repository: the tracker's conventions
        say how a reference is shortened, so core parses no key (GitHub's in
        tests/adapters/github/test_github_names.py)."""

        def short(key: str, beside: str) -> str:
            return "#" + key.rpartition("#")[2] if key.split("#")[0] == beside.split("#")[0] else key

        requests = [
            req("o/r#189", label="a"),
            dup("o/r#212", "o/r#189", reaction="c"),
            dup("x/y#7", "o/r#189", comment="b"),
        ]
        backlog = rank(requests, ACCOUNTS, PROFILE, conventions=TrackerConventions(short_reference=short))
        parts = {p.account_id: p for p in explain(backlog, "o/r#189").parts}
        assert parts["c"].signal.source == "+1 by @c on #212, a duplicate of #189"
        assert parts["b"].signal.source == "comment 1 by @b on x/y#7, a duplicate of o/r#189"


def test_no_marks_no_change():
    """A backlog without marks resolves to nothing, and ranks exactly as before."""
    requests = [req("o/r#1", label="a"), req("o/r#2", reaction="c")]
    assert resolve(requests).canonical == {}
    assert run(requests).notes == ()


def test_a_long_chain_resolves_in_linear_time():
    """10,000 requests in one chain fold into the last, without recursion."""
    requests = [dup(f"o/r#{n}", f"o/r#{n + 1}") for n in range(10_000)] + [req("o/r#10000", label="a")]
    found = resolve(requests)
    assert found.canonical_of("o/r#0") == "o/r#10000"
    assert len(found.folded["o/r#10000"]) == 10_000
