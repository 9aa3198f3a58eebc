"""What ``check`` reports about a profile and its accounts: tiers, gaps, dead criteria."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from icp_triage.core.fit import Fit, tier_counts
from icp_triage.core.models import Account
from icp_triage.core.names import as_domain, normalize_login
from icp_triage.core.problems import as_date
from icp_triage.core.settings import Profile, describe_condition
from icp_triage.core.tiers import Tier


@dataclass(frozen=True)
class ProfileCheck:
    tiers: dict[str, int]
    thin_accounts: list[tuple[str, float]]
    dead_criteria: list[str]
    missing_attributes: list[str]
    """Attributes of criteria, anti signals or triggers that no account has: a misspelt column, usually.
    A criterion on one never counts, and an anti signal on one never triggers, which no score
    shows, so only this warning catches the typo."""
    unusable_values: list[str]
    unusable_contacts: list[str]
    """Domains, logins and orgs that attribution cannot use, so nothing is ever matched by
    them: ``acme: domains: 'acme com' is not a domain``."""


def check_profile(
    accounts: Sequence[Account],
    fits: Mapping[str, Fit],
    profile: Profile,
    *,
    is_login: Callable[[str], bool],
) -> ProfileCheck:
    """Tier counts, accounts below ``min_coverage``, criteria no account meets, the
    attributes of criteria and anti signals that no account has, and the domains, logins and
    orgs that attribution drops or can never match.

    ``is_login`` tells a name (normalised) that can be a GitHub login or org: GitHub's
    syntax, which the GitHub adapter holds (the workspace passes it)."""
    thin = sorted(
        ((f.account_id, f.coverage) for f in fits.values() if f.tier == Tier.UNKNOWN),
        key=lambda x: (x[1], x[0]),
    )
    dead = []
    attributes = [c.attribute for c in (*profile.criteria, *profile.anti)] + [
        t.attribute for t in profile.triggers
    ]
    missing = [
        attribute
        for attribute in attributes
        if accounts and not any(a.attribute(attribute) is not None for a in accounts)
    ]
    for i, criterion in enumerate(profile.criteria):
        label = f"criteria[{i}] {criterion.attribute} {describe_condition(criterion)}"
        met = any(f.criteria[i].status == "met" for f in fits.values())
        if not met:
            dead.append(label)
    unusable = sorted(
        {
            f"{f.account_id}: {c.attribute} {c.note}"
            for f in fits.values()
            for c in f.criteria
            if c.status == "unknown" and c.note and c.note != "no value"
        }
        | {  # a trigger's date that is not one never fires, and no score shows it
            f"{account.id}: {trigger.attribute} {value!r} is not a date (YYYY-MM-DD)"
            for trigger in profile.triggers
            for account in accounts
            if (value := account.attribute(trigger.attribute)) not in (None, "") and as_date(value) is None
        }
    )
    contacts: list[str] = []
    for account in accounts:
        contacts.extend(
            f"{account.id}: domains: {domain!r} is not a domain"
            for domain in account.domains
            if not as_domain(domain)
        )
        for field, logins in (("github_logins", account.github_logins), ("github_orgs", account.github_orgs)):
            contacts.extend(
                f"{account.id}: {field}: {login!r} is not a GitHub name"
                for login in logins
                if not is_login(normalize_login(login))
            )
    return ProfileCheck(
        tiers=tier_counts(fits),
        thin_accounts=thin,
        dead_criteria=dead,
        missing_attributes=sorted(set(missing)),
        unusable_values=unusable,
        unusable_contacts=contacts,
    )
