"""Rank the backlog by ICP value and set feature opportunism apart.

Per request, over its accounts with strength ``s`` and worth ``w`` (1 each, or ARR with
the median standing in for a missing one): ``demand = sum s*w``, ``icp_demand`` the same over
ICP tiers, ``icp_value = sum s*w*fit/100`` (an unknown fit counts ``unknown_fit`` and marks
the item low-confidence), ``icp_share = icp_demand / demand``. DESIGN.md, "Formulas".
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from icp_triage.core.attribution import Attribution, Attributor, Signal, UnmatchedSignal
from icp_triage.core.effort import EffortTable, resolve_efforts
from icp_triage.core.fit import Fit, score_all
from icp_triage.core.models import Account, RawRequest
from icp_triage.core.settings import AttributionSettings, PlanningSettings, Profile, RankingSettings

CLASSES = ("icp-core", "mixed", "opportunistic", "unattributed")


@dataclass(frozen=True, slots=True)
class Contribution:
    """One account's part in one request's demand and value."""

    account_id: str
    name: str
    tier: str
    fit: float | None
    signal: Signal
    worth: float

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
    klass: str
    icp_value: float
    demand: float
    icp_demand: float
    off_icp_demand: float
    icp_share: float
    icp_accounts: int
    effort: float | None
    effort_assumed: bool
    value_per_effort: float | None
    low_confidence: bool
    contributions: tuple[Contribution, ...]
    attribution: Attribution
    rank: int = 0
    demand_rank: int | None = None

    @property
    def unmatched(self) -> tuple[UnmatchedSignal, ...]:
        """Signals on this request that named no account, with their reasons."""
        return self.attribution.unmatched

    @property
    def best_tier(self) -> str | None:
        """The best requester's tier (A first, unknown last), for the ``icp-fit:`` label."""
        order = {"A": 0, "B": 1, "C": 2, "D": 3, "unknown": 4, "anti": 5}
        tiers = sorted((c.tier for c in self.contributions), key=order.__getitem__)
        return tiers[0] if tiers else None


@dataclass(frozen=True, slots=True)
class UnattributedItem:
    key: str
    title: str
    url: str | None
    created_at: datetime | None
    reasons: tuple[str, ...]
    unmatched: tuple[UnmatchedSignal, ...]


@dataclass
class Backlog:
    """The ranked backlog: ICP-core and mixed, opportunistic, unattributed."""

    profile_name: str
    profile_version: str
    weight_by: str
    ranked: list[RankedItem]
    opportunistic: list[RankedItem]
    unattributed: list[UnattributedItem]
    fits: Mapping[str, Fit]
    accounts: Mapping[str, Account]
    attributions: dict[str, Attribution] = field(default_factory=dict)
    median_arr: float | None = None

    def item(self, key: str) -> RankedItem | UnattributedItem | None:
        for collection in (self.ranked, self.opportunistic, self.unattributed):
            for entry in collection:
                if entry.key == key:
                    return entry
        return None


def worth_table(
    accounts: Sequence[Account], ranking: RankingSettings
) -> tuple[dict[str, float], float | None]:
    """Each account's worth under ``weight_by``, and the median ARR used for missing ones."""
    if ranking.weight_by == "accounts":
        return {a.id: 1.0 for a in accounts}, None
    known = [a.arr for a in accounts if a.arr is not None]
    median = float(statistics.median(known)) if known else 1.0
    return {a.id: (a.arr if a.arr is not None else median) for a in accounts}, median


def classify(icp_share: float, contributions: Sequence[Contribution], ranking: RankingSettings) -> str:
    """icp-core, mixed or opportunistic; an anti account among the top contributors tips a
    request below ``core_share`` into opportunistic."""
    if icp_share >= ranking.core_share:
        return "icp-core"
    if icp_share < ranking.opportunistic_share:
        return "opportunistic"
    top = sorted(contributions, key=lambda c: (-c.demand, c.account_id))[: ranking.top_contributors]
    if any(c.tier == "anti" for c in top):
        return "opportunistic"
    return "mixed"


@dataclass(frozen=True, slots=True)
class _Requester:
    """What ranking needs of one account, computed once rather than once per request."""

    name: str
    tier: str
    fit: float | None
    worth: float
    is_icp: bool
    value_factor: float  # fit / 100, or unknown_fit when the fit is unknown


