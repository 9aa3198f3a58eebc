"""Work out which accounts asked for a request, from every signal a tracker carries.

Signals, strongest first: the author, an issue-form or custom field naming the customer, a
``customer:<id>`` label, a ``Requested-by:`` line, a comment by a known user, a +1 reaction
by a known user. An account counts once per request, at its strongest signal. A signal
that names no account is kept with the reason, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from icp_triage.core.models import Account, RawRequest
from icp_triage.core.names import (
    LEGAL_SUFFIXES,
    as_domain,
    normalize_login,
    normalize_name,
    parent_domains,
)
from icp_triage.core.settings import SIGNAL_KINDS, AttributionSettings

_KIND_ORDER = {kind: i for i, kind in enumerate(SIGNAL_KINDS)}
_PLUS_ONE = frozenset({"+1", "thumbs_up", "thumbsup", "👍"})
_NO_RESPONSE = frozenset({"", "_no response_", "no response", "n/a", "none", "-"})
_SPLIT = re.compile(r"\s*(?:[,;]|\band\b|&)\s*", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
OWN_COMMENT_MARKER = "<!-- icp-triage -->"


@dataclass(frozen=True, slots=True)
class Signal:
    """One account asking: ``source`` says where, e.g. ``comment by @bob``."""

    account_id: str
    kind: str
    strength: float
    source: str
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class UnmatchedSignal:
    """A signal that named no account, and why."""

    kind: str
    value: str
    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Attribution:
    """The accounts behind one request: ``best`` holds one signal per account."""

    best: tuple[Signal, ...]
    signals: tuple[Signal, ...]
    unmatched: tuple[UnmatchedSignal, ...]


_AMBIGUOUS = "\x00ambiguous"


@dataclass
class AccountIndex:
    """Look-up tables from logins, orgs, domains, ids and names to account ids."""

    by_login: dict[str, str] = field(default_factory=dict)
    by_org: dict[str, str] = field(default_factory=dict)
    by_domain: dict[str, str] = field(default_factory=dict)
    by_id: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, accounts: Iterable[Account]) -> AccountIndex:
        index = cls()
        for account in accounts:
            index.by_id[account.id.casefold()] = account.id
            for login in account.github_logins:
                index._put(index.by_login, normalize_login(login), account.id)
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
            owners = ", ".join(sorted(self.ambiguous.get(key, ())))
            return None, f"'{key}' is ambiguous: it matches accounts {owners}"
        return found, None

    def login(self, login: str) -> tuple[str | None, str | None]:
        return self._hit(self.by_login, normalize_login(login))

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

    def texts(self, text: str) -> list[tuple[str, str | None, str]]:
        """Match a value that may list several companies (``Acme; Globex and Initech``)."""
        found, reason = self.text(text)
        if found or _SPLIT.search(text) is None:
            return [(text.strip(), found, reason)]
        parts: list[str] = []
        for part in (p.strip() for p in _SPLIT.split(text)):
            if parts and normalize_name(part) in LEGAL_SUFFIXES:
                parts[-1] += f", {part}"  # "Acme, Inc., Globex": the suffix belongs to Acme
            elif part:
                parts.append(part)
        results = []
        for part in parts:
            found, reason = self.text(part)
            results.append((part, found, reason))
        return results


def _section(body: str, heading: str) -> str | None:
    """The text under a ``### <heading>`` issue-form section, or None."""
    if "###" not in body:
        return None
    pattern = re.compile(
        r"^###\s*" + re.escape(heading) + r"\s*$\n(.*?)(?=^###\s|\Z)",
        re.MULTILINE | re.DOTALL | re.IGNORECASE,
    )
    match = pattern.search(body)
    if not match:
        return None
    # The answer is the section's first paragraph: text a user adds below it (a
    # Requested-by line, a note) is not part of the answer. One company per line is a list.
    paragraph = _BLANK_LINE.split(match.group(1).strip(), 1)[0]
    value = "; ".join(line.strip() for line in paragraph.splitlines() if line.strip())
    return None if value.casefold() in _NO_RESPONSE else value


def _field_value(request: RawRequest, name: str) -> tuple[str | None, str]:
    wanted = name.casefold()
    for key, value in request.fields.items():
        if key.casefold() == wanted and value is not None:
            if isinstance(value, (list, tuple)):
                value = "; ".join(str(v) for v in value)
            elif isinstance(value, dict):
                value = str(value.get("value") or value.get("name") or "")
            text = str(value).strip()
            if text.casefold() not in _NO_RESPONSE:
                return text, f"field {key}"
    section = _section(request.body, name)
    if section is not None:
        return section, f"issue form section '{name}'"
    return None, ""


