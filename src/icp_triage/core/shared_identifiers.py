"""Identifiers that several accounts share, so attribution can never match them.

Two accounts with one domain, login, org or name make every request from it ambiguous:
attribution then credits neither (and a name of one account that is the alias or id of
another is resolved to one of them without a word). ``check`` lists each such identifier
with the accounts that share it, compared as attribution compares them (``names``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from icp_triage.core.models import Account
from icp_triage.core.names import as_domain, normalize_login, normalize_name


@dataclass(frozen=True, slots=True)
class SharedIdentifier:
    kind: str  # "domain", "GitHub login", "GitHub org", "name"
    value: str  # as attribution compares it
    holders: tuple[tuple[str, str], ...]  # (account id, what it is to that account), by id

    @property
    def accounts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(account for account, _ in self.holders))

    def describe(self) -> str:
        held = ", ".join(f"{account} ({role})" for account, role in self.holders)
        return f"{self.kind} '{self.value}' is shared by {held}"


def shared_identifiers(accounts: Sequence[Account]) -> list[SharedIdentifier]:
    """Each identifier held by more than one account, by kind then value."""
    found: dict[tuple[str, str], dict[str, list[str]]] = {}

    def note(kind: str, value: str | None, account: str, role: str) -> None:
        if value:
            roles = found.setdefault((kind, value), {}).setdefault(account, [])
            if role not in roles:
                roles.append(role)

    for account in accounts:
        for domain in account.domains:
            note("domain", as_domain(domain), account.id, "domain")
        for login in account.github_logins:
            note("GitHub login", normalize_login(login), account.id, "login")
        for org in account.github_orgs:
            note("GitHub org", normalize_login(org), account.id, "org")
        note("name", normalize_name(account.id), account.id, "id")
        if account.name:
            note("name", normalize_name(account.name), account.id, "name")
        for alias in account.aliases:
            note("name", normalize_name(alias), account.id, "alias")
    return [
        SharedIdentifier(
            kind=kind,
            value=value,
            holders=tuple((a, "/".join(roles)) for a, roles in sorted(holders.items())),
        )
        for (kind, value), holders in sorted(found.items())
        if len(holders) > 1
    ]
