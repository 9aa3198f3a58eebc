"""New demand over time: per month or quarter, the demand that arrived by class, the ICP share
of it with a 95% interval, and a verdict where the share moved beyond its interval.

New demand is counted where each account first asked for a request (``core.ask_times``), at
the strength of its strongest signal there, each account worth 1 (as ``weight_by: accounts``),
whatever ``ranking.weight_by`` says: over time the question is who asks, and weighed by
revenue three accounts would decide every period's share. The periods add up to the
backlog's demand so weighed. A request's class is today's.

The ICP share of a period is ``icp / (icp + off-profile)`` over the demand of accounts of
known fit (tier ``unknown`` left out, as ``icp_share``). Its interval is Wilson's at the
asks' effective number (Kish's ``(sum w)^2 / sum w^2``: a +1 weighs less than an author). A
period is compared with the periods before it since the last change, at most a year of them
pooled; where Newcombe's 95% interval of the difference leaves out 0, the share moved: a
verdict, and the next periods are compared with the new level. Sums are exact (``fsum``), so
the order of the signals changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from icp_triage.core.ask_times import Ask, Dating, asks
from icp_triage.core.backlog import Backlog
from icp_triage.core.stats import Interval, newcombe_difference, wilson
from icp_triage.core.tiers import RequestClass, Tier

Granularity = Literal["month", "quarter"]
YEAR = {"month": 12, "quarter": 4}  # how many periods the baseline pools at most


@dataclass(frozen=True, slots=True)
class PeriodDemand:
    """One period's new demand: per class (every class, in ``RequestClass`` order), by fit."""

    label: str
    start: date
    end: date  # its last day
    demand: dict[RequestClass, float]
    icp_demand: float
    off_icp_demand: float
    unknown_demand: float
    asks: int
    effective_asks: float  # Kish's effective number of the asks of known fit
    icp_share: float | None
    interval: Interval | None

    @property
    def total(self) -> float:
        return self.icp_demand + self.off_icp_demand + self.unknown_demand


@dataclass(frozen=True, slots=True)
class Verdict:
    """The off-profile share of new demand moved in ``label`` beyond its 95% interval,
    against the pooled periods ``baseline`` (first and last label)."""

    label: str
    baseline: tuple[str, str]
    before: float  # off-profile share in the baseline
    after: float  # off-profile share in the period
    change: Interval  # of after - before, 95%

    @property
    def rose(self) -> bool:
        return self.after > self.before

    @property
    def text(self) -> str:
        """E.g. "off-profile demand rose from 31% to 52% of new demand in 2026-Q3"."""
        verb = "rose" if self.rose else "fell"
        return f"off-profile demand {verb} from {self.before:.0%} to {self.after:.0%} of new demand in {self.label}"

    @property
    def detail(self) -> str:
        """What it was compared with and how sure: the baseline and the change's interval."""
        first, last = self.baseline
        span = first if first == last else f"{first} to {last}"
        low, high = (self.change.low or 0.0) * 100, (self.change.high or 0.0) * 100
        return f"against {span}; the change's 95% interval: {low:+.0f} to {high:+.0f} points"


@dataclass(frozen=True, slots=True)
class Trend:
    """The periods, the verdicts, and how every ask was dated or why it was left out."""

    by: Granularity
    since: date | None
    periods: tuple[PeriodDemand, ...]
    verdicts: tuple[Verdict, ...]
    dated: dict[Dating, int]  # asks counted, by how their time is known (UNDATED: left out)
    before_since: int
    weight_by: str

    @property
    def notes(self) -> tuple[str, ...]:
        """What a reader must know to read the numbers: the unit, and every ask not dated by
        its own signal."""
        notes = [
            "New demand: each account once per request, when it first asked, at its strongest "
            "signal's strength (author 1, comment 0.5, +1 0.3 by default), each account worth 1"
            + (
                " (not ARR: revenue would let three accounts decide every share)."
                if self.weight_by == "arr"
                else "."
            )
            + " Shares are of the demand from accounts of known fit; a request's class is today's."
        ]
        counted = {  # (one, several)
            Dating.REQUEST_CREATED: (
                "1 ask had no time of its own and is counted at its request's created_at.",
                "{n} asks had no time of their own and are counted at their request's created_at.",
            ),
            Dating.ISSUE_UPDATED: (
                "1 ask is a Jira vote, which Jira does not date: counted at its issue's last update.",
                "{n} asks are Jira votes, which Jira does not date: counted at their issue's last update.",
            ),
            Dating.UNDATED: (
                "1 ask is left out: neither it nor its request has a time.",
                "{n} asks are left out: neither they nor their request have a time.",
            ),
        }
        for how, (one, several) in counted.items():
            n = self.dated.get(how, 0)
            if n:
                notes.append(one if n == 1 else several.format(n=n))
        if self.before_since:
            n = self.before_since
            notes.append(f"{n} ask{'s' if n != 1 else ''} before {self.since} left out (--since).")
        return tuple(notes)