class Attributor:
    """Attribute requests to accounts with fixed settings and a prebuilt index."""

    def __init__(
        self,
        accounts: Sequence[Account],
        settings: AttributionSettings,
        *,
        orgs_by_login: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.index = AccountIndex.build(accounts)
        self.settings = settings
        self.strengths: dict[str, float] = {str(k): v for k, v in settings.strengths.items()}
        self.orgs_by_login = {normalize_login(k): list(v) for k, v in (orgs_by_login or {}).items()}
        self.ignored = {normalize_login(u) for u in settings.ignore_users}
        self._trailer = re.compile(
            r"^[ \t>*_-]*"
            + re.escape(settings.trailer).replace(r"\-", "[- ]?")
            + r"[ \t]*:[ \t]*(.+?)[ \t]*$",
            re.IGNORECASE | re.MULTILINE,
        )

    def _person(self, login: str) -> tuple[str | None, str]:
        """A GitHub user's account: by login, else by a public org membership."""
        found, problem = self.index.login(login)
        if found or problem:
            return found, problem or ""
        for org in self.orgs_by_login.get(normalize_login(login), []):
            found, problem = self.index.org(org)
            if found:
                return found, ""
        return None, "not a known user: no account lists this GitHub login"

    def _skip(self, login: str) -> bool:
        norm = normalize_login(login)
        return norm.endswith("[bot]") or norm in self.ignored

    def attribute(self, request: RawRequest) -> Attribution:
        signals: list[Signal] = []
        unmatched: list[UnmatchedSignal] = []
        strengths = self.strengths

        def add(
            kind: str, value: str, source: str, found: str | None, reason: str, evidence: str = ""
        ) -> None:
            if found:
                signals.append(Signal(found, kind, strengths[kind], source, evidence))
            else:
                unmatched.append(UnmatchedSignal(kind, value, source, reason))

        if request.author and not self._skip(request.author):
            found, reason = self._person(request.author)
            if not found and request.author_email:
                by_mail, problem = self.index.domain(request.author_email)
                found, reason = by_mail, problem or reason
            add("author", request.author, f"author @{request.author}", found, reason)
        elif request.author_email:
            found, problem = self.index.domain(request.author_email)
            domain = as_domain(request.author_email) or request.author_email
            add(
                "author",
                domain,
                f"reporter domain {domain}",
                found,
                problem or f"no account has the domain {domain}",
            )

        value, where = _field_value(request, self.settings.form_field)
        if value:
            for part, found, reason in self.index.texts(value):
                add("field", part, where, found, reason, evidence=part)

        prefix = self.settings.label_prefix.casefold()
        for label in request.labels:
            if prefix and label.casefold().startswith(prefix):
                wanted = label[len(prefix) :].strip()
                found, reason = self.index.text(wanted) if wanted else (None, "empty label value")
                add("label", wanted, f"label {label}", found, reason)

        self._trailers(request.body, "body", add)
        for number, comment in enumerate(request.comments, start=1):
            if OWN_COMMENT_MARKER in comment.body:
                continue
            author = comment.author or ""
            where = f"comment {number} by @{author}" if author else f"comment {number}"
            self._trailers(comment.body, where, add)
            if author and not self._skip(author):
                found, reason = self._person(author)
                add("comment", author, where, found, reason)

        for reaction in request.reactions:
            if reaction.content.casefold() in _PLUS_ONE and not self._skip(reaction.user):
                found, reason = self._person(reaction.user)
                add("reaction", reaction.user, f"+1 by @{reaction.user}", found, reason)

        best: dict[str, Signal] = {}
        for signal in signals:
            held = best.get(signal.account_id)
            if held is None or (signal.strength, -_KIND_ORDER[signal.kind]) > (
                held.strength,
                -_KIND_ORDER[held.kind],
            ):
                best[signal.account_id] = signal
        ordered = tuple(best[k] for k in sorted(best))
        return Attribution(best=ordered, signals=tuple(signals), unmatched=tuple(unmatched))

    def _trailers(self, text: str, where: str, add: _Add) -> None:
        if ":" not in text:
            return
        for match in self._trailer.finditer(text):
            line = match.group(1)
            for part, found, reason in self.index.texts(line):
                add(
                    "trailer",
                    part,
                    f"{self.settings.trailer} line in {where}",
                    found,
                    reason,
                    evidence=part,
                )


class _Add(Protocol):
    """The ``add`` callback ``Attributor.attribute`` hands to ``_trailers``."""

    def __call__(
        self, kind: str, value: str, source: str, found: str | None, reason: str, evidence: str = ""
    ) -> None: ...
