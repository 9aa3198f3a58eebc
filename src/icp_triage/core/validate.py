"""Test the profile against customer outcomes: do ICP accounts really win, renew and expand more?

For each outcome the ICP accounts (tiers ``icp_tiers``, A and B by default) are compared
with the rest: a rate (won, retained, churned) with Wilson-based intervals, a mean
(expansion, NPS, usage, support tickets) with a seeded bootstrap (``core.stats``). Then the
warnings of the commonest ICP failures: too broad, partial (``core.partial``), a persona,
aspirational, dead criteria, stale. Pure: accounts, profile, outcomes and the date in; a ``Validation`` out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from icp_triage.core.fit import Fit, score_all
from icp_triage.core.models import Account
from icp_triage.core.outcomes import Outcome, OutcomeSettings, OutcomeTable, ValidationSettings
from icp_triage.core.partial import partial, partial_messages
from icp_triage.core.problem_demand import ProblemDemand, ProblemShare
from icp_triage.core.segments import PERSONA_ATTRIBUTES
from icp_triage.core.settings import Profile, describe_condition
from icp_triage.core.stats import Comparison, Interval, compare_means, compare_rates, wilson
from icp_triage.core.tiers import tier_rank

Verdict = Literal["supported", "contradicted", "no_difference", "too_few"]
WarningKind = Literal[
    "too_broad",
    "partial",
    "persona",
    "aspirational",
    "dead_criterion",
    "stale",
    "problem_stale",
    "off_problem",
]
VERDICT_TEXT = {
    "supported": "supported",
    "contradicted": "contradicted",
    "no_difference": "no difference",
    "too_few": "too few to say",
}
EQUIVALENT = (0.8, 1.25)
"""A lift whose whole interval lies in here is "no difference"; a wider one "too few"."""


@dataclass(frozen=True)
class OutcomeCheck:
    """One outcome, ICP against the rest."""

    name: str
    column: str
    kind: Literal["rate", "mean"]
    lower_is_better: bool
    n_icp: int
    n_rest: int
    comparison: Comparison | None
    verdict: Verdict

    @property
    def lift(self) -> float | None:
        return self.comparison.lift if self.comparison else None

    @property
    def ci(self) -> Interval:
        return self.comparison.lift_ci if self.comparison else Interval(None, None)


@dataclass(frozen=True)
class ProfileWarning:
    kind: WarningKind
    message: str


@dataclass(frozen=True)
class TierRate:
    """The win rate of one tier: ``won`` of ``n`` decided deals, with its Wilson interval."""

    tier: str
    won: int
    n: int
    low: float
    high: float

    @property
    def rate(self) -> float:
        return self.won / self.n


@dataclass(frozen=True)
class Validation:
    profile_name: str
    profile_version: str
    accounts: int
    icp_accounts: int
    outcomes: tuple[OutcomeCheck, ...]
    win_rate_by_tier: tuple[TierRate, ...]
    warnings: tuple[ProfileWarning, ...]
    notes: tuple[str, ...]
    icp_tiers: tuple[str, ...]
    problems: tuple[ProblemShare, ...] = ()  # each declared problem's share of ICP and off-profile demand
    problems_none: float | None = None  # the share of ICP demand addressing none of them

    @property
    def icp_share(self) -> float:
        return self.icp_accounts / self.accounts if self.accounts else 0.0


def judge(comparison: Comparison, *, lower_is_better: bool, enough: bool) -> Verdict:
    """The verdict on one comparison: the difference's interval decides the direction; one
    within the values' rounding error (a constant column) is no difference."""
    if not enough:
        return "too_few"
    if comparison.difference_ci.within(comparison.resolution):
        return "no_difference"
    better, worse = comparison.difference_ci.above(0), comparison.difference_ci.below(0)
    if lower_is_better:
        better, worse = worse, better
    if better:
        return "supported"
    if worse:
        return "contradicted"
    ci = comparison.lift_ci
    if ci.low is not None and ci.high is not None and EQUIVALENT[0] <= ci.low and ci.high <= EQUIVALENT[1]:
        return "no_difference"
    return "too_few"


def compare_outcome(
    outcome: Outcome, group: set[str], rest: set[str], *, seed: int
) -> tuple[Comparison | None, int, int]:
    """``group`` against ``rest`` on one outcome, over the accounts whose value is known."""
    a = [v for k, v in outcome.values.items() if k in group]
    b = [v for k, v in outcome.values.items() if k in rest]
    if not a or not b:
        return None, len(a), len(b)
    if outcome.kind == "rate":
        return compare_rates(int(sum(a)), len(a), int(sum(b)), len(b)), len(a), len(b)
    return compare_means(a, b, seed=seed), len(a), len(b)


