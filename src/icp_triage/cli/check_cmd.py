"""``icp-triage check``: validate icp.yml and the accounts, and say what the profile sees."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import typer

from icp_triage.cli.options import ConfigOpt

if TYPE_CHECKING:
    from icp_triage.core.models import Account

_SHOWN = 10  # unusable values listed one by one; the rest are counted


def check(config: ConfigOpt = None) -> None:
    """Validate icp.yml and the accounts; print tiers, outcomes, thin accounts and criteria nobody meets.

    Warns about each domain, GitHub login, GitHub org or name (name, alias or id) that two
    or more accounts share, naming them: a request by it is ambiguous and counts for none
    of them (a name matching another account's alias or id is taken as one of them).

    With a Jira source it also asks Jira for the id of each field icp.yml names and how
    many issues the JQL matches (credentials from JIRA_EMAIL and JIRA_API_TOKEN, or
    JIRA_TOKEN); a misspelt field or a JQL error is a problem, named in Jira's words.

    Exits 0 when the config and the accounts load (warnings do not fail it), 2 with the
    file and the path or row of the first problem otherwise.

    Example:  icp-triage check --config .github/icp.yml
    """
    from icp_triage import evidence
    from icp_triage.adapters.account_records import ENV_VAR
    from icp_triage.cli.output import say
    from icp_triage.core.fit import score_all
    from icp_triage.core.ranking import NO_ARR
    from icp_triage.workspace import open_workspace

    workspace = open_workspace(config, env=os.environ)
    profile = workspace.config.profile
    fits = score_all(workspace.accounts, profile)
    report = workspace.check_profile(fits)
    # One verdict per run: every line waits until every check has run, so a problem found
    # late (no Jira credential, an outcome out of range) is the only thing said, not printed
    # after "icp.yml: OK.".
    lines: list[tuple[str, bool]] = []

    def echo(message: str, *, err: bool = False) -> None:
        lines.append((message, err))

    echo(f"{workspace.loaded.path}: OK. Profile '{profile.name}' version {profile.version}.")
    echo(
        f"{len(profile.criteria)} criteria (total weight {profile.total_weight:g}), {len(profile.anti)} anti signals."
    )
    echo(f"{len(workspace.accounts)} accounts: " + ", ".join(f"{t} {n}" for t, n in report.tiers.items()))
    if not workspace.accounts:  # a fresh `init`: one next step, not a warning per criterion
        where = workspace.config.accounts or f"${ENV_VAR}"
        echo(f"No accounts yet: fill {where} from your CRM (one row per customer), then run check again.")
    icp = sum(report.tiers[t] for t in profile.icp_tiers)
    if workspace.accounts:
        echo(
            f"ICP tiers ({', '.join(profile.icp_tiers)}): {icp} accounts, {icp / len(workspace.accounts):.0%}."
        )
    outcomes = evidence.outcomes(workspace, os.environ)  # a value out of range is an error naming its row
    if outcomes.outcomes:
        found = ", ".join(f"{o.name} ({len(o.values)})" for o in outcomes.outcomes)
        echo(
            f"Outcomes (accounts with a value): {found}; `icp-triage profile validate` tests the profile on them."
        )
    for note in outcomes.notes:
        echo(f"Warning: {note}.", err=True)
    # Accounts from the environment are a CI secret, and a CI log may be public: say how many
    # accounts a warning concerns, never which (ids are often the customers' names) or what
    # their cells hold.
    secret = bool(os.environ.get(ENV_VAR, "").strip())
    hidden = f" (not shown: ${ENV_VAR} is a secret; run check on the accounts file to see them)"
    if report.thin_accounts:
        if secret:
            shown, more = "", hidden
        else:
            shown = ": " + ", ".join(f"{k} ({c:.0%})" for k, c in report.thin_accounts[:10])
            more = f" and {len(report.thin_accounts) - 10} more" if len(report.thin_accounts) > 10 else ""
        echo(
            f"Too little data (coverage below {profile.min_coverage:.0%}, tier unknown): "
            f"{len(report.thin_accounts)}{shown}{more}"
        )
    anti = {a.attribute for a in profile.anti}
    for attribute in report.missing_attributes if workspace.accounts else ():
        # an anti signal on a misspelt column never disqualifies anyone, and no score shows it
        role = " (an anti signal names it, so it never triggers)" if attribute in anti else ""
        echo(f"Warning: no account has a value for '{attribute}'{role} (check the column name).", err=True)
    for criterion in report.dead_criteria if workspace.accounts else ():
        echo(f"Warning: no account meets {criterion}.", err=True)
    if secret:
        if report.unusable_values:
            echo(f"Warning: {len(report.unusable_values)} unusable values{hidden}.", err=True)
        if report.unusable_contacts:
            echo(f"Warning: {len(report.unusable_contacts)} unusable domains or logins{hidden}.", err=True)
    else:
        for problem in report.unusable_values[:_SHOWN]:
            echo(f"Warning: {problem}.", err=True)
        if len(report.unusable_values) > _SHOWN:
            # without the count, ten warnings read as the whole list of bad cells
            echo(f"Warning: and {len(report.unusable_values) - _SHOWN} more unusable values.", err=True)
        for problem in report.unusable_contacts[:_SHOWN]:
            echo(f"Warning: {problem}; no request is attributed by it.", err=True)
        if len(report.unusable_contacts) > _SHOWN:
            echo(
                f"Warning: and {len(report.unusable_contacts) - _SHOWN} more unusable domains or logins.",
                err=True,
            )
    _warn_shared(workspace.accounts, secret=secret, hidden=hidden, echo=echo)
    if workspace.config.ranking.weight_by == "arr" and not any(a.arr is not None for a in workspace.accounts):
        echo(f"Warning: {NO_ARR}", err=True)
    for line, warning in workspace.tracker_check(os.environ):  # Jira: field ids, the JQL's count
        echo(line, err=warning)
    for message, err in lines:
        say(message, err=err)


def _warn_shared(
    accounts: Sequence[Account], *, secret: bool, hidden: str, echo: Callable[..., None]
) -> None:
    """One warning per identifier that several accounts share (core.shared_identifiers)."""
    from icp_triage.core.shared_identifiers import shared_identifiers

    say = echo

    shared = shared_identifiers(accounts)
    if secret and shared:
        say(f"Warning: {len(shared)} identifiers are shared by several accounts{hidden}.", err=True)
        return
    for item in shared[:_SHOWN]:
        say(
            f"Warning: {item.describe()}: a request by it is ambiguous and counts for none of them "
            "(or for one only, where it is also an id); keep it on one account.",
            err=True,
        )
    if len(shared) > _SHOWN:
        say(f"Warning: and {len(shared) - _SHOWN} more shared identifiers.", err=True)


def register(app: typer.Typer) -> None:
    app.command()(check)
