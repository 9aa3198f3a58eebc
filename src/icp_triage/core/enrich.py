"""Accounts to enrich: the PM's to-do list for the CRM.

An account of tier ``unknown`` lacks too many of the profile's attributes to be judged, and
the ranking does not guess (DESIGN.md, "Formulas"). Which of them are worth looking up? Those
that carry the most demand across the backlog, and those whose fit, once known, would move
requests from one class to another. For each unknown-fit account this module says which
criteria it lacks, and re-classifies every request it asked for twice: once with every
criterion it lacks met (its best case) and once with none of them met (its worst), its known
criteria and anti-ICP signals as they are. A request counts as changed when its class
differs from the one it has now.

Pure: it reads the ``Backlog`` (its fits, ICP tiers, tier thresholds and class thresholds)
and asks ``classify`` and ``ranking.icp_share``, so the counts follow the ranking's own rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from icp_triage.core.backlog import Backlog, RankedItem
from icp_triage.core.fit import CriterionResult, Fit, lacking, tier_of
from icp_triage.core.ranking import icp_share
from icp_triage.core.tiers import Tier, classify


def lacking_text(fit: Fit) -> str:
    """``industry, employees (not a number)``: the attributes of ``lacking(fit)``, in the
    profile's order, each once."""
    named: dict[str, str] = {}
    for c in lacking(fit):
        note = f" ({c.note})" if c.note and c.note != "no value" else ""
        named.setdefault(c.attribute, c.attribute + note)
    return ", ".join(named.values())


@dataclass(frozen=True, slots=True)
class Enrichment:
    """One unknown-fit account: what it carries, what it lacks, and what knowing it would change.

    ``if_met`` / ``if_missed`` are its tier with every criterion it lacks met / missed;
    ``changed_if_met`` / ``changed_if_missed`` the keys of the requests whose class would
    then differ from the one they have.
    """

    account_id: str
    name: str
    coverage: float
    demand: float
    requests: int
    lacking: tuple[CriterionResult, ...]
    lacking_text: str
    if_met: Tier
    if_missed: Tier
    changed_if_met: tuple[str, ...]
    changed_if_missed: tuple[str, ...]


class _Part(NamedTuple):
    """One account's part in a request, as the class rule reads it (``tiers.Contributor``)."""

    account_id: str
    tier: str
    demand: float


def known_tiers(fit: Fit, backlog: Backlog) -> tuple[Tier, Tier]:
    """The tiers ``fit`` would earn with every criterion it lacks met, and with none of them met.

    Every criterion is then known: ``fit = 100 * matched / total`` less the anti-ICP points
    it already has (floor 0), under the thresholds the backlog was ranked with.
    """
    if fit.total <= 0:
        return Tier.UNKNOWN, Tier.UNKNOWN
    extra = sum(c.weight for c in lacking(fit))
    best = max(0.0, 100.0 * ((fit.matched + extra) / fit.total) - fit.penalty)
    worst = max(0.0, 100.0 * (fit.matched / fit.total) - fit.penalty)
    return tier_of(best, backlog.tiers), tier_of(worst, backlog.tiers)


def reclassify(item: RankedItem, account_id: str, tier: str, backlog: Backlog) -> str:
    """``item``'s class were ``account_id`` of ``tier``: the ranking's sums and rule again."""
    icp_tiers = set(backlog.icp_tiers)
    parts = [
        _Part(c.account_id, tier if c.account_id == account_id else c.tier, c.demand)
        for c in item.contributions
    ]
    icp = off = 0.0
    icp_accounts = known_accounts = 0
    for part in parts:
        if part.tier in icp_tiers:
            icp += part.demand
            icp_accounts += 1
        elif part.tier != Tier.UNKNOWN:
            off += part.demand
        if part.tier != Tier.UNKNOWN:
            known_accounts += 1
    share = icp_share(icp, off, icp_accounts, known_accounts)
    return classify(share, parts, backlog.ranking, by_count=icp + off <= 0).klass


def _changed(items: Sequence[RankedItem], account_id: str, tier: Tier, backlog: Backlog) -> tuple[str, ...]:
    if tier == Tier.UNKNOWN:
        return ()
    return tuple(i.key for i in items if reclassify(i, account_id, tier, backlog) != i.klass)


def enrich(backlog: Backlog) -> tuple[Enrichment, ...]:
    """Every unknown-fit account that asked for something, most demand first (then by id)."""
    behind: dict[str, list[RankedItem]] = {}
    demand: dict[str, float] = {}
    for item in backlog.scored():
        for c in item.contributions:
            if c.tier == Tier.UNKNOWN:
                behind.setdefault(c.account_id, []).append(item)
                demand[c.account_id] = demand.get(c.account_id, 0.0) + c.demand
    out = []
    for account_id in sorted(behind, key=lambda k: (-demand[k], k)):
        fit = backlog.fits[account_id]
        account = backlog.accounts.get(account_id)
        best, worst = known_tiers(fit, backlog)
        items = behind[account_id]
        out.append(
            Enrichment(
                account_id=account_id,
                name=account.display_name if account is not None else account_id,
                coverage=fit.coverage,
                demand=demand[account_id],
                requests=len(items),
                lacking=lacking(fit),
                lacking_text=lacking_text(fit),
                if_met=best,
                if_missed=worst,
                changed_if_met=_changed(items, account_id, best, backlog),
                changed_if_missed=_changed(items, account_id, worst, backlog),
            )
        )
    return tuple(out)
