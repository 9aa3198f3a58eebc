"""The trend: asks dated by their earliest signal, periods that add up, the ICP share and its
interval, verdicts only beyond the interval; and the demo's planted slide found, alone."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from icp_triage.core.ask_times import Dating, asks
from icp_triage.core.models import Account, RawRequest
from icp_triage.core.ranking import rank
from icp_triage.core.settings import Profile, RankingSettings
from icp_triage.core.tiers import RequestClass
from icp_triage.core.trend import trend
from icp_triage.reports.trend_report import trend_data

ROOT = Path(__file__).resolve().parents[2]
PROFILE = Profile.model_validate(
    {"name": "T", "version": "1", "criteria": [{"attribute": "good", "equals": True, "weight": 1}]}
)
# a, b: tier A (ICP); c, d: tier D (off-profile); u: unknown fit
ACCOUNTS = [
    Account(id=i, github_logins=(i,), attributes={} if i == "u" else {"good": i in "ab"}) for i in "abcdu"
]
T0 = datetime(2026, 1, 10, tzinfo=timezone.utc)


def at(days: float) -> str:
    return (T0 + timedelta(days=days)).isoformat()


def request(key: str, created: float | None, **kw: Any) -> RawRequest:
    return RawRequest.model_validate(
        {"key": key, "created_at": None if created is None else at(created), **kw}
    )


def backlog(requests: list[RawRequest], **ranking: Any) -> Any:
    return rank(requests, ACCOUNTS, PROFILE, ranking=RankingSettings(**ranking))


class TestAskTimes:
    def test_an_ask_is_dated_by_the_accounts_earliest_signal_at_its_strongest_strength(self) -> None:
        r = request(
            "o/r#1",
            0,
            author="a",
            comments=[{"author": "c", "body": "+1 from us", "created_at": at(40)}],
            reactions=[{"user": "c", "created_at": at(20)}, {"user": "b", "created_at": at(100)}],
        )
        found = {a.account_id: a for a in asks(backlog([r]))}
        assert (found["a"].at, found["a"].strength) == (T0, 1.0)  # the author: the request's time
        assert (found["c"].at, found["c"].strength) == (
            T0 + timedelta(days=20),
            0.5,
        )  # +1 first, comment strongest
        assert found["b"].at == T0 + timedelta(days=100)
        assert {a.dating for a in found.values()} == {Dating.SIGNAL}

    def test_a_duplicates_comment_dates_an_ask_on_its_original(self) -> None:
        original = request("o/r#1", 0, author="a")
        duplicate = request(
            "o/r#2",
            5,
            duplicate_of={"key": "o/r#1"},
            comments=[{"author": "b", "body": "x", "created_at": at(9)}],
        )
        (b,) = [a for a in asks(backlog([original, duplicate])) if a.account_id == "b"]
        assert (b.key, b.at) == ("o/r#1", T0 + timedelta(days=9))


class TestTrend:
    def test_a_request_without_signal_times_counts_at_its_created_at_and_says_so(self) -> None:
        r = request("o/r#1", 0, comments=[{"author": "a", "body": "me"}], reactions=[{"user": "c"}])
        t = trend(backlog([r]), by="month")
        (period,) = t.periods
        assert (period.label, period.asks, period.icp_demand, period.off_icp_demand) == (
            "2026-01",
            2,
            0.5,
            0.3,
        )
        assert t.dated == {Dating.REQUEST_CREATED: 2}
        assert "2 asks had no time of their own and are counted at their request's created_at." in t.notes

    def test_jira_votes_count_at_the_issues_update_and_say_so(self) -> None:
        vote = {"user": "a", "created_at": at(50), "dated_by": "issue-updated"}
        t = trend(backlog([request("P-1", 0, reactions=[vote])]), by="month")
        assert [p.label for p in t.periods] == ["2026-03"]
        assert (
            "1 ask is a Jira vote, which Jira does not date: counted at its issue's last update." in t.notes
        )

    def test_an_undated_request_is_left_out_and_said_so(self) -> None:
        t = trend(backlog([request("o/r#1", None, author="a")]))
        assert t.periods == () and t.dated == {Dating.UNDATED: 1}
        assert "1 ask is left out: neither it nor its request has a time." in t.notes[-1]

    def test_the_periods_add_up_to_the_backlogs_demand_by_account(self) -> None:
        requests = [
            request(f"o/r#{n}", 30 * n, author="abcdu"[n % 5], reactions=[{"user": "abcdu"[(n + 1) % 5]}])
            for n in range(12)
        ]
        ranked = backlog(requests, weight_by="accounts")
        t = trend(ranked, by="quarter")
        total = sum(i.demand for i in (*ranked.ranked, *ranked.opportunistic))
        assert abs(sum(p.total for p in t.periods) - total) < 1e-9
        assert [p.label for p in t.periods] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]

    def test_since_leaves_out_earlier_asks_and_says_so(self) -> None:
        requests = [request("o/r#1", 0, author="a"), request("o/r#2", 100, author="c")]
        t = trend(backlog(requests), by="month", since=date(2026, 3, 1))
        assert [p.label for p in t.periods] == ["2026-03", "2026-04"]
        assert t.periods[0].start == date(2026, 3, 1) and t.before_since == 1

    def test_no_verdict_for_a_flat_share_and_one_for_a_slide(self) -> None:
        """Three quarters at 2 ICP asks to 1 off-profile, then one where off-profile asks
        double: only the jump is a verdict; with ten times fewer asks it is within the interval."""

        def quarter(q: int, icp: int, off: int, n0: int) -> list[RawRequest]:
            made = []
            for n in range(icp + off):
                who = "ab"[n % 2] if n < icp else "cd"[n % 2]
                made.append(request(f"o/r#{n0 + n}", 91 * q + n * 0.5, author=who))
            return made

        def slide(scale: int) -> Any:
            requests: list[RawRequest] = []
            for q, (icp, off) in enumerate([(40, 20), (40, 20), (40, 20), (40, 40)]):
                requests += quarter(q, icp // scale, off // scale, 1000 * q)
            return trend(backlog(requests), by="quarter")

        t = slide(1)
        assert [v.label for v in t.verdicts] == ["2026-Q4"]
        assert t.verdicts[0].text == "off-profile demand rose from 33% to 50% of new demand in 2026-Q4"
        assert slide(10).verdicts == ()

    def test_classes_are_every_request_class(self) -> None:
        t = trend(backlog([request("o/r#1", 0, author="a")]))
        assert list(t.periods[0].demand) == list(RequestClass)


ASKERS = st.lists(
    st.tuples(
        st.sampled_from("abcdu"), st.sampled_from(["author", "comment", "reaction"]), st.integers(0, 400)
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(ASKERS, min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_shuffling_the_signals_changes_nothing(
    specs: list[list[tuple[str, str, int]]], rnd: random.Random
) -> None:
    """The order of requests, of their comments and of their reactions is no input: the same
    periods, sums, shares, intervals and verdicts, to the last digit."""
    requests = []
    for n, spec in enumerate(specs):
        author = next((who for who, kind, _ in spec if kind == "author"), None)
        comments = [{"author": w, "body": "x", "created_at": at(d)} for w, k, d in spec if k == "comment"]
        reactions = [{"user": w, "created_at": at(d)} for w, k, d in spec if k == "reaction"]
        requests.append(
            dict(key=f"o/r#{n}", created_at=at(0), author=author, comments=comments, reactions=reactions)
        )
    before = trend_data(trend(backlog([RawRequest.model_validate(r) for r in requests]), by="month"))
    shuffled = []
    for r in rnd.sample(requests, len(requests)):
        shuffled.append(
            {
                **r,
                "comments": rnd.sample(r["comments"], len(r["comments"])),
                "reactions": rnd.sample(r["reactions"], len(r["reactions"])),
            }
        )
    after = trend_data(trend(backlog([RawRequest.model_validate(r) for r in shuffled]), by="month"))
    assert after == before


def test_the_demo_finds_the_planted_slide_and_only_it() -> None:
    from icp_triage.workspace import open_workspace

    workspace = open_workspace(ROOT / "src" / "icp_triage" / "demo_data" / "icp.yml", env={})
    t = trend(workspace.rank(workspace.file_requests(None)), by="quarter")
    assert [p.label for p in t.periods] == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    icp = [p.icp_demand for p in t.periods]
    off = [p.off_icp_demand for p in t.periods]
    assert max(icp) / min(icp) < 1.15  # ICP demand flat
    assert off[3] / max(off[:3]) > 1.9  # off-profile demand doubles in the last quarter
    assert [v.text for v in t.verdicts] == [
        "off-profile demand rose from 32% to 50% of new demand in 2026-Q3"
    ]
    assert t.dated == {Dating.SIGNAL: sum(p.asks for p in t.periods)}  # every ask dated by its own signal
