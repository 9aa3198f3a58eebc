"""Look-up tables from logins, orgs, domains, ids and names to account ids, and the splitting
of a value that lists several companies. A key two accounts share is ambiguous: it matches
neither, and the reason names both."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from icp_triage.core.models import Account
from icp_triage.core.names import LEGAL_SUFFIXES, as_domain, normalize_login, normalize_name, parent_domains

_SEPARATOR = re.compile(r",|\band\b|&", re.IGNORECASE)
"""A separator without its blanks: ``_separators`` widens each match over them. A pattern
with blanks (``\\s*``) on both sides rescans a run of blanks from every position in it (65,000 blanks
took minutes), and the widening scans each blank at most twice."""


def _separators(part: str) -> list[tuple[int, int, bool]]:
    """``(start, end, is_comma)`` of each separator in ``part`` with the blanks around it,
    as ``\\s*(?:,|\\band\\b|&)\\s*`` would find them, in linear time."""
    found: list[tuple[int, int, bool]] = []
    floor = 0
    for match in _SEPARATOR.finditer(part):
        start, end = match.start(), match.end()
        if start < floor:
            continue  # inside the blanks the previous separator took
        while start > floor and part[start - 1].isspace():
            start -= 1
        while end < len(part) and part[end].isspace():
            end += 1
        found.append((start, end, match.group() == ","))
        floor = end
    return found


_AMBIGUOUS = "\x00ambiguous"
_AMBIGUOUS_MATCH = "is ambiguous: it matches accounts "


class AmbiguousReason(str):
    """The reason a key matched no account because several share it: the text names them
    (``'acme' is ambiguous: it matches accounts acme-eu, acme-us``), and the accounts are
    kept as data, ``candidates``, so a public report says how many without parsing the text
    (``public``). A ``str``, so every reason stays plain text to the rest of the code."""

    candidates: tuple[str, ...]
    public: str

    def __new__(cls, key: str, candidates: Iterable[str]) -> AmbiguousReason:
        owners = tuple(sorted(candidates))
        reason = super().__new__(cls, f"'{key}' {_AMBIGUOUS_MATCH}{', '.join(owners)}")
        reason.candidates = owners
        reason.public = f"'{key}' is ambiguous: it matches {len(owners)} accounts"
        return reason


def public_reason(reason: str) -> str:
    """``reason`` fit for a public report: an ambiguous match says how many accounts it
    could be, not which (account ids are often the customers' names)."""
    return reason.public if isinstance(reason, AmbiguousReason) else reason


@dataclass
class AccountIndex:
    """Look-up tables from logins, orgs, domains, ids and names to account ids."""

    by_login: dict[str, str] = field(default_factory=dict)
    by_jira: dict[str, str] = field(default_factory=dict)
    by_org: dict[str, str] = field(default_factory=dict)
    by_domain: dict[str, str] = field(default_factory=dict)
    by_id: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, set[str]] = field(default_factory=dict)
    _texts: dict[str, tuple[str | None, str]] = field(default_factory=dict, repr=False)
    _lists: dict[str, tuple[tuple[str, str | None, str], ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, accounts: Iterable[Account]) -> AccountIndex:
        index = cls()
        for account in accounts:
            index.by_id[account.id.casefold()] = account.id
            for login in account.github_logins:
                index._put(index.by_login, normalize_login(login), account.id)
            for user in account.jira_users:
                index._put(index.by_jira, user.strip().casefold(), account.id)
            for org in account.github_orgs:
                index._put(index.by_org, normalize_login(org), account.id)
            for domain in account.domains:
                host = as_domain(domain)
                if host:
                    index._put(index.by_domain, host, account.id)
            for name in (account.name, account.id, *account.aliases):
                if name:
                    index._put(index.by_name, normalize_name(name), account.id)
        return index

    def _put(self, table: dict[str, str], key: str, account_id: str) -> None:
        if not key:
            return
        current = table.get(key)
        if current is None or current == account_id:
            table[key] = account_id
            return
        owners = self.ambiguous.setdefault(key, set())
        if current != _AMBIGUOUS:
            owners.add(current)
        owners.add(account_id)
        table[key] = _AMBIGUOUS

    def _hit(self, table: Mapping[str, str], key: str) -> tuple[str | None, str | None]:
        found = table.get(key)
        if found == _AMBIGUOUS:
            return None, AmbiguousReason(key, self.ambiguous.get(key, ()))
        return found, None

    def login(self, login: str) -> tuple[str | None, str | None]:
        return self._hit(self.by_login, normalize_login(login))

    def normal_login(self, login: str) -> tuple[str | None, str | None]:
        """``login`` for a login already normalised (``normalize_login``)."""
        found = self.by_login.get(login)
        return (found, None) if found != _AMBIGUOUS else self._hit(self.by_login, login)

    def jira_user(self, user: str) -> tuple[str | None, str | None]:
        """A Jira accountId (Cloud) or username (Data Center), from accounts' ``jira_users``."""
        return self._hit(self.by_jira, user.strip().casefold())

    def org(self, org: str) -> tuple[str | None, str | None]:
        return self._hit(self.by_org, normalize_login(org))

    def domain(self, text: str) -> tuple[str | None, str | None]:
        host = as_domain(text)
        if host is None:
            return None, None
        for candidate in parent_domains(host):
            found, problem = self._hit(self.by_domain, candidate)
            if found or problem:
                return found, problem
        return None, None

    def text(self, text: str) -> tuple[str | None, str]:
        """Match free text (an id, name, alias, domain, e-mail or @login) to one account."""
        known = self._texts.get(text)
        if known is None:
            known = self._texts[text] = self._match_text(text)
        return known

    def _match_text(self, text: str) -> tuple[str | None, str]:
        cleaned = text.strip().strip("\"'`*_").strip()
        if not cleaned:
            return None, "empty value"
        by_id = self.by_id.get(cleaned.casefold())
        if by_id:
            return by_id, ""
        if cleaned.startswith("@"):
            found, problem = self.login(cleaned)
            if found:
                return found, ""
            return None, problem or f"no account lists the GitHub login {cleaned}"
        found, problem = self.domain(cleaned)
        if found or problem:
            return found, problem or ""
        found, problem = self._hit(self.by_name, normalize_name(cleaned))
        if found or problem:
            return found, problem or ""
        return None, f"no account has the id, name, alias or domain '{cleaned}'"

    def texts(self, text: str) -> tuple[tuple[str, str | None, str], ...]:
        """Match a value that may list several companies (``Acme, Inc.; Globex and Initech``).

        ``;`` always separates. ``,``, ``and`` and ``&`` separate only when the whole does not
        name an account and some piece does, so an unknown "Smith and Sons" stays one name;
        a comma separates before and/& do ("Procter & Gamble, Acme" is two accounts), and a
        legal suffix stays with its name ("Acme, Inc., Globex" is Acme and Globex).
        Memoised like ``text``: the same few customers fill most forms and trailers.
        """
        known = self._lists.get(text)
        if known is None:
            known = self._lists[text] = tuple(self._match_texts(text))
        return known

    def _match_texts(self, text: str) -> list[tuple[str, str | None, str]]:
        results: list[tuple[str, str | None, str]] = []
        for part in (p.strip() for p in text.split(";")):
            if not part:
                continue
            found, reason = self.text(part)
            if not found:
                pieces = self._pieces(part)
                if pieces:
                    results.extend(pieces)
                    continue
            results.append((part, found, reason))
        return results

    def _pieces(self, part: str) -> list[tuple[str, str | None, str]] | None:
        """The names in an unmatched ``part``, or None when none of them names an account (the
        part then stays one unknown name: "Smith and Sons").

        Commas separate more firmly than ``and``/``&``: each comma-separated group is tried
        whole before it is split, so "Procter & Gamble, Acme" is two accounts, not three
        names. A legal suffix stays with the name before it ("Acme, Inc. and Globex").
        """
        spans: list[list[int]] = []  # [start, end] of each name in part
        commas: list[bool] = []  # whether a comma (not and/&) follows the name
        start = 0
        for begin, end, comma in _separators(part):
            spans.append([start, begin])
            commas.append(comma)
            start = end
        if not spans:
            return None
        spans.append([start, len(part)])
        commas.append(True)
        for i in range(len(spans) - 1, -1, -1):
            if not part[spans[i][0] : spans[i][1]].strip():  # "Acme,, Globex": nothing between
                if i and commas[i]:
                    commas[i - 1] = True
                del spans[i], commas[i]
            elif i and normalize_name(part[spans[i][0] : spans[i][1]]) in LEGAL_SUFFIXES:
                spans[i - 1][1] = spans[i][1]
                commas[i - 1] = commas[i]
                del spans[i], commas[i]
        pieces: list[tuple[str, str | None, str]] = []
        group: list[str] = []
        group_start = 0
        for (name_start, name_end), comma in zip(spans, commas, strict=True):
            if not group:
                group_start = name_start
            group.append(part[name_start:name_end].strip())
            if comma:
                pieces.extend(self._group(part[group_start:name_end].strip(), group))
                group = []
        return pieces if any(piece[1] for piece in pieces) else None

    def _group(self, whole: str, names: list[str]) -> list[tuple[str, str | None, str]]:
        """Names joined by and/&: one account if the whole names one, else each that does."""
        found, reason = self.text(whole)
        if not found and len(names) > 1:
            each = [(name, *self.text(name)) for name in names if name]
            if any(piece[1] for piece in each):
                return each
        return [(whole, found, reason)]
