"""Why a request ranks where it does: the accounts, signals and arithmetic behind its scores.

``explain`` shows ranking's own figures, computed once, beside their terms: each account's
part (the same accounts, signals, worths and factors ``rank`` used), so a reader can redo
the sums by hand and a test can check that the terms add up to the figures exactly.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from icp_triage.core.attribution import Signal, UnmatchedSignal
from icp_triage.core.backlog import Backlog, Contribution, RankedItem, UnattributedItem
from icp_triage.core.enrich import lacking_text
from icp_triage.core.fit import Fit
from icp_triage.core.problems import ActiveTrigger, ProblemMatch
from icp_triage.core.tiers import RequestClass, Tier, classify, share_text

__all__ = ["AccountPart", "Explanation", "UnknownKey", "explain", "find", "share_text"]


class UnknownKey(LookupError):
    """No request has the key; ``suggestions`` lists close ones; ``canonical`` is the request a
    duplicate's signals count for, when the key is a duplicate's (it is not ranked)."""

    def __init__(self, key: str, suggestions: Sequence[str], canonical: str | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.suggestions = tuple(suggestions)
        self.canonical = canonical


@dataclass(frozen=True, slots=True)
class AccountPart:
    """One account's share of a request: ``demand = strength x worth``, ``value = demand x factor``.

    ``worth_source`` is ``account`` (1 each), ``arr`` or ``median-arr`` (ARR unknown).
    ``factor`` is ``fit / 100``, or ``unknown_fit`` when the fit is unknown.
    """

    account_id: str
    name: str
    tier: Tier
    fit: float | None
    icp: bool
    signal: Signal
    signals: tuple[Signal, ...]
    worth: float
    worth_source: str
    demand: float
    factor: float
    value: float
    explanation: Fit
    triggers: tuple[ActiveTrigger, ...] = ()  # the account's triggers active on the run's date

    @property
    def counted(self) -> int:
        """The index in ``signals`` of the one signal that counts (``signal``), or -1.

        Exactly one: a body saying "Requested-by: Globex" twice holds two equal signals, and
        marking both counted made explain's CSV add up to twice rank's demand.
        """
        for i, s in enumerate(self.signals):
            if s is self.signal:
                return i
        for i, s in enumerate(self.signals):
            if s == self.signal:
                return i
        return -1

    @property
    def also_seen(self) -> tuple[Signal, ...]:
        """Every signal of the account but the one that counts (duplicates of it included)."""
        counted = self.counted
        return tuple(s for i, s in enumerate(self.signals) if i != counted)


@dataclass(frozen=True, slots=True)
class Explanation:
    """Everything behind one request's place in the backlog."""

    key: str
    title: str
    url: str | None
    klass: RequestClass
    rank: int | None
    demand_rank: int | None
    weight_by: str
    parts: tuple[AccountPart, ...]
    unmatched: tuple[UnmatchedSignal, ...]
    demand: float
    icp_demand: float
    off_icp_demand: float
    unknown_demand: float
    icp_value: float
    icp_share: float | None
    class_reason: str
    effort: float | None
    effort_assumed: bool
    value_per_effort: float | None
    low_confidence: bool
    reasons: tuple[str, ...]
    icp_tiers: tuple[str, ...]
    unknown_fit: float
    class_shares: tuple[float, ...]
    """The ICP shares the class is decided by (``opportunistic_share``, ``core_share``)."""
    focus: bool = False  # icp.yml declares problems, urgency or triggers (core/problems.py)
    problems: tuple[ProblemMatch, ...] = ()
    declared_problems: int = 0
    urgent: str | None = None
    value_factor: float = 1.0
    weights: tuple[float, float] = (0.0, 0.0)  # ranking.problem_weight, ranking.urgency_weight
    unknown_accounts: tuple[tuple[str, str], ...] = ()
    """Each requester of unknown fit with the attributes it lacks (``core.enrich.lacking_text``):
    what to look up in the CRM for this request's class to be known."""

    @property
    def triggered(self) -> bool:
        return any(p.triggers for p in self.parts)

    @property
    def listed(self) -> str:
        """The list of the backlog the request is in (``RequestClass.listed``)."""
        return self.klass.listed