def check_outcomes(
    table: OutcomeTable, icp: set[str], rest: set[str], settings: ValidationSettings
) -> tuple[OutcomeCheck, ...]:
    checks = []
    for outcome in table.outcomes:
        comparison, n_icp, n_rest = compare_outcome(outcome, icp, rest, seed=settings.seed)
        enough = comparison is not None and min(n_icp, n_rest) >= settings.min_accounts
        verdict: Verdict = (
            judge(comparison, lower_is_better=outcome.lower_is_better, enough=enough)
            if comparison
            else "too_few"
        )
        checks.append(
            OutcomeCheck(
                outcome.name,
                outcome.column,
                outcome.kind,
                outcome.lower_is_better,
                n_icp,
                n_rest,
                comparison,
                verdict,
            )
        )
    return tuple(checks)


def win_rate_by_tier(fits: Mapping[str, Fit], won: Outcome | None) -> tuple[TierRate, ...]:
    """Won deals over decided deals per tier, best tier first; tiers with no decided deal left out."""
    if won is None:
        return ()
    counts: dict[str, list[int]] = {}
    for account_id, value in won.values.items():
        fit = fits.get(account_id)
        if fit is not None:
            tally = counts.setdefault(fit.tier, [0, 0])
            tally[0] += int(value)
            tally[1] += 1
    rows = []
    for tier in sorted(counts, key=tier_rank):
        wins, n = counts[tier]
        low, high = wilson(wins, n)
        rows.append(TierRate(tier, wins, n, low, high))
    return tuple(rows)


def too_broad(
    icp: set[str], accounts: int, table: OutcomeTable, settings: ValidationSettings
) -> list[ProfileWarning]:
    found = []
    if accounts and len(icp) / accounts > settings.max_share:
        found.append(
            ProfileWarning(
                "too_broad",
                f"the ICP holds {len(icp)} of {accounts} accounts ({len(icp) / accounts:.0%}), more than "
                f"max_share {settings.max_share:.0%}: a profile that excludes almost nobody ranks nothing",
            )
        )
    churn = table.get("churned")
    churned = {k for k, v in (churn.values.items() if churn else ()) if v == 1.0}
    retained = table.get("retained")
    churned |= {k for k, v in (retained.values.items() if retained else ()) if v == 0.0}
    kept = churned & icp
    if len(churned) >= 4 and len(kept) > len(churned) / 2:
        found.append(
            ProfileWarning(
                "too_broad",
                f"the ICP keeps {len(kept)} of the {len(churned)} accounts that churned "
                f"({len(kept) / len(churned):.0%}): it does not tell them apart",
            )
        )
    return found


def persona_warnings(profile: Profile) -> list[ProfileWarning]:
    """Criteria or anti signals on a person's attribute (a job title, a role): that is a persona."""
    found = []
    for section, conditions in (("criteria", profile.criteria), ("anti", profile.anti)):
        for i, condition in enumerate(conditions):
            name = condition.attribute
            if name in PERSONA_ATTRIBUTES or name.endswith(("_title", "_role", "_seniority", "_persona")):
                found.append(
                    ProfileWarning(
                        "persona",
                        f"profile.{section}[{i}] tests '{name}', an attribute of a person, not a company: "
                        "that describes a buyer persona; an ICP names the companies that succeed",
                    )
                )
    return found


def aspirational(checks: Sequence[OutcomeCheck], icp: set[str], table: OutcomeTable) -> list[ProfileWarning]:
    found = []
    judged = [c for c in checks if c.verdict != "too_few"]
    if judged and not any(c.verdict == "supported" for c in judged):
        figures = "; ".join(f"{c.name} {_lift_text(c.lift)} ({VERDICT_TEXT[c.verdict]})" for c in judged)
        found.append(
            ProfileWarning(
                "aspirational",
                f"the ICP's outcomes are no better than the rest's: {figures}. "
                "Derive the profile from the customers who succeed (`icp-triage profile suggest`)",
            )
        )
    known = table.known_ids()
    prospects = [k for k in icp if k not in known]
    if icp and table.outcomes and len(prospects) > len(icp) / 2:
        found.append(
            ProfileWarning(
                "aspirational",
                f"{len(prospects)} of the {len(icp)} ICP accounts ({len(prospects) / len(icp):.0%}) are "
                "prospects with no outcome yet: the profile describes who you wish to win, not who succeeds",
            )
        )
    return found


def _lift_text(lift: float | None) -> str:
    return f"lift {lift:.2f}" if lift is not None else "lift n/a"


