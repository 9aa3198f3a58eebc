"""What a tier-only view of a backlog may show: tiers, classes and counts, no account and no
revenue (``tagging.disclose: tier-only`` for public job summaries, ``public_read: tier-only``
for the service's readers without a token).

Under ``weight_by: arr`` every amount is revenue, so a tier-only view divides it by the
median account's ARR and says so: 2.0 reads "twice the median account", the ranking still
reads, and no revenue shows. ``tier_only`` is the redacted backlog the service and the HTML
report render; the Markdown job summary keeps its own public reasons (its readers can see
the issues) and takes the same unit and words from here.
"""

from __future__ import annotations

import dataclasses

from icp_triage.core.backlog import Backlog, RankedItem, UnattributedItem

IN_MEDIAN_ACCOUNTS = "in median accounts (no revenue shown)"
TIER_ONLY_REASON = "names no known account"


def median_account_unit(backlog: Backlog) -> float | None:
    """What a tier-only view divides every amount by: the median account's ARR under
    ``weight_by: arr`` (1 when no account has one); None when amounts count accounts and
    disclose nothing."""
    if backlog.weight_by != "arr":
        return None
    return backlog.median_arr or 1.0


def tier_only(backlog: Backlog) -> Backlog:
    """The backlog with nothing that names an account or its revenue: no account ids or names,
    no signal sources (a comment author, a ``Requested-by:`` line), no reasons that quote them,
    no fits or accounts, and amounts in median accounts under ``weight_by: arr``."""
    unit = median_account_unit(backlog)
    return dataclasses.replace(
        backlog,
        weight_by=backlog.weight_by if unit is None else f"arr, {IN_MEDIAN_ACCOUNTS}",
        ranked=[_redact_item(i, unit or 1.0) for i in backlog.ranked],
        opportunistic=[_redact_item(i, unit or 1.0) for i in backlog.opportunistic],
        unknown_fit=[_redact_item(i, unit or 1.0) for i in backlog.unknown_fit],
        unattributed=[
            UnattributedItem(
                u.key,
                u.title,
                u.url,
                u.created_at,
                (TIER_ONLY_REASON,),
                (),
                problems=u.problems,
                urgent=u.urgent,
            )
            for u in backlog.unattributed
        ],
        fits={},
        accounts={},
        attributions={},
        median_arr=None,
        notes=(),
    )


def _redact_item(item: RankedItem, unit: float) -> RankedItem:
    def scale(value: float | None) -> float | None:
        return None if value is None else value / unit

    contributions = tuple(
        dataclasses.replace(c, account_id="", name="", worth=c.worth / unit, triggers=())
        for c in item.contributions
    )
    return dataclasses.replace(
        item,
        icp_value=item.icp_value / unit,
        demand=item.demand / unit,
        icp_demand=item.icp_demand / unit,
        off_icp_demand=item.off_icp_demand / unit,
        unknown_demand=item.unknown_demand / unit,
        value_per_effort=scale(item.value_per_effort),
        contributions=contributions,
    )