def _period(moment: date, by: Granularity) -> tuple[int, int]:
    """(year, month 1-12 or quarter 1-4)."""
    return (moment.year, moment.month if by == "month" else (moment.month - 1) // 3 + 1)


def _label(key: tuple[int, int], by: Granularity) -> str:
    return f"{key[0]}-{key[1]:02d}" if by == "month" else f"{key[0]}-Q{key[1]}"


def _bounds(key: tuple[int, int], by: Granularity) -> tuple[date, date]:
    year, n = key
    first = n if by == "month" else 3 * n - 2
    last = first + (0 if by == "month" else 2)
    after = date(year + 1, 1, 1) if last == 12 else date(year, last + 1, 1)
    return date(year, first, 1), date.fromordinal(after.toordinal() - 1)


@dataclass
class _Pool:
    """Known-fit weights of some asks: what a share and its effective size are taken from."""

    icp: list[float]
    off: list[float]

    def share(self) -> tuple[float, float] | None:
        """(ICP share, Kish's effective number), or None with no known demand."""
        icp, off = math.fsum(self.icp), math.fsum(self.off)
        total = icp + off
        if total <= 0:
            return None
        squares = math.fsum(w * w for w in (*self.icp, *self.off))
        return icp / total, max(1.0, total * total / squares)


_ICP, _OFF, _UNJUDGED = 0, 1, 2  # the sides of an ask: an ICP tier, a known non-ICP tier, no known fit


def _side(tier: Tier, icp_tiers: Sequence[str]) -> int:
    return _ICP if tier in icp_tiers else (_UNJUDGED if tier == Tier.UNKNOWN else _OFF)


def trend(backlog: Backlog, *, by: Granularity = "quarter", since: date | None = None) -> Trend:
    """The backlog's new demand per ``by`` period, from ``since`` on (default: the first ask)."""
    found = asks(backlog)
    dated: dict[Dating, int] = {}
    kept: list[tuple[tuple[int, int], Ask]] = []
    before_since = 0
    for ask in found:
        dated[ask.dating] = dated.get(ask.dating, 0) + 1
        if ask.at is None:
            continue
        day = ask.at.date()
        if since is not None and day < since:
            before_since += 1
            continue
        kept.append((_period(day, by), ask))
    periods: list[PeriodDemand] = []
    pools: list[_Pool] = []
    if kept:
        key = _period(since, by) if since is not None else min(k for k, _ in kept)
        last = max(k for k, _ in kept)
        grouped: dict[tuple[int, int], list[Ask]] = {}
        for k, ask in kept:
            grouped.setdefault(k, []).append(ask)
        while key <= last:
            period, pool = _summary(key, grouped.get(key, []), backlog.icp_tiers, by, since)
            periods.append(period)
            pools.append(pool)
            key = (key[0] + 1, 1) if key[1] == YEAR[by] else (key[0], key[1] + 1)
    return Trend(
        by=by,
        since=since,
        periods=tuple(periods),
        verdicts=tuple(_verdicts(periods, pools, YEAR[by])),
        dated=dated,
        before_since=before_since,
        weight_by=backlog.weight_by,
    )


def _summary(
    key: tuple[int, int], items: list[Ask], icp_tiers: Sequence[str], by: Granularity, since: date | None
) -> tuple[PeriodDemand, _Pool]:
    start, end = _bounds(key, by)
    if since is not None and start < since <= end:
        start = since
    by_class: dict[RequestClass, list[float]] = {klass: [] for klass in RequestClass}
    sides: list[list[float]] = [[], [], []]
    for ask in items:
        by_class[ask.klass].append(ask.strength)
        sides[_side(ask.tier, icp_tiers)].append(ask.strength)
    pool = _Pool(sides[_ICP], sides[_OFF])
    measured = pool.share()
    share, effective, interval = None, 0.0, None
    if measured is not None:
        share, effective = measured
        low, high = wilson(min(share * effective, effective), effective)
        interval = Interval(low, high)
    period = PeriodDemand(
        label=_label(key, by),
        start=start,
        end=end,
        demand={klass: math.fsum(values) for klass, values in by_class.items()},
        icp_demand=math.fsum(sides[_ICP]),
        off_icp_demand=math.fsum(sides[_OFF]),
        unknown_demand=math.fsum(sides[_UNJUDGED]),
        asks=len(items),
        effective_asks=effective,
        icp_share=share,
        interval=interval,
    )
    return period, pool


def _verdicts(periods: list[PeriodDemand], pools: list[_Pool], window: int) -> list[Verdict]:
    """Each period against the pooled periods before it since the last change (a year at
    most); a verdict where the 95% interval of the difference leaves out 0."""
    verdicts: list[Verdict] = []
    anchor = 0
    for t, period in enumerate(periods):
        now = pools[t].share()
        base = [i for i in range(max(anchor, t - window), t) if periods[i].icp_share is not None]
        if now is None or not base:
            continue
        pooled = _Pool([w for i in base for w in pools[i].icp], [w for i in base for w in pools[i].off])
        then = pooled.share()
        if then is None:  # pragma: no cover - base holds only periods with a share
            continue
        (p1, n1), (p2, n2) = now, then
        change = newcombe_difference(min(p1 * n1, n1), n1, min(p2 * n2, n2), n2)  # ICP share: now - then
        if (change.low or 0.0) > 0 or (change.high or 0.0) < 0:
            off_change = Interval(-(change.high or 0.0), -(change.low or 0.0))
            first, last = periods[base[0]].label, periods[base[-1]].label
            verdicts.append(Verdict(period.label, (first, last), 1 - p2, 1 - p1, off_change))
            anchor = t
    return verdicts
