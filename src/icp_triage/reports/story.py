"""The one line that tells what ICP ranking changed compared with raw demand, and the one that
tells whether new demand is sliding off the profile over time (``core.trend``'s verdicts)."""

from __future__ import annotations

from icp_triage.core.backlog import Backlog
from icp_triage.core.tiers import RequestClass
from icp_triage.core.trend import Trend


def headline(backlog: Backlog) -> str:
    """E.g. "By raw demand X would rank #1; by ICP value it is opportunistic: 3 accounts, all off-profile"."""
    everything = backlog.ranked + backlog.opportunistic + backlog.unknown_fit
    loudest = next((i for i in everything if i.demand_rank == 1), None)
    if loudest is None:
        return "No request could be attributed to an account: check attribution in icp.yml."
    first = f'By raw demand {loudest.key} "{_short(loudest.title)}" would rank #1; '
    if loudest.klass == RequestClass.OPPORTUNISTIC:
        off = [c for c in loudest.contributions if c.tier not in backlog.icp_tiers]
        n = len(loudest.contributions)
        who = "all off-profile" if len(off) == n else f"{len(off)} off-profile"
        tiers = ", ".join(sorted({c.tier for c in off}))
        first += f"by ICP value it is opportunistic: {n} account{'s' if n != 1 else ''}, {who} ({tiers})."
    elif loudest.klass == RequestClass.UNKNOWN_FIT:
        n = len(loudest.contributions)
        who = "its only account is" if n == 1 else f"its {n} accounts are all"
        first += (
            f"by ICP value it is unknown-fit: {who} of unknown fit (accounts --enrich says what to look up)."
        )
    else:
        first += f"by ICP value it ranks #{loudest.rank}."
    if backlog.ranked and backlog.ranked[0] is not loudest:
        top = backlog.ranked[0]
        first += (
            f' ICP #1 is {top.key} "{_short(top.title)}" from {top.icp_accounts} ICP '
            f"account{'s' if top.icp_accounts != 1 else ''} (#{top.demand_rank} by raw demand)."
        )
    return first


def _short(title: str, width: int = 40) -> str:
    title = " ".join(title.split())
    return title if len(title) <= width else title[: width - 1] + "…"


def drift(trend: Trend) -> str | None:
    """E.g. "Over time: off-profile demand rose from 32% to 50% of new demand in 2026-Q3
    (`icp-triage trend`)."; None when no period's share moved beyond its interval. Tiers and
    shares only: no account is named, so it fits a public summary."""
    if not trend.verdicts:
        return None
    said = "; ".join(v.text for v in trend.verdicts)
    return f"Over time: {said} (`icp-triage trend`)."
