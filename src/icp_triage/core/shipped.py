"""What shipped, and for whom: ICP adherence of the requests closed as completed.

A roadmap is a decision filter only if what ships follows it. Per period (quarter or month
of ``closed_at``), the shipped requests are classed as the open backlog is, by ranking them
with today's accounts and profile (the accounts and fits of the day they shipped are not
kept anywhere, so the report says so), and each class's share of the shipped effort is set
beside the same share of the open backlog. Effort is a request's estimate or effort label,
the median of the known ones standing in (``core.effort``); with no effort known at all,
every request counts 1 and the shares are by count.

Pure: the surfaces rank (``core.ranking.rank(..., include_shipped=True)`` for the shipped
part) and render; ``shipped_part`` picks the requests, ``adherence`` does the sums.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal

from icp_triage.core.backlog import Backlog, RankedItem
from icp_triage.core.effort import resolve_efforts
from icp_triage.core.models import RequestLike, closed_as_completed
from icp_triage.core.settings import PlanningSettings
from icp_triage.core.tiers import RequestClass, Tier

PeriodKind = Literal["quarter", "month"]
RANKED_TODAY = (
    "Classes are today's: shipped requests are ranked with today's accounts and profile, "
    "not with those of the day they shipped."
)
BY_COUNT = "No request states an effort (estimate or effort label): shares are by request count."


@dataclass(frozen=True)
class ClassShare:
    """One class's part of a set of requests: how many, their effort, its share of the total
    (None when the total is 0)."""

    klass: RequestClass
    requests: int
    effort: float
    share: float | None


@dataclass(frozen=True)
class Adherence:
    """A set of requests' effort split by class, one entry per class in ``RequestClass``'s order."""

    requests: int
    effort: float
    shares: tuple[ClassShare, ...]

    def of(self, klass: RequestClass) -> ClassShare:
        return next(s for s in self.shares if s.klass == klass)


@dataclass(frozen=True)
class Asker:
    """One account that asked for a shipped request, and the signal it asked with."""

    account_id: str
    name: str
    tier: Tier
    signal: str


@dataclass(frozen=True)
class ShippedItem:
    key: str
    title: str
    url: str | None
    closed_at: datetime | None
    period: str
    klass: RequestClass
    effort: float | None
    effort_assumed: bool
    askers: tuple[Asker, ...]


@dataclass(frozen=True)
class Period:
    label: str  # 2026-Q3, or 2026-07 by month
    start: date
    adherence: Adherence
    items: tuple[ShippedItem, ...]


@dataclass(frozen=True)
class ShippedReport:
    by: PeriodKind
    since: date | None
    profile_name: str
    profile_version: str
    periods: tuple[Period, ...]  # oldest first
    backlog: Adherence  # the open backlog, today
    notes: tuple[str, ...]

    def tier_only(self) -> ShippedReport:
        """The report with no account: what a public output may show (classes, efforts, shares)."""
        periods = tuple(replace(p, items=tuple(replace(i, askers=()) for i in p.items)) for p in self.periods)
        return replace(self, periods=periods)


def period_of(moment: date, by: PeriodKind) -> tuple[str, date]:
    """The label and first day of the period ``moment`` falls in."""
    if by == "month":
        return f"{moment.year}-{moment.month:02d}", date(moment.year, moment.month, 1)
    quarter = (moment.month - 1) // 3
    return f"{moment.year}-Q{quarter + 1}", date(moment.year, quarter * 3 + 1, 1)


def last_quarter(today: date) -> tuple[str, date, date]:
    """The last whole quarter before ``today``'s: its label, first day, and the first day after it."""
    _, start = period_of(today, "quarter")
    year, month = (start.year, start.month - 3) if start.month > 3 else (start.year - 1, 10)
    label, first = period_of(date(year, month, 1), "quarter")
    return label, first, start


def _closed_on(request: RequestLike) -> date | None:
    when = request.closed_at or request.updated_at
    return when.date() if when is not None else None


