"""Work out which accounts asked for a request, from every signal a tracker carries.

Signals, strongest first: the author, an issue-form or custom field naming the customer, a
``customer:<id>`` label, a ``Requested-by:`` line, a comment by a known user, a +1 reaction
by a known user. An account counts once per request, at its strongest signal. A signal
that names no account is kept with the reason, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from icp_triage.core.models import Account, RequestLike
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
_PLUS_ONE_EXACT = frozenset({"+1", "THUMBS_UP"})  # as REST and GraphQL spell it: no casefold
_NO_RESPONSE = frozenset({"", "_no response_", "no response", "n/a", "none", "-"})
_SEPARATOR = re.compile(r"\s*(?:,|\band\b|&)\s*", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
OWN_COMMENT_MARKER = "<!-- icp-triage -->"


# Signal, UnmatchedSignal and Attribution are treated as immutable values but are not
# ``frozen``: a frozen dataclass costs about five times as much to construct, and ranking
# 100k requests builds a few hundred thousand of them.


@dataclass(slots=True)
class Signal:
    """One account asking: ``source`` says where, e.g. ``comment by @bob``."""

    account_id: str
    kind: str
    strength: float
    source: str
    evidence: str = ""


@dataclass(slots=True)
class UnmatchedSignal:
    """A signal that named no account, and why."""

    kind: str
    value: str
    source: str
    reason: str


Hit = tuple[str | None, str, str, str, str, str]
"""A raw signal: (account id or None, kind, value, source, reason when unmatched, evidence)."""


@dataclass(slots=True)
class Attribution:
    """The accounts behind one request: ``best`` holds one signal per account, by account id.

    Ranking 100k requests needs only the matched signals, so ``attribute`` records unmatched
    ones only on request (``detail=True``); the ``unmatched`` view re-reads the request in
    detail when asked, so no reason is ever lost, only deferred.
    """

    best: tuple[Signal, ...]
    hits: Sequence[Hit]
    strengths: Mapping[str, float]
    request: RequestLike | None = None
    attributor: Attributor | None = None
    skipped_people: tuple[str, ...] = ()  # with detail: the bots' and ignored users' signals

    @property
    def signals(self) -> tuple[Signal, ...]:
        """Every signal that named an account, strongest or not."""
        return tuple(
            Signal(found, kind, self.strengths[kind], source, evidence)
            for found, kind, _, source, _, evidence in self.hits
            if found
        )

    @property
    def unmatched(self) -> tuple[UnmatchedSignal, ...]:
        """Every signal that named no account, with the reason."""
        return tuple(
            UnmatchedSignal(kind, value, source, reason)
            for found, kind, value, source, reason, _ in self._detail().hits
            if not found
        )

    @property
    def skipped(self) -> tuple[str, ...]:
        """Where a bot or an ignored user signalled (``author @dependabot[bot]``): no customer,
        so not an unmatched signal either, but the reason a request may have no requester."""
        return self._detail().skipped_people

    def _detail(self) -> Attribution:
        if self.request is not None and self.attributor is not None:
            return self.attributor.attribute(self.request, detail=True)
        return self


_AMBIGUOUS = "\x00ambiguous"
_AMBIGUOUS_MATCH = "is ambiguous: it matches accounts "
_OWNERS = re.compile(re.escape(_AMBIGUOUS_MATCH) + r"[^;]*")


def without_account_ids(reason: str) -> str:
    """``reason`` without the account ids an ambiguous match lists ("it matches accounts
    acme-eu, acme-us"), for a public report: ids are often the customers' names."""
    return _OWNERS.sub(lambda m: f"is ambiguous: it matches {m.group().count(',') + 1} accounts", reason)


_UNSEEN: Any = object()
_JIRA = "\x00jira:"  # memo key prefix of a Jira identity: no GitHub login holds a NUL


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
            owners = ", ".join(sorted(self.ambiguous.get(key, ())))
            return None, f"'{key}' {_AMBIGUOUS_MATCH}{owners}"
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
        for separator in _SEPARATOR.finditer(part):
            spans.append([start, separator.start()])
            commas.append("," in separator.group())
            start = separator.end()
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


def _section_pattern(heading: str) -> re.Pattern[str]:
    """The ``### <heading>`` line of an issue-form section; its text runs to the next heading."""
    return re.compile(r"^###\s*" + re.escape(heading) + r"\s*$\n", re.MULTILINE | re.IGNORECASE)


_NEXT_HEADING = re.compile(r"^###\s", re.MULTILINE)


def _section(body: str, pattern: re.Pattern[str]) -> str | None:
    """The text under a ``### <heading>`` issue-form section, or None."""
    # Try the pattern only where a line starts with ``###``: a regex search would test every
    # character of a kilobyte body, and case-insensitive patterns have no fast literal scan.
    at = body.find("###")
    while at >= 0:
        match = pattern.match(body, at) if at == 0 or body[at - 1] == "\n" else None
        if match:
            break
        at = body.find("###", at + 3)
    else:
        return None
    # Two searches, the heading then the next one: one regex with a lazy ``(.*?)`` up to a
    # look-ahead tests the look-ahead at every character of the section.
    start = match.end()
    following = _NEXT_HEADING.search(body, start)
    text = body[start : following.start() if following else len(body)]
    # The answer is the section's first paragraph: text a user adds below it (a
    # Requested-by line, a note) is not part of the answer. One company per line is a list.
    paragraph = _BLANK_LINE.split(text.strip(), 1)[0]
    value = "; ".join(line.strip() for line in paragraph.splitlines() if line.strip())
    return None if value.casefold() in _NO_RESPONSE else value


def _option_text(value: object) -> str:
    """A field's value as text: a Jira option or user is an object with a value or name."""
    if isinstance(value, dict):
        return str(value.get("value") or value.get("name") or value.get("displayName") or "")
    return str(value)


def _field_value(
    request: RequestLike, name: str, section: re.Pattern[str], lowered_body: str
) -> tuple[str | None, str]:
    wanted = name.casefold()
    for key, value in request.fields.items():
        if key.casefold() == wanted and value is not None:
            if isinstance(value, (list, tuple)):  # a multi-select: Jira gives [{"value": ...}]
                value = "; ".join(_option_text(v) for v in value)
            else:
                value = _option_text(value)
            text = str(value).strip()
            if text.casefold() not in _NO_RESPONSE:
                return text, f"field {key}"
    body = request.body
    # A case-insensitive substring test first: the multi-line regex costs ten times more, and
    # most bodies with headings (issue forms) have no such section.
    found = _section(body, section) if name.casefold() in lowered_body else None
    if found is not None:
        return found, f"issue form section '{name}'"
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
        self._priority = {kind: (self.strengths[kind], -_KIND_ORDER[kind]) for kind in self.strengths}
        self.orgs_by_login = {normalize_login(k): list(v) for k, v in (orgs_by_login or {}).items()}
        self.ignored = {normalize_login(u) for u in settings.ignore_users}
        self._people: dict[str, tuple[str | None, str] | None] = {}
        self._authors: dict[str, Hit | None] = {}
        self._reactions: dict[str, Hit | None] = {}
        self._label_prefix = settings.label_prefix.casefold()
        self._form_section = _section_pattern(settings.form_field)
        self._form_word = settings.form_field.casefold()
        # Every trailer line holds the text before the trailer's first hyphen ("requested"):
        # a substring test on that skips the multi-line regex for almost every body. Only
        # for ASCII, where lower() and the regex's IGNORECASE agree.
        word = settings.trailer.split("-", 1)[0].lower()
        self._trailer_word = word if word.isascii() and word.strip() else ""
        # Markdown emphasis may wrap the key, with the colon inside or out: "**Requested-by**:"
        # and "**Requested-by:**" are the same line to a reader.
        self._trailer = re.compile(
            r"^[ \t>*_-]*"
            + re.escape(settings.trailer).replace(r"\-", "[- ]?")
            + r"[*_]*[ \t]*:[*_]*[ \t]*(.+?)[ \t]*$",
            re.IGNORECASE | re.MULTILINE,
        )

    def _jira_person(self, user: str) -> tuple[str | None, str] | None:
        """A Jira user's account, by ``jira_users`` only (never as a GitHub login); None for an
        ignored user. Memoised under a key no GitHub login can have."""
        if normalize_login(user) in self.ignored:
            result: tuple[str | None, str] | None = None
        else:
            found, problem = self.index.jira_user(user)
            result = (found, problem or ("" if found else "no account lists this Jira user in jira_users"))
        self._people[_JIRA + user] = result
        return result

    def _who(self, name: str, kind: str) -> tuple[str | None, str] | None:
        """The account of a person named ``name`` of identity ``kind``, memoised."""
        key = name if kind == "github" else _JIRA + name
        who: tuple[str | None, str] | None = self._people.get(key, _UNSEEN)
        if who is _UNSEEN:
            who = self._person(name) if kind == "github" else self._jira_person(name)
        return who

    def _person(self, login: str) -> tuple[str | None, str] | None:
        """A GitHub user's account: by login, else by a public org membership; None for a bot
        or an ignored user. Memoised: the same people comment on thousands of issues."""
        norm = normalize_login(login)
        result: tuple[str | None, str] | None
        if norm.endswith("[bot]") or norm in self.ignored:
            result = None
        else:
            found, problem = self.index.normal_login(norm)
            result = (found, problem or "")
            if not found and not problem:
                result = (None, "no account lists this GitHub login")
                for org in self.orgs_by_login.get(norm, []):
                    by_org, _ = self.index.org(org)
                    if by_org:
                        result = (by_org, "")
                        break
        self._people[login] = result
        return result

    def _person_hit(
        self, login: str, kind: str, source: str, memo: dict[str, Hit | None], identity: str = "github"
    ) -> Hit | None:
        """The hit for ``login`` as author or +1, None for a bot or an ignored user; memoised
        in ``memo``, since a hit depends only on the login: one tuple serves every request."""
        who = self._who(login, identity)
        key = login if identity == "github" else _JIRA + login
        hit = memo[key] = None if who is None else (who[0], kind, login, source, who[1], "")
        return hit

    def attribute(self, request: RequestLike, *, detail: bool = False) -> Attribution:
        """The signals on ``request`` and the strongest one per account; with ``detail``,
        the unmatched signals too (otherwise they are re-read on demand)."""
        hits: list[Hit] = []
        add = hits.append
        known = self._people.get
        person = self._person

        skipped: list[str] = []
        author = request.author
        if author:
            github = request.author_kind == "github"
            hit = self._authors.get(author if github else _JIRA + author, _UNSEEN)
            if hit is _UNSEEN:
                shown = f"author @{author}" if github else f"reporter {author}"
                hit = self._person_hit(author, "author", shown, self._authors, request.author_kind)
            if hit is None and detail:
                skipped.append(f"author @{author}" if github else f"reporter {author}")
            elif hit is not None:
                if not hit[0] and request.author_email:
                    by_mail, problem = self.index.domain(request.author_email)
                    hit = (by_mail, "author", author, hit[3], problem or hit[4], "")
                if hit[0] or detail:
                    add(hit)
        elif request.author_email:
            found, problem = self.index.domain(request.author_email)
            domain = as_domain(request.author_email) or request.author_email
            reason = problem or f"no account has the domain {domain}"
            add((found, "author", domain, f"reporter domain {domain}", reason, ""))

        body = request.body
        lowered = body.lower()
        if request.fields or (self._form_word in lowered and "###" in body):
            value, where = _field_value(request, self.settings.form_field, self._form_section, lowered)
            if value:
                for part, found, reason in self.index.texts(value):
                    add((found, "field", part, where, reason, part))

        prefix = self._label_prefix
        if prefix:
            for label in request.labels:
                if label.casefold().startswith(prefix):
                    wanted = label[len(prefix) :].strip()
                    found, reason = self.index.text(wanted) if wanted else (None, "empty label value")
                    add((found, "label", wanted, f"label {label}", reason, ""))

        if ":" in body and self._trailer_word in lowered:
            self._trailers(body, "body", add, lowered)
        number = 0
        for comment in request.comments:
            number += 1
            text = comment.body
            if OWN_COMMENT_MARKER in text:
                continue
            login = comment.author
            github = comment.author_kind == "github"
            who = None
            if login:
                if github:
                    who = known(login, _UNSEEN)
                    if who is _UNSEEN:
                        who = person(login)
                else:
                    who = self._who(login, comment.author_kind)
            trailer = ":" in text and self._trailer_word in text.lower()
            if trailer or detail or (who is not None and who[0]):
                by = (f"@{login}" if github else login) if login else ""
                where = f"comment {number} by {by}" if login else f"comment {number}"
                if trailer:
                    self._trailers(text, where, add)
                if who is not None and (detail or who[0]):
                    add((who[0], "comment", login or "", where, who[1], ""))
                elif who is None and detail and login:
                    skipped.append(where)

        reacted = self._reactions.get
        for reaction in request.reactions:
            content = reaction.content
            if content in _PLUS_ONE_EXACT or content.casefold() in _PLUS_ONE:
                login = reaction.user
                github = reaction.user_kind == "github"
                hit = reacted(login if github else _JIRA + login, _UNSEEN)
                if hit is _UNSEEN:
                    shown = f"+1 by @{login}" if github else f"vote by {login}"
                    hit = self._person_hit(login, "reaction", shown, self._reactions, reaction.user_kind)
                if hit is not None and (detail or hit[0]):
                    add(hit)
                elif hit is None and detail:
                    skipped.append(f"+1 by @{login}" if github else f"vote by {login}")

        if detail:
            return Attribution(
                self._strongest(hits), tuple(hits), self.strengths, skipped_people=tuple(skipped)
            )
        if not hits:
            return Attribution((), hits, self.strengths, request, self)
        if len(hits) == 1:
            found, kind, _, source, _, evidence = hits[0]
            if found:
                only = (Signal(found, kind, self.strengths[kind], source, evidence),)
                return Attribution(only, hits, self.strengths, request, self)
        return Attribution(self._strongest(hits), hits, self.strengths, request, self)

    def _strongest(self, hits: list[Hit]) -> tuple[Signal, ...]:
        """One signal per account, its strongest (the earlier kind on a tie), by account id."""
        priority = self._priority
        best: dict[str, Hit] = {}
        for hit in hits:
            found = hit[0]
            if found:
                held = best.get(found)
                if held is None or priority[hit[1]] > priority[held[1]]:
                    best[found] = hit
        strengths = self.strengths
        if len(best) == 1:
            ((found, hit),) = best.items()
            return (Signal(found, hit[1], strengths[hit[1]], hit[3], hit[5]),)
        return tuple(
            [Signal(found, hit[1], strengths[hit[1]], hit[3], hit[5]) for found, hit in sorted(best.items())]
        )

    def _trailers(
        self, text: str, where: str, add: Callable[[Hit], None], lowered: str | None = None
    ) -> None:
        for match in self._trailer_lines(text, text.lower() if lowered is None else lowered):
            for part, found, reason in self.index.texts(match.group(1)):
                add((found, "trailer", part, f"{self.settings.trailer} line in {where}", reason, part))

    def _trailer_lines(self, text: str, lowered: str) -> Iterator[re.Match[str]]:
        """The trailer pattern's matches, as ``finditer`` gives them, tried only on the lines
        that hold the trailer's first word: the regex alone tests every character."""
        word = self._trailer_word
        if not word or len(lowered) != len(text):  # lower() changed some lengths: no mapping
            yield from self._trailer.finditer(text)
            return
        tried = -1
        at = lowered.find(word)
        while at >= 0:
            line = text.rfind("\n", 0, at) + 1
            if line != tried:
                tried = line
                match = self._trailer.match(text, line)
                if match:
                    yield match
            at = lowered.find(word, at + len(word))
