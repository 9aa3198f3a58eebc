"""Rank the backlog by ICP value and set feature opportunism apart.

Per request, over its accounts with strength ``s`` and worth ``w`` (1 each, or ARR with
the median standing in for a missing one): ``demand = sum s*w``, ``icp_demand`` the same over
ICP tiers, ``unknown_demand`` over tier ``unknown``, ``off_icp_demand`` over the known
non-ICP tiers, ``icp_value = sum s*w*fit/100`` (an unknown fit counts ``unknown_fit`` and
marks the item low-confidence), ``icp_share = icp_demand / (icp_demand + off_icp_demand)``,
the share of the known demand (None when no requester's fit is known: class unknown-fit).
DESIGN.md, "Formulas".
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from icp_triage.core.account_index import public_reason
from icp_triage.core.attribution import Attribution, Attributor
from icp_triage.core.backlog import Backlog, Contribution, RankedItem, UnattributedItem
from icp_triage.core.conventions import NO_CONVENTIONS, TrackerConventions
from icp_triage.core.duplicates import resolve
from icp_triage.core.effort import EffortTable, resolve_efforts
from icp_triage.core.fit import Fit, score_all
from icp_triage.core.models import Account, RequestLike, closed_as_completed
from icp_triage.core.problems import ActiveTrigger, Focus, FocusReader, all_triggers
from icp_triage.core.settings import AttributionSettings, PlanningSettings, Profile, RankingSettings
from icp_triage.core.tiers import RequestClass, Tier, classify

NO_ARR = (
    "ranking: {weight_by: arr}, but no account has an ARR, so there is no median to stand in: "
    "each account counts 1, as with weight_by: accounts. Add an arr column to the accounts."
)


def worth_table(
    accounts: Sequence[Account], ranking: RankingSettings
) -> tuple[dict[str, float], float | None]:
    """Each account's worth under ``weight_by``, and the median ARR used for missing ones;
    with no ARR on any account there is no median, and each account is worth 1."""
    known = [a.arr for a in accounts if a.arr is not None] if ranking.weight_by == "arr" else []
    if not known:  # weight_by: accounts, or no ARR to take a median of
        return {a.id: 1.0 for a in accounts}, None
    median = float(statistics.median(known))
    return {a.id: (a.arr if a.arr is not None else median) for a in accounts}, median


def icp_share(
    icp_demand: float, off_icp_demand: float, icp_accounts: int, known_accounts: int
) -> float | None:
    """``icp_demand / (icp_demand + off_icp_demand)``, the ICP share of the demand whose fit
    is known; when the known requesters weigh nothing at all (ARR 0 under ``weight_by: arr``,
    or strengths set to 0) the share of them in ICP tiers, by count; None when no requester's
    fit is known.

    0/0 has no share to take, and calling it 0% would list a request asked for only by
    zero-revenue ICP prospects as feature opportunism, the opposite of what it is. Nor is an
    account of unknown fit off the profile: counting it so guessed its fit (issue 12).
    """
    known = icp_demand + off_icp_demand
    if known > 0:
        return icp_demand / known
    return icp_accounts / known_accounts if known_accounts else None


@dataclass(slots=True)
class _Requester:
    """What ranking needs of one account, computed once rather than once per request."""

    name: str
    tier: Tier
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
        today: date | None = None,
    ) -> None:
        icp_tiers = set(profile.icp_tiers)
        self.ranking = ranking
        self.efforts = efforts
        self.focus = FocusReader(profile.problems, profile.urgency)
        self.triggers: dict[str, tuple[ActiveTrigger, ...]] = all_triggers(
            accounts, profile.triggers, today=today
        )
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

    def score(self, request: RequestLike, attribution: Attribution) -> RankedItem | UnattributedItem:
        """Score one attributed request with DESIGN.md's formulas."""
        if not attribution.best:
            unattributed = _unattributed(request, attribution)
            if self.focus.active:
                found = self.focus.read(request)
                unattributed.problems, unattributed.urgent = found.problems, found.urgent
            return unattributed
        requesters = self.requesters
        contributions = []
        demand = icp_demand = off_icp_demand = unknown_demand = icp_value = 0.0
        icp_accounts = unknown_accounts = 0
        triggers = self.triggers
        for signal in attribution.best:  # sorted by account id: sums do not depend on input order
            who = requesters[signal.account_id]
            contributions.append(
                Contribution(
                    signal.account_id,
                    who.name,
                    who.tier,
                    who.fit,
                    signal,
                    who.worth,
                    triggers.get(signal.account_id, ()),
                )
            )
            part = signal.strength * who.worth
            demand += part
            if who.is_icp:
                icp_demand += part
                icp_accounts += 1
            elif who.tier == Tier.UNKNOWN:
                unknown_demand += part
                unknown_accounts += 1
            else:
                off_icp_demand += part
            icp_value += part * who.value_factor
        known_accounts = len(contributions) - unknown_accounts
        share = icp_share(icp_demand, off_icp_demand, icp_accounts, known_accounts)
        klass = classify(share, contributions, self.ranking, by_count=icp_demand + off_icp_demand <= 0).klass
        focus = self.focus.read(request)
        factor = value_factor(focus, any(c.triggers for c in contributions), self.ranking)
        icp_value *= factor
        effort, assumed = self.efforts.effort(request)
        return RankedItem(
            request.key,
            request.title,
            request.url,
            request.created_at,
            klass,
            icp_value,
            demand,
            icp_demand,
            off_icp_demand,
            unknown_demand,
            share,
            icp_accounts,
            effort,
            assumed,
            (icp_value / effort) if effort else None,
            unknown_accounts > 0,
            tuple(contributions),
            attribution,
            problems=focus.problems,
            urgent=focus.urgent,
            value_factor=factor,
        )


