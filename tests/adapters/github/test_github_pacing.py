"""The write budget alone: GitHub's secondary limits as times, no HTTP and no sleeping."""

from __future__ import annotations

import itertools

import pytest

from fakes.helpers import most_in_any_window
from icp_triage.adapters.github.pacing import WriteBudget, WriteLimits, duration_text, estimate

T0 = 1_800_000_000.0


def drive(budget: WriteBudget, count: int, *, now: float) -> tuple[list[float], float]:
    """Make ``count`` writes as fast as the budget lets a client (no time passes otherwise)."""
    made = []
    for _ in range(count):
        now += budget.delay(now)
        budget.record(now)
        made.append(now)
    return made, now


class TestDelay:
    def test_one_issues_writes_go_out_at_once(self):
        budget = WriteBudget()
        made, end = drive(budget, 4, now=T0)
        assert made == [T0] * 4 and end == T0

    def test_many_writes_are_a_second_apart_after_the_burst(self):
        made, _ = drive(WriteBudget(), 10, now=T0)
        assert made[:6] == [T0] * 6
        assert [b - a for a, b in itertools.pairwise(made[5:])] == [1.0] * 4

    def test_an_idle_minute_refills_the_burst(self):
        budget = WriteBudget()
        _, end = drive(budget, 10, now=T0)
        later = end + 61
        assert budget.delay(later) == 0

    def test_no_minute_ever_holds_more_than_80_nor_an_hour_more_than_500(self):
        budget = WriteBudget(WriteLimits(spacing=0.0, burst=1000, hour_wait=10_000))
        made, _ = drive(budget, 1200, now=T0)
        assert most_in_any_window(made, 60) == 80
        assert most_in_any_window(made, 3600) == 500

    def test_a_full_minute_lets_the_next_write_go_when_its_oldest_leaves(self):
        # 80 writes half a second apart fill the minute by T0 + 39.5; the 81st waits for the
        # first to leave (T0 + 60), not a minute after the latest (T0 + 99.5)
        made, _ = drive(WriteBudget(WriteLimits(spacing=0.5, burst=0)), 81, now=T0)
        assert made[79] == T0 + 39.5 and made[80] == T0 + 60

    def test_a_long_running_budget_keeps_about_an_hour_of_writes(self):
        # a service worker keeps one budget for days: it must not grow with every write made
        budget = WriteBudget(WriteLimits(spacing=0.0, burst=10_000, hour_wait=10_000))
        drive(budget, 5000, now=T0)  # ten full hours of writes
        assert len(budget._times) <= 4 * budget.limits.per_hour
        assert budget.history == sorted(budget.history) and len(budget.history) <= 500

    def test_points_cap_the_minute_when_lower(self):
        limits = WriteLimits(per_minute=500, points_per_minute=900, points_per_write=5)
        assert limits.minute_cap == 180


class TestHourlyRoom:
    def test_room_until_500_then_a_wait_until_the_oldest_leave(self):
        budget = WriteBudget(history=[T0 + i for i in range(498)])
        now = T0 + 600
        assert budget.room_wait(2, now) == 0
        assert budget.room_wait(3, now) == pytest.approx(T0 + 3600 - now)
        assert budget.room_wait(4, now) == pytest.approx(T0 + 1 + 3600 - now)
        assert not budget.fits(3, now)
        assert budget.fits(3, T0 + 3600 - 30)  # within a minute of room: worth the wait

    def test_a_group_of_exactly_the_hourly_limit_fits_an_empty_hour(self):
        budget = WriteBudget()
        assert budget.room_wait(500, T0) == 0 and budget.fits(500, T0)
        assert budget.room_wait(501, T0) == float("inf") and not budget.fits(501, T0)

    def test_a_wait_of_exactly_hour_wait_is_worth_it(self):
        budget = WriteBudget(history=[T0 + i for i in range(500)])
        now = T0 + 3600 - 60  # the oldest write leaves the hour in exactly hour_wait (60 s)
        assert budget.room_wait(1, now) == 60.0
        assert budget.fits(1, now) and not budget.fits(1, now - 1)

    def test_history_from_another_run_counts(self):
        budget = WriteBudget(history=[T0 - 100.0] * 500)
        assert not budget.fits(1, T0)
        assert budget.fits(1, T0 + 3500)

    def test_history_keeps_only_the_last_hour(self):
        budget = WriteBudget(history=[T0 - 7200, T0 - 10, T0])
        assert budget.history == [T0 - 10, T0]


class TestEstimate:
    def test_a_backlog_that_fits(self):
        pace = estimate(WriteBudget(), [2] * 100, now=T0)
        assert pace.complete and pace.writes == 200
        assert pace.seconds == 194.0  # 6 at once, then 194 one second apart
        assert pace.resume_at is None

    def test_a_backlog_over_the_hour_says_what_fits_and_when_to_resume(self):
        budget = WriteBudget()
        pace = estimate(budget, [3] * 300, now=T0)
        assert not pace.complete
        assert (pace.groups, pace.writes, pace.total_groups) == (166, 498, 300)
        assert pace.resume_at == T0 + 3600  # the first burst leaves the window
        assert budget.history == []  # the estimate changes nothing

    def test_the_estimate_matches_the_writes_made(self):
        budget = WriteBudget()
        pace = estimate(budget, [1] * 50, now=T0)
        _, end = drive(budget, 50, now=T0)
        assert pace.seconds == end - T0


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.2, "under a second"),
        (45, "45 s"),
        (120, "2 min"),
        (75, "1 min 15 s"),
        (4000, "1 h 6 min"),
        (59.7, "1 min"),  # rounded, not cut: "59 s" for 59.7 s
        (89.6, "1 min 30 s"),
    ],
)
def test_duration_text(seconds, text):
    assert duration_text(seconds) == text