def find(backlog: Backlog, key: str) -> RankedItem | UnattributedItem:
    """The request with ``key`` (exact, else case-insensitive, else a unique ``#N`` suffix).

    :raises UnknownKey: when no request matches, with the closest keys.
    """
    found = backlog.item(key)
    if found is not None:
        return found
    canonical = backlog.duplicates.canonical_of(key)
    if canonical is not None:
        raise UnknownKey(key, (), canonical)
    everything: list[RankedItem | UnattributedItem] = [
        *backlog.ranked,
        *backlog.opportunistic,
        *backlog.unknown_fit,
        *backlog.unattributed,
    ]
    folded = [i for i in everything if i.key.casefold() == key.casefold()]
    if len(folded) == 1:
        return folded[0]
    if key.startswith("#") or key.isdigit():
        suffix = "#" + key.lstrip("#")
        ends = [i for i in everything if i.key.endswith(suffix)]
        if len(ends) == 1:
            return ends[0]
    scored = []
    for candidate in (i.key for i in everything):
        ratio = difflib.SequenceMatcher(None, key, candidate).ratio()
        if ratio >= 0.5:
            scored.append((-round(ratio, 6), candidate))
    raise UnknownKey(key, [candidate for _, candidate in sorted(scored)[:5]])


def explain(backlog: Backlog, key: str) -> Explanation:
    """Explain the request ``key`` of ``backlog`` with the settings it was ranked with (its
    ICP tiers and class thresholds), so the explanation cannot disagree with the ranking.

    :raises UnknownKey: when the backlog has no such request.
    """
    ranking, icp_tiers = backlog.ranking, backlog.icp_tiers
    item = find(backlog, key)
    attribution = backlog.attribution_detail(item.key)
    all_signals = attribution.signals if attribution else ()
    unmatched = attribution.unmatched if attribution else item.unmatched
    if isinstance(item, UnattributedItem):
        return Explanation(
            key=item.key,
            title=item.title,
            url=item.url,
            klass=item.klass,
            rank=None,
            demand_rank=None,
            weight_by=backlog.weight_by,
            parts=(),
            unmatched=unmatched,
            demand=0.0,
            icp_demand=0.0,
            off_icp_demand=0.0,
            unknown_demand=0.0,
            icp_value=0.0,
            icp_share=0.0,
            class_reason=f"{item.klass}: no signal on it names a known account",
            effort=None,
            effort_assumed=False,
            value_per_effort=None,
            low_confidence=False,
            reasons=item.reasons,
            icp_tiers=icp_tiers,
            unknown_fit=ranking.unknown_fit,
            class_shares=(ranking.opportunistic_share, ranking.core_share),
        )
    parts = tuple(
        _part(c, backlog, all_signals, set(icp_tiers), ranking.unknown_fit) for c in item.contributions
    )
    return Explanation(
        key=item.key,
        title=item.title,
        url=item.url,
        klass=item.klass,
        rank=item.rank,
        demand_rank=item.demand_rank,
        weight_by=backlog.weight_by,
        parts=parts,
        unmatched=unmatched,
        # ranking's own figures, never summed again here: the parts above are their terms
        demand=item.demand,
        icp_demand=item.icp_demand,
        off_icp_demand=item.off_icp_demand,
        unknown_demand=item.unknown_demand,
        icp_value=item.icp_value,
        icp_share=item.icp_share,
        class_reason=classify(
            item.icp_share, item.contributions, ranking, by_count=item.icp_demand + item.off_icp_demand <= 0
        ).reason,
        effort=item.effort,
        effort_assumed=item.effort_assumed,
        value_per_effort=item.value_per_effort,
        low_confidence=item.low_confidence,
        reasons=(),
        icp_tiers=icp_tiers,
        unknown_fit=ranking.unknown_fit,
        class_shares=(ranking.opportunistic_share, ranking.core_share),
        focus=backlog.focus,
        problems=item.problems,
        declared_problems=len(backlog.problems),
        urgent=item.urgent,
        value_factor=item.value_factor,
        weights=(ranking.problem_weight, ranking.urgency_weight),
        unknown_accounts=tuple(
            (p.account_id, lacking_text(p.explanation)) for p in parts if p.tier == Tier.UNKNOWN
        ),
    )


def _part(
    contribution: Contribution,
    backlog: Backlog,
    all_signals: Sequence[Signal],
    icp_tiers: set[str],
    unknown_fit: float,
) -> AccountPart:
    account = backlog.accounts.get(contribution.account_id)
    if backlog.weight_by != "arr":
        source = "account"
    elif account is not None and account.arr is not None:
        source = "arr"
    else:
        source = "median-arr"
    factor = unknown_fit if contribution.fit is None else contribution.fit / 100.0
    demand = contribution.demand
    return AccountPart(
        account_id=contribution.account_id,
        name=contribution.name,
        tier=contribution.tier,
        fit=contribution.fit,
        icp=contribution.tier in icp_tiers,
        signal=contribution.signal,
        signals=tuple(s for s in all_signals if s.account_id == contribution.account_id),
        worth=contribution.worth,
        worth_source=source,
        demand=demand,
        factor=factor,
        value=demand * factor,
        explanation=backlog.fits[contribution.account_id],
        triggers=contribution.triggers,
    )