class Scorer:
    """Scores attributed requests against fixed fits, worths and settings."""

    def __init__(
        self,
        *,
        fits: Mapping[str, Fit],
        accounts: Mapping[str, Account],
        worths: Mapping[str, float],
        profile: Profile,
        ranking: RankingSettings,
        efforts: EffortTable,
    ) -> None:
        icp_tiers = set(profile.icp_tiers)
        self.ranking = ranking
        self.efforts = efforts
        self.requesters = {
            key: _Requester(
                name=account.display_name,
                tier=fits[key].tier,
                fit=fits[key].fit,
                worth=worths[key],
                is_icp=fits[key].tier in icp_tiers,
                value_factor=ranking.unknown_fit if fits[key].fit is None else (fits[key].fit or 0.0) / 100.0,
            )
            for key, account in accounts.items()
        }

    def score(self, request: RawRequest, attribution: Attribution) -> RankedItem | UnattributedItem:
        """Score one attributed request with DESIGN.md's formulas."""
        if not attribution.best:
            return _unattributed(request, attribution)
        requesters = self.requesters
        contributions = []
        demand = icp_demand = icp_value = 0.0
        icp_accounts = 0
        low_confidence = False
        for signal in attribution.best:  # sorted by account id: sums do not depend on input order
            who = requesters[signal.account_id]
            contributions.append(
                Contribution(signal.account_id, who.name, who.tier, who.fit, signal, who.worth)
            )
            part = signal.strength * who.worth
            demand += part
            if who.is_icp:
                icp_demand += part
                icp_accounts += 1
            if who.fit is None:
                low_confidence = True
            icp_value += part * who.value_factor
        icp_share = icp_demand / demand if demand > 0 else 0.0
        effort, assumed = self.efforts.effort(request)
        return RankedItem(
            request.key,
            request.title,
            request.url,
            request.created_at,
            classify(icp_share, contributions, self.ranking),
            icp_value,
            demand,
            icp_demand,
            max(0.0, demand - icp_demand),
            icp_share,
            icp_accounts,
            effort,
            assumed,
            (icp_value / effort) if effort else None,
            low_confidence,
            tuple(contributions),
            attribution,
        )


def _unattributed(request: RawRequest, attribution: Attribution) -> UnattributedItem:
    unmatched = attribution.unmatched
    reasons = tuple(dict.fromkeys(f"{u.source}: {u.reason}" for u in unmatched))
    return UnattributedItem(
        key=request.key,
        title=request.title,
        url=request.url,
        created_at=request.created_at,
        reasons=reasons
        or ("no requester signal: no author, form field, customer label or Requested-by line",),
        unmatched=unmatched,
    )


def _age_key(created: datetime | None) -> float:
    return created.timestamp() if created is not None else float("inf")


def rank(
    requests: Sequence[RawRequest],
    accounts: Sequence[Account],
    profile: Profile,
    *,
    attribution: AttributionSettings | None = None,
    ranking: RankingSettings | None = None,
    planning: PlanningSettings | None = None,
    orgs_by_login: Mapping[str, Sequence[str]] | None = None,
) -> Backlog:
    """Attribute, score and order every request; the same input always gives the same order."""
    attribution = attribution or AttributionSettings()
    ranking = ranking or RankingSettings()
    planning = planning or PlanningSettings()
    by_id = {a.id: a for a in accounts}
    fits = score_all(accounts, profile)
    worths, median_arr = worth_table(accounts, ranking)
    attributor = Attributor(accounts, attribution, orgs_by_login=orgs_by_login)
    efforts = resolve_efforts(requests, planning)
    scorer = Scorer(
        fits=fits, accounts=by_id, worths=worths, profile=profile, ranking=ranking, efforts=efforts
    )
    attributions: dict[str, Attribution] = {}
    scored: list[RankedItem] = []
    unattributed: list[UnattributedItem] = []
    for request in requests:
        found = attributor.attribute(request)
        attributions[request.key] = found
        item = scorer.score(request, found)
        if isinstance(item, UnattributedItem):
            unattributed.append(item)
        else:
            scored.append(item)
    for place, item in enumerate(sorted(scored, key=lambda i: (-i.demand, i.key)), start=1):
        item.demand_rank = place
    ranked = sorted(
        (i for i in scored if i.klass != "opportunistic"),
        key=lambda i: (-i.icp_value, -i.icp_accounts, _age_key(i.created_at), i.key),
    )
    opportunistic = sorted(
        (i for i in scored if i.klass == "opportunistic"),
        key=lambda i: (-i.off_icp_demand, -i.demand, i.key),
    )
    for collection in (ranked, opportunistic):
        for place, item in enumerate(collection, start=1):
            item.rank = place
    unattributed.sort(key=lambda i: (_age_key(i.created_at), i.key))
    return Backlog(
        profile_name=profile.name,
        profile_version=profile.version,
        weight_by=ranking.weight_by,
        ranked=ranked,
        opportunistic=opportunistic,
        unattributed=unattributed,
        fits=fits,
        accounts=by_id,
        attributions=attributions,
        median_arr=median_arr,
    )
