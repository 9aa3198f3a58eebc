"""Tiers and request classes: each one enum with one order, the only place they are listed.

Members are ``str`` (``Tier.A == "A"``, and format as their value): fits, ranked items and
plans hold members, and the JSON, CSV and text they become read as the plain names.
``classify`` is the one home of the class rule; ranking and ``explain`` ask it. A profile's
ICP tiers (``DEFAULT_ICP_TIERS`` unless icp.yml names others) and the class thresholds
(``core.settings.RankingSettings``) are read from the ``Backlog`` they ranked everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import Literal, NamedTuple, Protocol


class _Text(str, Enum):
    """A str-valued enum that prints as its value (``enum.StrEnum`` needs Python 3.11)."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Tier(_Text):
    """An account's ICP tier, best first: fit tiers A to D, then ``unknown`` (too little data
    to judge), then ``anti`` (an anti-ICP signal disqualifies). The order is the one order
    tiers sort in (``tier_rank``)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    UNKNOWN = "unknown"
    ANTI = "anti"


FIT_TIERS: tuple[Tier, ...] = (Tier.A, Tier.B, Tier.C, Tier.D)
"""The tiers a fit score earns (``profile.tiers``' thresholds), and so the only ones
``icp_tiers`` may name."""
FitTierName = Literal["A", "B", "C", "D"]
"""``FIT_TIERS`` as the type icp.yml's ``icp_tiers`` is validated with (a test holds the two equal)."""
DEFAULT_ICP_TIERS: tuple[FitTierName, ...] = (Tier.A.value, Tier.B.value)
"""The ICP tiers when icp.yml names none (DESIGN.md); a backlog records the ones it was ranked with."""

tier_rank: Callable[[str], int] = {tier.value: place for place, tier in enumerate(Tier)}.__getitem__
"""A tier's place in ``Tier``'s order, best first: the sort key wherever tiers are ordered."""

TALLY_ORDER: tuple[Tier, ...] = (*FIT_TIERS, Tier.ANTI, Tier.UNKNOWN)
"""How counts of accounts per tier are listed (``check``, the accounts' Markdown and HTML):
the tiers a score earns, the accounts the profile rules out, then those it cannot judge.
A display order only, older than ``Tier``'s and kept so those outputs read as before; every
sort uses ``tier_rank``."""


class RequestClass(_Text):
    """A request's class, in the order the reports list them."""

    ICP_CORE = "icp-core"
    MIXED = "mixed"
    OPPORTUNISTIC = "opportunistic"
    UNKNOWN_FIT = "unknown-fit"
    """Asked for only by accounts whose fit is unknown: no ICP share to take, and no guess."""
    UNATTRIBUTED = "unattributed"

    @property
    def listed(self) -> str:
        """The list of the backlog a request of this class is in: ``ranked`` (icp-core and
        mixed, by ICP value), ``opportunistic`` (by off-ICP demand), ``unknown-fit`` (by
        demand) or ``unattributed``."""
        return "ranked" if self in (RequestClass.ICP_CORE, RequestClass.MIXED) else self.value


class ClassSettings(Protocol):
    """The part of ``ranking:`` the class rule reads (``RankingSettings``)."""

    @property
    def core_share(self) -> float: ...
    @property
    def opportunistic_share(self) -> float: ...
    @property
    def top_contributors(self) -> int: ...


class Contributor(Protocol):
    """What the class rule reads of one account's part in a request."""

    @property
    def account_id(self) -> str: ...
    @property
    def tier(self) -> str: ...
    @property
    def demand(self) -> float: ...


def share_text(share: float, limits: Sequence[float]) -> str:
    """``share`` as a percentage with the fewest decimals (0 to 4) that keep it on the same
    side of every one of ``limits`` as the exact value.

    Rounded to whole percent, 0.598 printed "mixed: 30% <= ICP share 60% < 60%": a false
    sentence next to a class that was right. 59.8% is what decided it, so that is shown.
    """
    exact = share * 100
    for digits in range(5):
        shown = round(exact, digits)
        if all((shown >= round(limit * 100, 6)) == (exact >= round(limit * 100, 6)) for limit in limits):
            break
    return f"{shown:.{digits}f}%"


class Classification(NamedTuple):
    """A request's class and what decided it. ``reason`` words the rule with its numbers only
    when asked: ranking classifies every request and reads ``klass``; explain reads both.
    ``icp_share`` is None when no requester's fit is known (``unknown-fit``)."""

    klass: RequestClass
    icp_share: float | None
    anti: tuple[str, ...]
    """The anti-ICP accounts among the top contributors, when they made the request opportunistic."""
    ranking: ClassSettings
    by_count: bool

    @property
    def reason(self) -> str:
        ranking = self.ranking
        if self.icp_share is None:
            return f"{self.klass}: no requester's fit is known, so there is no ICP share to take"
        core, opportunistic = share_text(ranking.core_share, ()), share_text(ranking.opportunistic_share, ())
        share = f"ICP share {share_text(self.icp_share, (ranking.opportunistic_share, ranking.core_share))}"
        if self.by_count:
            share += " (of the accounts, by count: none of them adds demand)"
        top = f"the top {ranking.top_contributors} contributors"
        if self.klass == RequestClass.ICP_CORE:
            return f"{self.klass}: {share} >= {core}"
        if self.anti:
            return (
                f"{self.klass}: {share} < {core} and anti-ICP account {', '.join(self.anti)} is among {top}"
            )
        if self.klass == RequestClass.OPPORTUNISTIC:
            return f"{self.klass}: {share} < {opportunistic}"
        return f"{self.klass}: {opportunistic} <= {share} < {core}, no anti-ICP account among {top}"


def classify(
    icp_share: float | None,
    contributions: Sequence[Contributor],
    ranking: ClassSettings,
    *,
    by_count: bool = False,
) -> Classification:
    """The class of an attributed request, the one rule for it.

    ``icp_share`` is the share of the known demand (None when no requester's fit is known:
    unknown-fit, never guessed to be on or off the profile). icp-core from ``core_share`` up;
    opportunistic below ``opportunistic_share``, or below ``core_share`` with an anti-ICP
    account among the ``top_contributors`` by demand; mixed otherwise. ``by_count`` says the
    share was taken by account count (no known demand at all).
    """
    if icp_share is None:
        return Classification(RequestClass.UNKNOWN_FIT, None, (), ranking, by_count)
    if icp_share >= ranking.core_share:
        return Classification(RequestClass.ICP_CORE, icp_share, (), ranking, by_count)
    if icp_share < ranking.opportunistic_share:
        return Classification(RequestClass.OPPORTUNISTIC, icp_share, (), ranking, by_count)
    anti = _anti_on_top(contributions, ranking)
    klass = RequestClass.OPPORTUNISTIC if anti else RequestClass.MIXED
    return Classification(klass, icp_share, anti, ranking, by_count)


def _anti_on_top(contributions: Sequence[Contributor], ranking: ClassSettings) -> tuple[str, ...]:
    """The anti-ICP accounts among the ``top_contributors`` by demand (ties by account id)."""
    top = sorted(contributions, key=lambda c: (-c.demand, c.account_id))[: ranking.top_contributors]
    return tuple(c.account_id for c in top if c.tier == Tier.ANTI)
