"""Work out which accounts asked for a request, from every signal a tracker carries.

Signals, strongest first: the author, an issue-form or custom field naming the customer, a
``customer:<id>`` label, a ``Requested-by:`` line, a comment by a known user, a +1 reaction
by a known user. An account counts once per request, at its strongest signal. A signal
that names no account is kept with the reason, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from icp_triage.core.account_index import AccountIndex, AmbiguousReason, public_reason
from icp_triage.core.conventions import NO_CONVENTIONS, TrackerConventions
from icp_triage.core.models import Account, RequestLike
from icp_triage.core.names import as_domain, normalize_login
from icp_triage.core.request_text import field_value, section_pattern
from icp_triage.core.settings import SIGNAL_KINDS, AttributionSettings
from icp_triage.core.signals import Attribution, Hit, Signal, UnmatchedSignal

__all__ = [
    "AccountIndex",
    "AmbiguousReason",
    "Attribution",
    "Attributor",
    "Hit",
    "Signal",
    "UnmatchedSignal",
    "public_reason",
]

_KIND_ORDER = {kind: i for i, kind in enumerate(SIGNAL_KINDS)}
_PLUS_ONE = frozenset({"+1", "thumbs_up", "thumbsup", "👍"})
_PLUS_ONE_EXACT = frozenset({"+1", "THUMBS_UP"})  # as REST and GraphQL spell it: no casefold
_UNSEEN: Any = object()


def _named(identity: str, name: str | None) -> str:
    """``Jane Smith (5b10ac8d...)``: the name a reader knows beside the id an account file
    lists (``jira_users``); the id alone when the tracker gave no name."""
    return f"{name} ({identity})" if name else identity


class Attributor:
    """Attribute requests to accounts with fixed settings and a prebuilt index."""

    def __init__(
        self,
        accounts: Sequence[Account],
        settings: AttributionSettings,
        *,
        orgs_by_login: Mapping[str, Sequence[str]] | None = None,
        conventions: TrackerConventions = NO_CONVENTIONS,
    ) -> None:
        self.index = AccountIndex.build(accounts)
        self.conventions = conventions
        self._bot_suffix = conventions.bot_suffix.casefold()
        self._own_marker = conventions.own_comment_marker
        self.settings = settings
        self.strengths: dict[str, float] = {str(k): v for k, v in settings.strengths.items()}
        self._priority = {kind: (self.strengths[kind], -_KIND_ORDER[kind]) for kind in self.strengths}
        self.orgs_by_login = {normalize_login(k): list(v) for k, v in (orgs_by_login or {}).items()}
        self.ignored = {normalize_login(u) for u in settings.ignore_users}
        self._people: dict[str, tuple[str | None, str] | None] = {}
        self._authors: dict[str, Hit | None] = {}
        self._reactions: dict[str, Hit | None] = {}
        self._label_prefix = settings.label_prefix.casefold()
        self._form_section = section_pattern(settings.form_field)
        self._form_word = settings.form_field.casefold()
        # Every trailer line holds the text before the trailer's first hyphen ("requested"):
        # a substring test on that skips the multi-line regex for almost every body. Only
        # for ASCII, where lower() and the regex's IGNORECASE agree.
        word = settings.trailer.split("-", 1)[0].lower()
        self._trailer_word = word if word.isascii() and word.strip() else ""
        # Markdown emphasis may wrap the key, with the colon inside or out: "**Requested-by**:"
        # and "**Requested-by:**" are the same line to a reader. Linear time: the blanks
        # before the value are taken possessively and the value runs greedily to its last
        # non-blank (a lazy value before ``[ \t]*$`` rescanned the blanks at every step).
        self._trailer = re.compile(
            r"^[ \t>*_-]*"
            + re.escape(settings.trailer).replace(r"\-", "[- ]?")
            + r"[*_]*[ \t]*:[*_]*+[ \t]*+(.*[^ \t\n])[ \t]*$",
            re.IGNORECASE | re.MULTILINE,
        )

    def _person(self, login: str) -> tuple[str | None, str] | None:
        """A GitHub user's account: by login, else by a public org membership; None for a bot
        or an ignored user. Memoised: the same people comment on thousands of issues."""
        norm = normalize_login(login)
        result: tuple[str | None, str] | None
        if (self._bot_suffix and norm.endswith(self._bot_suffix)) or norm in self.ignored:
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

    def _other_person(self, name: str, kind: str, email: str | None) -> tuple[str | None, str] | None:
        """Someone who is not a GitHub user (a Jira accountId or username, an e-mail address):
        a Jira user by accounts' ``jira_users``, else by the domain of their e-mail; never as a
        GitHub login. None for someone ``ignore_users`` lists by that identity or by e-mail:
        staff who file on customers' behalf are not demand, whichever tracker they use."""
        ignored = self.ignored
        if ignored and (normalize_login(name) in ignored or (email and normalize_login(email) in ignored)):
            return None
        if kind == "jira":
            found, problem = self.index.jira_user(name)
            if found or problem:
                return found, problem or ""
        address = name if kind == "email" else email
        if address:
            found, problem = self.index.domain(address)
            domain = as_domain(address) or address
            return found, problem or f"no account has the domain {domain}"
        return None, f"no account lists this {kind} user (and no e-mail to match by domain)"

    def _other_signal(
        self,
        kind: str,
        identity: str,
        identity_kind: str,
        email: str | None,
        source: str,
        detail: bool,
        add: Callable[[Hit], None],
        skipped: list[str],
    ) -> None:
        """The author's or a voter's signal when they are not a GitHub user (``_other_person``);
        with ``detail``, an unmatched one too, and an ignored one as skipped."""
        other = self._other_person(identity, identity_kind, email)
        if other is None:
            if detail:
                skipped.append(source)
        elif other[0] or detail:
            add((other[0], kind, identity, source, other[1], ""))

    def _person_hit(self, login: str, kind: str, source: str, memo: dict[str, Hit | None]) -> Hit | None:
        """The hit for ``login`` as author or +1, None for a bot or an ignored user; memoised
        in ``memo``, since a hit depends only on the login: one tuple serves every request."""
        who = self._people.get(login, _UNSEEN)
        if who is _UNSEEN:
            who = self._person(login)
        hit = memo[login] = None if who is None else (who[0], kind, login, source, who[1], "")
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
        if author and request.author_kind != "github":  # a Jira user or an e-mail: never a login
            source = f"author {_named(author, request.author_name)}"
            self._other_signal(
                "author", author, request.author_kind, request.author_email, source, detail, add, skipped
            )
        elif author:
            hit = self._authors.get(author, _UNSEEN)
            if hit is _UNSEEN:
                hit = self._person_hit(author, "author", f"author @{author}", self._authors)
            if hit is None and detail:
                skipped.append(f"author @{author}")
            elif hit is not None:
                if not hit[0] and request.author_email:
                    by_mail, problem = self.index.domain(request.author_email)
                    hit = (by_mail, "author", author, hit[3], problem or hit[4], "")
                if hit[0] or detail:
                    add(hit)
        elif request.author_email and normalize_login(request.author_email) not in self.ignored:
            found, problem = self.index.domain(request.author_email)
            domain = as_domain(request.author_email) or request.author_email
            reason = problem or f"no account has the domain {domain}"
            add((found, "author", domain, f"reporter domain {domain}", reason, ""))

        body = request.body
        lowered = body.lower()
        if request.fields or (self._form_word in lowered and "###" in body):
            value, where = field_value(request, self.settings.form_field, self._form_section, lowered)
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
        own_marker = self._own_marker
        for comment in request.comments:
            number += 1
            text = comment.body
            if own_marker and own_marker in text:
                continue
            login = comment.author
            who = None
            github = comment.author_kind == "github"
            if login and not github:
                who = self._other_person(login, comment.author_kind, comment.author_email)
            elif login:
                who = known(login, _UNSEEN)
                if who is _UNSEEN:
                    who = person(login)
            trailer = ":" in text and self._trailer_word in text.lower()
            if trailer or detail or (who is not None and who[0]):
                where = (
                    f"comment {number} by {'@' + login if github else _named(login, comment.author_name)}"
                    if login
                    else f"comment {number}"
                )
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
                if reaction.user_kind != "github":
                    source = f"+1 by {_named(login, reaction.user_name)}"
                    self._other_signal(
                        "reaction", login, reaction.user_kind, None, source, detail, add, skipped
                    )
                    continue
                hit = reacted(login, _UNSEEN)
                if hit is _UNSEEN:
                    hit = self._person_hit(login, "reaction", f"+1 by @{login}", self._reactions)
                if hit is not None and (detail or hit[0]):
                    add(hit)
                elif hit is None and detail:
                    skipped.append(f"+1 by @{login}")

        if detail:
            return Attribution(
                self._strongest(hits),
                tuple(hits),
                self.strengths,
                skipped_people=tuple(skipped),
                detailed=True,
            )
        if not hits:
            return Attribution((), hits, self.strengths)
        if len(hits) == 1:
            found, kind, _, source, _, evidence = hits[0]
            if found:
                only = (Signal(found, kind, self.strengths[kind], source, evidence),)
                return Attribution(only, hits, self.strengths)
        return Attribution(self._strongest(hits), hits, self.strengths)

    def _strongest(self, hits: Sequence[Hit], vias: Sequence[str] = ()) -> tuple[Signal, ...]:
        """One signal per account, its strongest (the earlier kind on a tie, then the earlier
        hit), by account id; ``vias`` (per hit) says which came through a duplicate."""
        priority = self._priority
        best: dict[str, int] = {}
        for i, hit in enumerate(hits):
            found = hit[0]
            if found:
                held = best.get(found)
                if held is None or priority[hit[1]] > priority[hits[held][1]]:
                    best[found] = i
        strengths = self.strengths
        signals = []
        for found, i in sorted(best.items()):
            hit = hits[i]
            signals.append(Signal(found, hit[1], strengths[hit[1]], hit[3], hit[5], vias[i] if vias else ""))
        return tuple(signals)

    def fold(self, own: Attribution, parts: Sequence[tuple[str, Attribution]]) -> Attribution:
        """``own`` with the hits of ``parts`` (each the key it was found on, and its
        attribution) added: one signal per account over all of them, the request's own first
        on a tie. ``core.duplicates`` folds a request's duplicates into it so."""
        hits = list(own.hits)
        vias = list(own.vias or [""] * len(hits))
        skipped = list(own.skipped_people)
        for via, part in parts:
            hits.extend(part.hits)
            vias.extend(part.vias or [via] * len(part.hits))
            skipped.extend(part.skipped_people)
        return Attribution(
            self._strongest(hits, vias),
            tuple(hits),
            self.strengths,
            skipped_people=tuple(skipped),
            detailed=own.detailed,
            vias=tuple(vias),
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
        at = lowered.find(word)
        while at >= 0:
            match = self._trailer.match(text, text.rfind("\n", 0, at) + 1)
            if match:
                yield match
            end = text.find("\n", at)  # one try per line: a line of the word repeated is one line
            at = lowered.find(word, end + 1) if end >= 0 else -1