def dead_criteria(
    profile: Profile, fits: Mapping[str, Fit], table: OutcomeTable, settings: ValidationSettings
) -> list[ProfileWarning]:
    """Criteria met by no account, by every account, or with no outcome difference."""
    found = []
    for i, criterion in enumerate(profile.criteria):
        label = f"profile.criteria[{i}] {criterion.attribute} {describe_condition(criterion)}"
        met = {k for k, f in fits.items() if f.criteria[i].status == "met"}
        missed = {k for k, f in fits.items() if f.criteria[i].status == "missed"}
        if not met:
            found.append(ProfileWarning("dead_criterion", f"{label}: met by no account"))
        elif not missed:
            found.append(ProfileWarning("dead_criterion", f"{label}: met by every account that has a value"))
        elif _no_difference(met, missed, table, settings):
            found.append(
                ProfileWarning(
                    "dead_criterion",
                    f"{label}: accounts that meet it do no better or worse on any outcome than those that miss it",
                )
            )
    return found


def _no_difference(
    met: set[str], missed: set[str], table: OutcomeTable, settings: ValidationSettings
) -> bool:
    """Whether every outcome with enough accounts on both sides has a lift close to 1.

    Judged on the point lift within ``EQUIVALENT`` rather than on intervals: with six
    outcomes one of them shows a "significant" difference by chance one time in four.
    """
    judged = 0
    for outcome in table.outcomes:
        a = [v for k, v in outcome.values.items() if k in met]
        b = [v for k, v in outcome.values.items() if k in missed]
        if min(len(a), len(b)) < settings.min_accounts or sum(b) <= 0:
            continue
        judged += 1
        lift = (sum(a) / len(a)) / (sum(b) / len(b))
        if not EQUIVALENT[0] <= lift <= EQUIVALENT[1]:
            return False
    return judged > 0


_VERSION_DATE = re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})(?!\d)")


def version_date(version: str) -> date | None:
    """The month a version such as ``2026-11`` or ``v2026.03.1`` names; None if it names none."""
    match = _VERSION_DATE.search(version)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return date(int(match.group(1)), int(match.group(2)), 1)


def stale(profile: Profile, *, today: date, revisit_months: int) -> list[ProfileWarning]:
    when = version_date(profile.version)
    if when is None:
        return []
    months = (today.year - when.year) * 12 + today.month - when.month
    if months <= revisit_months:
        return []
    return [
        ProfileWarning(
            "stale",
            f"profile version {profile.version} is {months} months old, more than revisit_months "
            f"({revisit_months}): check it against this year's customers and publish a new version",
        )
    ]


def icp_groups(fits: Mapping[str, Fit], profile: Profile) -> tuple[set[str], set[str]]:
    """The ICP accounts (tiers ``icp_tiers``) and the rest."""
    icp = {k for k, f in fits.items() if f.tier in profile.icp_tiers}
    return icp, set(fits) - icp


def validate(
    accounts: Sequence[Account],
    profile: Profile,
    table: OutcomeTable,
    *,
    today: date,
    settings: ValidationSettings | None = None,
    outcomes: OutcomeSettings | None = None,
    demand: ProblemDemand | None = None,
) -> Validation:
    """The whole validation: per-outcome comparisons, win rate by tier, and warnings;
    ``outcomes`` weighs the composite that ranks the best customers (``core.partial``);
    ``demand``, the declared problems against the backlog's demand (``core.problem_demand``)."""
    settings = settings or ValidationSettings()
    fits = score_all(accounts, profile)
    icp, rest = icp_groups(fits, profile)
    checks = check_outcomes(table, icp, rest, settings)
    left_out = partial(accounts, profile, table, outcomes=outcomes or OutcomeSettings(), settings=settings)
    warnings = [
        *too_broad(icp, len(fits), table, settings),
        *(ProfileWarning("partial", message) for message in partial_messages(left_out)),
        *persona_warnings(profile),
        *aspirational(checks, icp, table),
        *dead_criteria(profile, fits, table, settings),
        *stale(profile, today=today, revisit_months=settings.revisit_months),
        *(ProfileWarning(kind, message) for kind, message in (demand.warnings if demand else ())),
    ]
    notes = list(table.notes)
    if not table.outcomes:
        notes.append(
            "no outcome columns in the accounts (won, retained, expansion, nps, usage, churned_at, "
            "support_tickets, or those named under outcomes: in icp.yml): nothing to test the profile against"
        )
    return Validation(
        profile_name=profile.name,
        profile_version=profile.version,
        accounts=len(fits),
        icp_accounts=len(icp),
        outcomes=checks,
        win_rate_by_tier=win_rate_by_tier(fits, table.get("won")),
        warnings=tuple(warnings),
        notes=tuple(notes),
        icp_tiers=tuple(profile.icp_tiers),
        problems=demand.problems if demand else (),
        problems_none=demand.icp_share_none if demand else None,
    )
