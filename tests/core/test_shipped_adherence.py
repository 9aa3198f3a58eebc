"""core.shipped: which requests shipped, the effort split by class, and what rank leaves out."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from test_ranking import ACCOUNTS, PROFILE, req

from icp_triage.core.models import RawRequest
from icp_triage.core.ranking import rank
from icp_triage.core.settings import PlanningSettings
from icp_triage.core.shipped import BY_COUNT, adherence, last_quarter, period_of, shipped_part
from icp_triage.core.tiers import RequestClass


def done(key: str, closed: str | None, *, reason: str = "completed", **kw: Any) -> RawRequest:
    return req(key, state="closed", state_reason=reason, closed_at=closed, **kw)


def report(requests: list[RawRequest], **kw: Any):
    shipped = rank(shipped_part(requests, since=kw.get("since")), ACCOUNTS, PROFILE, include_shipped=True)
    return adherence(shipped, rank(requests, ACCOUNTS, PROFILE), PlanningSettings(), **kw)


def test_only_requests_closed_as_completed_have_shipped_and_rank_leaves_them_out():
    requests = [
        req("o/r#1", label="a"),
        done("o/r#2", "2026-02-01T00:00:00Z", label="a", estimate=3),
        done("o/r#3", "2026-02-01T00:00:00Z", label="d", reason="not_planned", estimate=5),
        req("o/r#4", label="d", state="closed", closed_at="2026-02-01T00:00:00Z"),  # closed, no reason
        done("o/r#5", "2026-02-02T00:00:00Z", label="d", reason="COMPLETED", estimate=1),  # GitHub's spelling
    ]
    backlog = rank(requests, ACCOUNTS, PROFILE)
    assert sorted(i.key for i in backlog.ranked + backlog.opportunistic) == ["o/r#1", "o/r#3", "o/r#4"]
    found = report(requests)
    (period,) = found.periods
    assert [i.key for i in period.items] == ["o/r#2", "o/r#5"]
    assert period.adherence.of(RequestClass.ICP_CORE).share == pytest.approx(3 / 4)
    assert period.adherence.of(RequestClass.OPPORTUNISTIC).share == pytest.approx(1 / 4)


def test_a_duplicate_of_a_shipped_request_counts_for_it_and_is_not_ranked():
    requests = [
        done("o/r#2", "2026-02-01T00:00:00Z", label="d", estimate=2),
        req("o/r#9", label="a b", state="closed", duplicate_of={"key": "o/r#2"}),
    ]
    assert not rank(requests, ACCOUNTS, PROFILE).ranked
    (period,) = report(requests).periods
    (item,) = period.items
    assert {a.account_id for a in item.askers} == {"a", "b", "d"}


def test_the_median_stands_in_and_with_no_effort_at_all_shares_are_by_count():
    with_median = [
        done("o/r#1", "2026-04-01T00:00:00Z", label="a", estimate=2),
        done("o/r#2", "2026-04-02T00:00:00Z", label="a", estimate=4),
        done("o/r#3", "2026-04-03T00:00:00Z", label="d", estimate=9),
        done("o/r#4", "2026-04-04T00:00:00Z", label="d"),  # the median of 2, 4, 9: 4
    ]
    (period,) = report(with_median).periods
    assert period.adherence.of(RequestClass.OPPORTUNISTIC).effort == 13
    assert [i.effort_assumed for i in period.items] == [False, False, False, True]
    by_count = report(
        [done("o/r#1", "2026-04-01T00:00:00Z", label="a"), done("o/r#2", "2026-04-02T00:00:00Z")]
    )
    assert BY_COUNT in by_count.notes
    assert by_count.periods[0].adherence.of(RequestClass.UNATTRIBUTED).share == 0.5


def test_since_periods_and_a_missing_closing_date():
    requests = [
        done("o/r#1", "2025-12-31T23:00:00Z", label="a", estimate=1),
        done("o/r#2", "2026-01-01T00:00:00Z", label="a", estimate=1),
        done("o/r#3", None, label="a", estimate=1, updated_at="2026-05-01T00:00:00Z"),
    ]
    found = report(requests, since=date(2026, 1, 1))
    assert [(p.label, [i.key for i in p.items]) for p in found.periods] == [
        ("2026-Q1", ["o/r#2"]),
        ("2026-Q2", ["o/r#3"]),
    ]
    assert any("counted at their last update" in n for n in found.notes)


def test_periods():
    assert period_of(date(2026, 9, 30), "quarter") == ("2026-Q3", date(2026, 7, 1))
    assert period_of(date(2026, 9, 30), "month") == ("2026-09", date(2026, 9, 1))
    assert last_quarter(date(2026, 11, 2)) == ("2026-Q3", date(2026, 7, 1), date(2026, 10, 1))
    assert last_quarter(date(2026, 2, 2)) == ("2025-Q4", date(2025, 10, 1), date(2026, 1, 1))


def test_tier_only_drops_every_asker():
    found = report([done("o/r#1", "2026-04-01T00:00:00Z", label="a", estimate=2)])
    assert found.periods[0].items[0].askers
    assert not found.tier_only().periods[0].items[0].askers