def value_factor(focus: Focus, triggered: bool, ranking: RankingSettings) -> float:
    """What ``icp_value`` is multiplied by: ``1 + problem_weight`` for a request addressing an
    ICP problem, times ``1 + urgency_weight`` for an urgent one or one asked by an account
    with an active trigger; 1 with the default weights of 0 (shown, not scored)."""
    factor = 1.0
    if focus.problems and ranking.problem_weight:
        factor *= 1.0 + ranking.problem_weight
    if (focus.urgent is not None or triggered) and ranking.urgency_weight:
        factor *= 1.0 + ranking.urgency_weight
    return factor


def _unattributed(request: RequestLike, attribution: Attribution) -> UnattributedItem:
    unmatched = attribution.unmatched
    reasons = tuple(dict.fromkeys(f"{u.source}: {u.reason}" for u in unmatched))
    public = tuple(dict.fromkeys(f"{u.source}: {public_reason(u.reason)}" for u in unmatched))
    if not reasons:  # nothing named an unknown account: say who did signal, if anyone
        reasons = tuple(
            f"{where}: a bot or an ignored user (attribution.ignore_users)" for where in attribution.skipped
        )
    return UnattributedItem(
        key=request.key,
        title=request.title,
        url=request.url,
        created_at=request.created_at,
        reasons=reasons
        or ("no requester signal: no author, form field, customer label or Requested-by line",),
        unmatched=unmatched,
        public_reasons=public or reasons,
    )


def _age_key(item: RankedItem | UnattributedItem) -> float:
    """Oldest first; an item without a creation date after every dated one."""
    return item.created_at.timestamp() if item.created_at is not None else float("inf")


def _KEY(item: RankedItem | UnattributedItem) -> tuple[str, int]:
    """Keys in natural order: ``o/r#2`` before ``o/r#10``, ``PROJ-9`` before ``PROJ-10``."""
    key = item.key
    digits = len(key) - len(key.rstrip("0123456789"))
    if not digits:
        return key, -1
    return key[:-digits], int(key[-digits:])


_DEMAND = attrgetter("demand")
_ICP_VALUE = attrgetter("icp_value")
_ICP_ACCOUNTS = attrgetter("icp_accounts")
_OFF_ICP_DEMAND = attrgetter("off_icp_demand")
_RANKED = RequestClass.ICP_CORE.listed


