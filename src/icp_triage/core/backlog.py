"""What ranking returns: the ranked backlog and its items, as values.

A ``Backlog`` records the settings, accounts and requests it was ranked from, so explain,
the reports and tagging read everything from it (the ICP tiers, the class thresholds)
without being handed the profile again, and one request can be attributed again in detail.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from icp_triage.core.attribution import Attribution, Attributor, Signal, UnmatchedSignal
from icp_triage.core.conventions import NO_CONVENTIONS, TrackerConventions
from icp_triage.core.duplicates import NONE, Duplicates
from icp_triage.core.fit import Fit
from icp_triage.core.models import Account, RequestLike
from icp_triage.core.problems import ActiveTrigger, ProblemMatch
from icp_triage.core.settings import AttributionSettings, RankingSettings, Tiers
from icp_triage.core.tiers import DEFAULT_ICP_TIERS, RequestClass, Tier, tier_rank

# Contribution and UnattributedItem are values, but not ``frozen``: a frozen dataclass costs
# about five times as much to construct, and a 100k backlog builds a few hundred thousand.


@dataclass(slots=True)
class Contribution:
    """One account's part in one request's demand and value."""

    account_id: str
    name: str
    tier: Tier
    fit: float | None
    signal: Signal
    worth: float
    triggers: tuple[ActiveTrigger, ...] = ()  # the account's triggers active on the run's date

    @property
    def demand(self) -> float:
        return self.signal.strength * self.worth


@dataclass(slots=True)
class RankedItem:
    """A request with its scores; ``rank`` is its place in its own list."""

    key: str
    title: str
    url: str | None
    created_at: datetime | None
    klass: RequestClass
    icp_value: float
    demand: float
    icp_demand: float
    off_icp_demand: float  # over the known non-ICP tiers (C, D, anti)
    unknown_demand: float  # over tier unknown: demand = icp + off-ICP + unknown
    icp_share: float | None  # of the known demand; None when no requester's fit is known
    icp_accounts: int
    effort: float | None
    effort_assumed: bool
    value_per_effort: float | None
    low_confidence: bool
    contributions: tuple[Contribution, ...]
    attribution: Attribution
    rank: int = 0
    demand_rank: int | None = None
    problems: tuple[ProblemMatch, ...] = ()  # the ICP problems it addresses (core/problems.py)
    urgent: str | None = None  # why it is urgent: a label or a keyword, else None
    value_factor: float = 1.0  # what icp_value was multiplied by (ranking.problem_weight, urgency_weight)

    @property
    def triggered(self) -> bool:
        """Whether an account asking has a trigger active on the run's date."""
        return any(c.triggers for c in self.contributions)

    @property
    def unmatched(self) -> tuple[UnmatchedSignal, ...]:
        """Signals on this request that named no account, as ranking recorded them (all of
        them: ``Backlog.attribution_detail(key).unmatched``)."""
        return self.attribution.unmatched

    @property
    def best_tier(self) -> Tier | None:
        """The best requester's tier (``core.tiers.tier_rank``), for the ``icp-fit:`` label."""
        return min((c.tier for c in self.contributions), key=tier_rank, default=None)


@dataclass(slots=True)
class UnattributedItem:
    key: str
    title: str
    url: str | None
    created_at: datetime | None
    reasons: tuple[str, ...]
    unmatched: tuple[UnmatchedSignal, ...]
    public_reasons: tuple[str, ...] = ()  # ``reasons`` naming no account id (ambiguous matches counted)
    problems: tuple[ProblemMatch, ...] = ()  # the ICP problems it addresses, as a ranked item's
    urgent: str | None = None

    @property
    def klass(self) -> RequestClass:
        """Unattributed, always: read as a ranked item's class is."""
        return RequestClass.UNATTRIBUTED


@dataclass
class Backlog:
    """The ranked backlog: ICP-core and mixed, opportunistic, unknown-fit, unattributed."""

    profile_name: str
    profile_version: str
    weight_by: str
    ranked: list[RankedItem]
    opportunistic: list[RankedItem]
    unattributed: list[UnattributedItem]
    fits: Mapping[str, Fit]
    accounts: Mapping[str, Account]
    unknown_fit: list[RankedItem] = field(default_factory=list)  # by demand: no account's fit is known
    attributions: dict[str, Attribution] = field(default_factory=dict)
    ranking: RankingSettings = field(default_factory=RankingSettings)
    icp_tiers: tuple[str, ...] = DEFAULT_ICP_TIERS  # the settings it was ranked with: explain reads them
    tiers: Tiers = field(default_factory=Tiers)  # the fit thresholds: core.enrich reads them
    # what it was attributed from, so one request can be attributed again in detail
    attribution_settings: AttributionSettings = field(default_factory=AttributionSettings)
    orgs_by_login: Mapping[str, Sequence[str]] | None = None
    conventions: TrackerConventions = NO_CONVENTIONS
    requests: Sequence[RequestLike] = ()
    median_arr: float | None = None
    notes: tuple[str, ...] = ()  # what the reader should know about how it was ranked
    duplicates: Duplicates = NONE  # which requests are duplicates, counted for their originals
    problems: tuple[str, ...] = ()  # the ICP problems icp.yml declares, in its order
    focus: bool = False  # icp.yml declares problems, urgency or triggers: reports show them
    today: date | None = None  # the date triggers were judged on; None: not judged
    _by_key: dict[str, RankedItem | UnattributedItem] | None = field(default=None, repr=False, compare=False)

    def scored(self) -> list[RankedItem]:
        """Every attributed request, in the reports' order: ranked, opportunistic, unknown fit."""
        return [*self.ranked, *self.opportunistic, *self.unknown_fit]

    def item(self, key: str) -> RankedItem | UnattributedItem | None:
        """The request ``key`` in any of the lists, else None; a dict look-up, so tagging a
        whole backlog is linear in it (the index is built on the first call, not by ``rank``)."""
        if self._by_key is None:
            index: dict[str, RankedItem | UnattributedItem] = {}
            for collection in (self.ranked, self.opportunistic, self.unknown_fit, self.unattributed):
                for entry in collection:
                    index.setdefault(entry.key, entry)
            self._by_key = index
        return self._by_key.get(key)

    def attribution_detail(self, key: str) -> Attribution | None:
        """Request ``key``'s attribution with every unmatched signal and skipped person:
        attributed again, in detail, from the accounts, settings and request it was ranked
        with (ranking itself records unmatched signals only for unattributed requests)."""
        known = self.attributions.get(key)
        if known is None or known.detailed:
            return known
        request = next((r for r in self.requests if r.key == key), None)
        if request is None:
            return known
        attributor = Attributor(
            list(self.accounts.values()),
            self.attribution_settings,
            orgs_by_login=self.orgs_by_login,
            conventions=self.conventions,
        )
        return self.duplicates.attribute(attributor, request, detail=True)
