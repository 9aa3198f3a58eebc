"""Tiers and request classes: each one enum with one order, the only place they are listed.

Members are ``str`` (``Tier.A == "A"``, and format as their value), so fits, ranked items
and the JSON they become hold plain strings as before. ``classify`` is the one home of the
class rule; ranking, ``explain`` and the reports ask it.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Protocol


class _Text(str, Enum):
    """A str-valued enum that prints as its value (``enum.StrEnum`` needs Python 3.11)."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Tier(_Text):
    """An account's ICP tier, best first: fit tiers A to D, then ``unknown`` (too little data
    to judge), then ``anti`` (an anti-ICP signal disqualifies)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    UNKNOWN = "unknown"
    ANTI = "anti"


TIER_ORDER: tuple[str, ...] = tuple(t.value for t in Tier)
"""Best first: how tiers sort wherever requesters or accounts are ordered."""
TIER_RANK: dict[str, int] = {tier: i for i, tier in enumerate(TIER_ORDER)}

COUNT_ORDER: tuple[str, ...] = ("A", "B", "C", "D", "anti", "unknown")
"""How tier counts are listed in ``check`` and the Markdown/HTML summaries (anti before
unknown), which predates TIER_ORDER: kept so those outputs stay byte-identical. Only tally
lines use it; every sort uses TIER_ORDER."""


class RequestClass(_Text):
    """A request's class, in the order the reports list them."""

    ICP_CORE = "icp-core"
    MIXED = "mixed"
    OPPORTUNISTIC = "opportunistic"
    UNATTRIBUTED = "unattributed"


CLASSES: tuple[str, ...] = tuple(c.value for c in RequestClass)


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


def classify(
    icp_share: float, contributions: Sequence[Contributor], ranking: ClassSettings, *, by_count: bool = False
) -> tuple[str, str]:
    """The class of an attributed request and the rule that decided it, with the numbers.

    icp-core from ``core_share`` up; opportunistic below ``opportunistic_share``, or below
    ``core_share`` with an anti-ICP account among the ``top_contributors`` by demand; mixed
    otherwise. ``by_count`` says the share was taken by account count (no demand at all).
    """
    if icp_share >= ranking.core_share:
        return RequestClass.ICP_CORE.value, _reason("icp-core", icp_share, (), ranking, by_count)
    if icp_share < ranking.opportunistic_share:
        return RequestClass.OPPORTUNISTIC.value, _reason("opportunistic", icp_share, (), ranking, by_count)
    anti = _anti_on_top(contributions, ranking)
    if anti:
        return RequestClass.OPPORTUNISTIC.value, _reason("anti", icp_share, anti, ranking, by_count)
    return RequestClass.MIXED.value, _reason("mixed", icp_share, (), ranking, by_count)


def class_of(icp_share: float, contributions: Sequence[Contributor], ranking: ClassSettings) -> str:
    """``classify``'s class without the reason's text, for ranking's hot loop: the same
    thresholds and the same anti-ICP test, in the same order."""
    if icp_share >= ranking.core_share:
        return RequestClass.ICP_CORE.value
    if icp_share < ranking.opportunistic_share or _anti_on_top(contributions, ranking):
        return RequestClass.OPPORTUNISTIC.value
    return RequestClass.MIXED.value


def _anti_on_top(contributions: Sequence[Contributor], ranking: ClassSettings) -> list[str]:
    """The anti-ICP accounts among the ``top_contributors`` by demand (ties by account id)."""
    top = sorted(contributions, key=lambda c: (-c.demand, c.account_id))[: ranking.top_contributors]
    return [c.account_id for c in top if c.tier == Tier.ANTI.value]


def _reason(rule: str, icp_share: float, anti: Sequence[str], ranking: ClassSettings, by_count: bool) -> str:
    limits = (ranking.opportunistic_share, ranking.core_share)
    core, opportunistic = share_text(ranking.core_share, ()), share_text(ranking.opportunistic_share, ())
    share = f"ICP share {share_text(icp_share, limits)}"
    if by_count:
        share += " (of the accounts, by count: none of them adds demand)"
    if rule == "icp-core":
        return f"icp-core: {share} >= {core}"
    if rule == "opportunistic":
        return f"opportunistic: {share} < {opportunistic}"
    if rule == "anti":
        return (
            f"opportunistic: {share} < {core} and anti-ICP account "
            f"{', '.join(anti)} is among the top {ranking.top_contributors} contributors"
        )
    return (
        f"mixed: {opportunistic} <= {share} < {core}, "
        f"no anti-ICP account among the top {ranking.top_contributors} contributors"
    )