def rank(
    requests: Sequence[RequestLike],
    accounts: Sequence[Account],
    profile: Profile,
    *,
    attribution: AttributionSettings | None = None,
    ranking: RankingSettings | None = None,
    planning: PlanningSettings | None = None,
    orgs_by_login: Mapping[str, Sequence[str]] | None = None,
    conventions: TrackerConventions = NO_CONVENTIONS,
    include_shipped: bool = False,
    today: date | None = None,
) -> Backlog:
    """Attribute, score and order every request; the same input always gives the same order.

    ``conventions`` are the tracker's: which logins are bots, which comment is icp-triage's own.
    A request closed as completed has shipped and is not ranked (nor are its duplicates),
    unless ``include_shipped``: ``core.shipped`` ranks those with today's accounts.
    ``today`` is the date ``profile.triggers`` are judged on (the surface's clock, never read
    here); None judges none active.
    """
    attribution = attribution or AttributionSettings()
    ranking = ranking or RankingSettings()
    planning = planning or PlanningSettings()
    by_id = {a.id: a for a in accounts}
    fits = score_all(accounts, profile)
    worths, median_arr = worth_table(accounts, ranking)
    attributor = Attributor(accounts, attribution, orgs_by_login=orgs_by_login, conventions=conventions)
    duplicates = resolve(requests)  # a duplicate is not ranked: its signals count for its original
    if duplicates.canonical:
        requests = [r for r in requests if not duplicates.is_folded(r.key)]
    if not include_shipped:
        requests = [r for r in requests if r.state_reason is None or not closed_as_completed(r)]
    efforts = resolve_efforts(requests, planning)
    scorer = Scorer(
        fits=fits,
        accounts=by_id,
        worths=worths,
        profile=profile,
        ranking=ranking,
        efforts=efforts,
        today=today,
    )
    attributions: dict[str, Attribution] = {}
    scored: list[RankedItem] = []
    unattributed: list[UnattributedItem] = []
    for request in requests:
        found = duplicates.attribute(attributor, request)
        if not found.best:  # unattributed: its reasons need every unmatched signal
            found = duplicates.attribute(attributor, request, detail=True)
        attributions[request.key] = found
        item = scorer.score(request, found)
        if isinstance(item, UnattributedItem):
            unattributed.append(item)
        else:
            scored.append(item)
    # Stable sorts, least significant key first: one float or str key per pass is several
    # times faster than a tuple key per item at 100k items, and gives the same order.
    by_demand = sorted(scored, key=_KEY)
    by_demand.sort(key=_DEMAND, reverse=True)
    for place, item in enumerate(by_demand, start=1):
        item.demand_rank = place
    ranked = [i for i in scored if i.klass.listed == _RANKED]
    ranked.sort(key=_KEY)
    ranked.sort(key=_age_key)
    ranked.sort(key=_ICP_ACCOUNTS, reverse=True)
    ranked.sort(key=_ICP_VALUE, reverse=True)
    opportunistic = [i for i in by_demand if i.klass == RequestClass.OPPORTUNISTIC]  # by demand, then key
    opportunistic.sort(key=_OFF_ICP_DEMAND, reverse=True)
    unknown_fit = [i for i in by_demand if i.klass == RequestClass.UNKNOWN_FIT]  # by demand, then key
    for collection in (ranked, opportunistic, unknown_fit):
        for place, item in enumerate(collection, start=1):
            item.rank = place
    unattributed.sort(key=_KEY)
    unattributed.sort(key=_age_key)
    weight_by: str = ranking.weight_by
    notes: tuple[str, ...] = (*efforts.notes(), *duplicates.notes)
    if weight_by == "arr" and median_arr is None:  # amounts would read as dollars they are not
        weight_by, notes = "accounts", (NO_ARR, *notes)
    return Backlog(
        profile_name=profile.name,
        profile_version=profile.version,
        weight_by=weight_by,
        ranked=ranked,
        opportunistic=opportunistic,
        unknown_fit=unknown_fit,
        unattributed=unattributed,
        fits=fits,
        accounts=by_id,
        attributions=attributions,
        median_arr=median_arr,
        notes=notes,
        ranking=ranking,
        icp_tiers=tuple(profile.icp_tiers),
        tiers=profile.tiers,
        attribution_settings=attribution,
        orgs_by_login=orgs_by_login,
        conventions=conventions,
        requests=requests,
        duplicates=duplicates,
        problems=tuple(p.name for p in profile.problems),
        focus=bool(scorer.focus.active or profile.triggers),
        today=today if profile.triggers else None,
    )