def shipped_part(requests: Sequence[RequestLike], *, since: date | None = None) -> list[RequestLike]:
    """The requests closed as completed (on or after ``since``), with the duplicates whose
    demand counts for them: what ``rank(..., include_shipped=True)`` needs to class them."""
    chosen = [
        r
        for r in requests
        if closed_as_completed(r) and (since is None or ((day := _closed_on(r)) is not None and day >= since))
    ]
    keys = {r.key.casefold() for r in chosen}
    folded = [
        r
        for r in requests
        if r.duplicate_of is not None
        and r.duplicate_of.key is not None
        and r.duplicate_of.key.casefold() in keys
        and r.key.casefold() not in keys
    ]
    return [*chosen, *folded]


def _split(pairs: Iterable[tuple[RequestClass, float]], count: int) -> Adherence:
    efforts = dict.fromkeys(RequestClass, 0.0)
    counts = dict.fromkeys(RequestClass, 0)
    for klass, effort in pairs:
        efforts[klass] += effort
        counts[klass] += 1
    total = sum(efforts.values())
    shares = tuple(
        ClassShare(k, counts[k], efforts[k], efforts[k] / total if total > 0 else None) for k in RequestClass
    )
    return Adherence(count, total, shares)


def _efforts(
    requests: Sequence[RequestLike], planning: PlanningSettings
) -> tuple[dict[str, tuple[float, bool]], bool]:
    """Each request's effort and whether the median stood in; True when no effort was known
    at all (then each request counts 1)."""
    table = resolve_efforts(requests, planning)
    if table.median is None:
        return {r.key: (1.0, False) for r in requests}, bool(requests)
    found = {}
    for request in requests:
        effort, assumed = table.effort(request)
        found[request.key] = (effort if effort is not None else table.median, assumed)
    return found, False


def _askers(item: object) -> tuple[Asker, ...]:
    if not isinstance(item, RankedItem):
        return ()
    return tuple(Asker(c.account_id, c.name, c.tier, c.signal.source) for c in item.contributions)


def adherence(
    shipped: Backlog,
    open_backlog: Backlog,
    planning: PlanningSettings,
    *,
    by: PeriodKind = "quarter",
    since: date | None = None,
) -> ShippedReport:
    """The shipped requests of ``shipped`` (ranked with ``include_shipped``) by period, with
    their classes' shares of the shipped effort, beside the open backlog's shares."""
    done = [r for r in shipped.requests if closed_as_completed(r)]
    efforts, shipped_by_count = _efforts(done, planning)
    periods: dict[str, tuple[date, list[ShippedItem]]] = {}
    undated = 0
    for request in done:
        day = _closed_on(request)
        if day is None:
            undated += 1
            continue
        label, start = period_of(day, by)
        item = shipped.item(request.key)
        assert item is not None  # every ranked request lands in one of the lists
        effort, assumed = efforts[request.key]
        entry = ShippedItem(
            request.key,
            request.title,
            request.url,
            request.closed_at,
            label,
            item.klass,
            effort,
            assumed,
            _askers(item),
        )
        periods.setdefault(label, (start, []))[1].append(entry)
    listed = []
    for label, (start, items) in sorted(periods.items(), key=lambda p: p[1][0]):
        items.sort(key=lambda i: (i.closed_at is None, i.closed_at or datetime.min, i.key))
        split = _split(((i.klass, i.effort or 0.0) for i in items), len(items))
        listed.append(Period(label, start, split, tuple(items)))
    open_requests = list(open_backlog.requests)
    open_efforts, open_by_count = _efforts(open_requests, planning)
    pairs = []
    for request in open_requests:
        item = open_backlog.item(request.key)
        if item is not None:
            pairs.append((item.klass, open_efforts[request.key][0]))
    notes = [RANKED_TODAY]
    if shipped_by_count or open_by_count:
        notes.append(BY_COUNT)
    if undated:
        notes.append(f"{undated} request(s) closed as completed carry no closing date and are left out.")
    late = sum(1 for r in done if r.closed_at is None and r.updated_at is not None)
    if late:
        notes.append(f"{late} request(s) carry no closed_at and are counted at their last update.")
    return ShippedReport(
        by=by,
        since=since,
        profile_name=open_backlog.profile_name,
        profile_version=open_backlog.profile_version,
        periods=tuple(listed),
        backlog=_split(pairs, len(pairs)),
        notes=tuple(notes),
    )
