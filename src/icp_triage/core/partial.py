"""Does the ICP hold accounts that meet only part of what sets the best customers apart?

"saas or fintech of any size" takes in the accounts of the right industry and the wrong
size, when the best customers are those with both: each criterion is borne out by the
outcomes, and the ICP is still twice too broad. ``profile validate`` asks it so: on the
customers' seeded training split it finds what sets the best apart (``core.segments``, as
``profile suggest`` does), and on the held-out rest it requires each of those findings, and
each of the profile's own criteria, of the ICP's accounts as well. A requirement that raises
the ICP's best-customer rate beyond chance (``best_customers.raises_rate``) is what the ICP
leaves out: a ``partial`` warning names it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from icp_triage.core.best_customers import BestRate, best_rate, customers, meeting, raises_rate
from icp_triage.core.fit import Fit, score_all
from icp_triage.core.models import Account
from icp_triage.core.outcomes import OutcomeSettings, OutcomeTable, ValidationSettings, outcome_columns
from icp_triage.core.segments import candidate_attributes, condition_dict, find_segments, read_columns
from icp_triage.core.settings import Criterion, Profile, describe_condition


@dataclass(frozen=True)
class Partial:
    """A requirement the ICP leaves out: ``label`` names it (``profile.criteria[1] employees
    100..2000``, or a finding the profile has no criterion for); ``icp`` and ``narrowed`` are
    the held-out best-customer rates of the ICP and of its accounts that also meet it."""

    label: str
    in_profile: bool
    icp: BestRate
    narrowed: BestRate


def partial(
    accounts: Sequence[Account],
    profile: Profile,
    table: OutcomeTable,
    *,
    outcomes: OutcomeSettings,
    settings: ValidationSettings,
) -> list[Partial]:
    """Each requirement that raises the ICP's held-out best-customer rate beyond chance, the
    highest rate first; none when too few customers have outcomes to split (as suggest needs)."""
    split = customers(accounts, table, outcomes, settings)
    if not split.enough(settings) or not split.test:
        return []
    least = settings.min_accounts
    fits = score_all(split.test, profile)
    icp = {k for k, f in fits.items() if f.tier in profile.icp_tiers}
    base = best_rate(fits, icp, split.best_test)
    if base.icp < least or base.comparison is None:
        return []
    found = []
    for label, in_profile, met in _requirements(
        split.train, split.test, profile, fits, split.best_train, outcomes
    ):
        narrowed = icp & met
        if len(narrowed) < least or narrowed == icp:
            continue
        rate = best_rate(fits, narrowed, split.best_test)
        if raises_rate(base, rate):
            found.append(Partial(label, in_profile, base, rate))
    return sorted(found, key=lambda p: (-p.narrowed.rate, p.label))


def _requirements(
    train: Sequence[Account],
    test: Sequence[Account],
    profile: Profile,
    fits: Mapping[str, Fit],
    best: set[str],
    outcomes: OutcomeSettings,
) -> list[tuple[str, bool, set[str]]]:
    """What may be required of the ICP, with the held-out accounts that meet it: the profile's
    criteria, then what sets the training split's best customers apart on the attributes the
    profile does not test."""
    found = [
        (
            f"profile.criteria[{i}] {c.attribute} {describe_condition(c)}",
            True,
            {k for k, f in fits.items() if f.criteria[i].status == "met"},
        )
        for i, c in enumerate(profile.criteria)
    ]
    tested = {c.attribute for c in profile.criteria}
    attributes = [
        a for a in candidate_attributes([*train, *test], outcome_columns(outcomes)) if a not in tested
    ]
    for finding in find_segments(read_columns(train, attributes), best):
        criterion = Criterion.model_validate(condition_dict(finding))
        found.append(
            (f"{criterion.attribute} {describe_condition(criterion)}", False, meeting(test, criterion))
        )
    return found


def partial_messages(found: Sequence[Partial]) -> list[str]:
    """The ``partial`` warning's text, naming the requirement that raises the ICP's rate most."""
    if not found:
        return []
    top, others = found[0], [p.label for p in found[1:]]
    low, high = top.icp.rate_ci
    where = "" if top.in_profile else " (a finding; no criterion requires it)"
    also = f"; also {'; '.join(others)}" if others else ""
    return [
        f"the ICP holds accounts that meet only part of what sets the best customers apart: "
        f"required as well, {top.label}{where} raises the share of best customers among the "
        f"ICP's held-out accounts from {top.icp.rate:.0%} [95% CI {low:.0%}, {high:.0%}] of "
        f"{top.icp.icp} to {top.narrowed.rate:.0%} of {top.narrowed.icp} (lift against the rest "
        f"{_lift(top.icp)} -> {_lift(top.narrowed)}). Require it: `icp-triage profile suggest` "
        f"drafts where the ICP line goes{also}"
    ]


def _lift(rate: BestRate) -> str:
    return f"{rate.lift:.2f}" if rate.lift is not None else "n/a"
