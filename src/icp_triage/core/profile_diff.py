"""What a new profile version changes: tiers, the ranked backlog, and the evidence behind it.

A profile change is reviewed like code: which accounts change tier, which requests move
more than N places or switch class (opportunistic to icp-core and back), and how each
outcome's lift moves. Pure: the accounts, requests and both profiles in, a diff out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from icp_triage.core.backlog import Backlog, RankedItem
from icp_triage.core.conventions import NO_CONVENTIONS, TrackerConventions
from icp_triage.core.models import Account, RequestLike
from icp_triage.core.outcomes import OutcomeSettings, OutcomeTable, ValidationSettings
from icp_triage.core.ranking import rank
from icp_triage.core.settings import AttributionSettings, PlanningSettings, Profile, RankingSettings
from icp_triage.core.tiers import RequestClass, Tier, tier_rank
from icp_triage.core.validate import OutcomeCheck, Validation, validate


@dataclass(frozen=True)
class TierChange:
    account_id: str
    name: str
    old: Tier
    new: Tier


@dataclass(frozen=True)
class RankMove:
    key: str
    title: str
    url: str | None
    old_rank: int
    new_rank: int

    @property
    def places(self) -> int:
        """Places gained (positive: moved up the ranked backlog)."""
        return self.old_rank - self.new_rank


@dataclass(frozen=True)
class ClassSwitch:
    key: str
    title: str
    url: str | None
    old: RequestClass
    new: RequestClass


@dataclass(frozen=True)
class LiftChange:
    name: str
    old: OutcomeCheck | None
    new: OutcomeCheck | None

    @property
    def change(self) -> float | None:
        if self.old is None or self.new is None or self.old.lift is None or self.new.lift is None:
            return None
        return self.new.lift - self.old.lift


@dataclass(frozen=True)
class ProfileDiff:
    old: Profile
    new: Profile
    tier_changes: tuple[TierChange, ...]
    moved: tuple[RankMove, ...]
    switched: tuple[ClassSwitch, ...]
    lifts: tuple[LiftChange, ...]
    old_validation: Validation
    new_validation: Validation
    threshold: int
    requests: int | None

    def tier_moves(self) -> list[tuple[str, str, int]]:
        """``(old tier, new tier, accounts)`` per kind of change, best old tier first."""
        counts = Counter((c.old, c.new) for c in self.tier_changes)
        return sorted(
            ((o, n, k) for (o, n), k in counts.items()), key=lambda t: (tier_rank(t[0]), tier_rank(t[1]))
        )


def tier_changes(old: Backlog, new: Backlog, accounts: Sequence[Account]) -> tuple[TierChange, ...]:
    """Accounts whose tier differs between the two rankings, by new tier then old."""
    old_tiers = {k: f.tier for k, f in old.fits.items()}
    new_tiers = {k: f.tier for k, f in new.fits.items()}
    names = {a.id: a.display_name for a in accounts}
    changes = [
        TierChange(k, names.get(k, k), old_tiers[k], new_tiers[k])
        for k in sorted(old_tiers)
        if k in new_tiers and old_tiers[k] != new_tiers[k]
    ]
    changes.sort(key=lambda c: (tier_rank(c.new), tier_rank(c.old), c.account_id))
    return tuple(changes)


def request_changes(
    old: Backlog, new: Backlog, *, threshold: int
) -> tuple[tuple[RankMove, ...], tuple[ClassSwitch, ...]]:
    """Requests ranked in both versions that move more than ``threshold`` places, and requests
    whose class differs."""
    before: dict[str, RankedItem] = {i.key: i for i in (*old.ranked, *old.opportunistic, *old.unknown_fit)}
    after: dict[str, RankedItem] = {i.key: i for i in (*new.ranked, *new.opportunistic, *new.unknown_fit)}
    moved = []
    switched = []
    for key, item in after.items():
        previous = before.get(key)
        if previous is None:
            continue
        if previous.klass != item.klass:
            switched.append(ClassSwitch(key, item.title, item.url, previous.klass, item.klass))
        elif item.klass.listed == RequestClass.ICP_CORE.listed and abs(previous.rank - item.rank) > threshold:
            moved.append(RankMove(key, item.title, item.url, previous.rank, item.rank))
    moved.sort(key=lambda m: (-abs(m.places), m.new_rank, m.key))
    switched.sort(key=lambda s: (s.new != RequestClass.ICP_CORE, s.key))
    return tuple(moved), tuple(switched)


def lift_changes(old: Validation, new: Validation) -> tuple[LiftChange, ...]:
    names = [c.name for c in old.outcomes] + [
        c.name for c in new.outcomes if c.name not in {o.name for o in old.outcomes}
    ]
    before = {c.name: c for c in old.outcomes}
    after = {c.name: c for c in new.outcomes}
    return tuple(LiftChange(n, before.get(n), after.get(n)) for n in names)


def diff_profiles(
    accounts: Sequence[Account],
    requests: Sequence[RequestLike] | None,
    old: Profile,
    new: Profile,
    table: OutcomeTable,
    *,
    today: date,
    threshold: int = 5,
    settings: ValidationSettings | None = None,
    outcomes: OutcomeSettings | None = None,
    attribution: AttributionSettings | None = None,
    ranking: RankingSettings | None = None,
    planning: PlanningSettings | None = None,
    conventions: TrackerConventions = NO_CONVENTIONS,
) -> ProfileDiff:
    """The whole diff; with ``requests`` None only tiers and lifts are compared."""
    old_validation = validate(accounts, old, table, today=today, settings=settings, outcomes=outcomes)
    new_validation = validate(accounts, new, table, today=today, settings=settings, outcomes=outcomes)
    moved: tuple[RankMove, ...] = ()
    switched: tuple[ClassSwitch, ...] = ()

    def ranked(profile: Profile) -> Backlog:
        return rank(
            requests or [],
            accounts,
            profile,
            attribution=attribution,
            ranking=ranking,
            planning=planning,
            conventions=conventions,
        )

    old_backlog, new_backlog = ranked(old), ranked(new)
    if requests is not None:
        moved, switched = request_changes(old_backlog, new_backlog, threshold=threshold)
    return ProfileDiff(
        old=old,
        new=new,
        tier_changes=tier_changes(old_backlog, new_backlog, accounts),
        moved=moved,
        switched=switched,
        lifts=lift_changes(old_validation, new_validation),
        old_validation=old_validation,
        new_validation=new_validation,
        threshold=threshold,
        requests=len(requests) if requests is not None else None,
    )
