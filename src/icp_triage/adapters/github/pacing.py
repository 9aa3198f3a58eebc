"""GitHub's secondary limits on writes as a budget: when the next write may go, when to stop.

GitHub blocks a token that creates content too fast, for minutes, with a 403 that no retry
helps: "no more than 80 content-generating requests per minute and no more than 500
content-generating requests per hour", and at most 900 points a minute per REST endpoint
where a POST, PATCH, PUT or DELETE costs 5
(https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits).
Its best practices ask for "at least one second between each request" when making many
writes (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api).

So: every write counts against both windows (labels too: GitHub does not say which writes
create content, and a block costs more than a slower backlog). A few writes go out at once
(one issue's two or three, and the labels a new repository needs), so the Action on a new
issue never waits; once ``burst`` writes were made within a minute, writes are 1 s apart.
When the hourly window is full the caller stops rather than waiting up to an hour: tagging
is idempotent, so a re-run continues.

Pure: times are epoch seconds handed in by the caller (its clock), nothing here sleeps.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MINUTE = 60.0
HOUR = 3600.0


@dataclass(frozen=True, slots=True)
class WriteLimits:
    """The budget's numbers; the defaults are GitHub's documented ones."""

    per_minute: int = 80
    per_hour: int = 500
    points_per_minute: int = 900
    points_per_write: int = 5
    spacing: float = 1.0  # seconds between writes once `burst` were made within a minute
    burst: int = 6  # writes within a minute that need no spacing: one issue's, plus new labels
    hour_wait: float = 60.0  # wait at most this long for the hourly window, else stop

    @property
    def minute_cap(self) -> int:
        """Writes allowed in any 60 s: the content limit or the points limit, the lower."""
        return min(self.per_minute, self.points_per_minute // self.points_per_write)


@dataclass(frozen=True, slots=True)
class Pace:
    """What a sequence of writes will take at the budget (``estimate``)."""

    seconds: float  # from now until the last write that fits has gone out
    groups: int  # groups (issues) whose writes all fit in this hour's budget
    writes: int  # their writes
    total_groups: int
    total_writes: int
    resume_at: float | None  # epoch seconds when the hourly window has room again, if it runs out

    @property
    def complete(self) -> bool:
        return self.groups == self.total_groups


class WriteBudget:
    """The writes made in the last hour, and the rules above applied to them.

    :param history: epoch seconds of earlier writes (another run's, from the cache), any order.
    """

    def __init__(self, limits: WriteLimits | None = None, *, history: Iterable[float] = ()) -> None:
        self.limits = limits or WriteLimits()
        self._times: list[float] = sorted(history)

    @property
    def history(self) -> list[float]:
        """The write times still inside the hourly window of the latest one (to persist)."""
        if not self._times:
            return []
        start = bisect.bisect_right(self._times, self._times[-1] - HOUR)
        return self._times[start:]

    def _count_since(self, moment: float) -> int:
        return len(self._times) - bisect.bisect_right(self._times, moment)

    def delay(self, now: float) -> float:
        """Seconds to wait before one more write may go out at ``now`` (0: at once)."""
        limits, times = self.limits, self._times
        if not times:
            return 0.0
        wait = 0.0
        in_minute = self._count_since(now - MINUTE)
        if in_minute >= limits.burst:
            wait = max(wait, times[-1] + limits.spacing - now)
        if in_minute >= limits.minute_cap:  # the oldest write that must leave the minute window
            wait = max(wait, times[-limits.minute_cap] + MINUTE - now)
        if self._count_since(now - HOUR) >= limits.per_hour:
            wait = max(wait, times[-limits.per_hour] + HOUR - now)
        return wait

    def room_wait(self, count: int, now: float) -> float:
        """Seconds until the hourly window has room for ``count`` more writes (0: now);
        ``count`` above the hourly limit never fits (infinity)."""
        limits = self.limits
        if count > limits.per_hour:
            return float("inf")
        over = self._count_since(now - HOUR) + count - limits.per_hour
        if over <= 0:
            return 0.0
        oldest_in_hour = len(self._times) - self._count_since(now - HOUR)
        return self._times[oldest_in_hour + over - 1] + HOUR - now

    def fits(self, count: int, now: float) -> bool:
        """Whether ``count`` writes can start within ``hour_wait`` of ``now``."""
        return self.room_wait(count, now) <= self.limits.hour_wait

    def record(self, now: float) -> None:
        """Note a write made at ``now`` (times arrive in order from one clock)."""
        if self._times and now < self._times[-1]:
            bisect.insort(self._times, now)
        else:
            self._times.append(now)
        if len(self._times) > 4 * self.limits.per_hour:  # keep the list to about an hour
            self._times = self.history

    def copy(self) -> WriteBudget:
        return WriteBudget(self.limits, history=self._times)


def estimate(budget: WriteBudget, groups: Sequence[int], *, now: float) -> Pace:
    """How long writes in ``groups`` (writes per issue, in order) take at ``budget``, and how
    many groups fit before the hourly window runs out; ``budget`` itself is not changed."""
    trial = budget.copy()
    clock = now
    done_groups = done_writes = 0
    resume_at: float | None = None
    for size in groups:
        wait = trial.room_wait(size, clock)
        if wait > trial.limits.hour_wait:
            resume_at = clock + wait if wait != float("inf") else None
            break
        clock += wait
        for _ in range(size):
            clock += trial.delay(clock)
            trial.record(clock)
        done_groups += 1
        done_writes += size
    return Pace(
        seconds=clock - now,
        groups=done_groups,
        writes=done_writes,
        total_groups=len(groups),
        total_writes=sum(groups),
        resume_at=resume_at,
    )


def duration_text(seconds: float) -> str:
    """``75`` -> ``1 min 15 s``; ``4000`` -> ``1 h 7 min``; under a second -> ``under a second``."""
    if seconds < 1:
        return "under a second"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"
