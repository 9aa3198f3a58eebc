"""What a request is about and how pressing it is: the ICP's problems, urgency and triggers.

Firmographics say who the ICP is; seed 004 asks for why they buy: the problems they are
trying to solve (``profile.problems``), what makes a request urgent (``profile.urgency``) and
the account events that make buying urgent (``profile.triggers``). A request addresses a
problem when one of its keywords appears in its title, body or a field's value, or it carries
one of the problem's labels. Words match case-insensitively and whole: ``dbt`` is not found
in ``dbtools``. Matching is ``str.find`` over the folded text, linear in the text for the
fixed, bounded keywords of icp.yml (no regular expression runs on a request's text).

A trigger is active when the account's date attribute lies within ``within_days`` of the
run's date, before or after (a renewal coming up, a funding round just closed). The date is
the caller's: ``rank`` has no clock, the surface passes the day it runs for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from icp_triage.core.models import Account, RequestLike
from icp_triage.core.names import normalize_attribute

_MAX_WORD = 100  # a keyword longer than this is a sentence, and would make matching slower


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, allow_inf_nan=False)


class _Worded(_Strict):
    """A model whose ``keywords`` and ``labels`` (declared by each subclass, in its own order)
    are cleaned and bounded alike."""

    @field_validator("keywords", "labels", check_fields=False)
    @classmethod
    def _cleaned(cls, values: list[str], info: ValidationInfo) -> list[str]:
        return _words(values, str(info.field_name))


def _words(values: list[str], what: str) -> list[str]:
    cleaned = []
    for value in values:
        text = " ".join(str(value).split())
        if not text:
            raise ValueError(f"{what}: an empty {what[:-1]}; give a word or a phrase")
        if len(text) > _MAX_WORD:
            raise ValueError(
                f"{what}: '{text[:40]}…' is longer than {_MAX_WORD} characters; give a word or phrase"
            )
        cleaned.append(text)
    return cleaned


class Problem(_Worded):
    """A problem the ICP is trying to solve. A request addresses it when one of ``keywords``
    (whole words or phrases, any case) is in its title, body or a field, or it carries one of
    ``labels``."""

    name: str = Field(min_length=1, max_length=100)
    keywords: list[str] = Field(default_factory=list)
    labels: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _recognisable(self) -> Problem:
        if not self.keywords and not self.labels:
            raise ValueError(
                f"problem '{self.name}': give keywords, labels or both, so a request can address it"
            )
        return self


class Urgency(_Worded):
    """What makes a request urgent: any of ``labels``, or any of ``keywords`` (whole words or
    phrases, any case) in its title, body or a field."""

    labels: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)


class Trigger(_Strict):
    """An account event that makes buying urgent: the account's date ``attribute``
    (``YYYY-MM-DD``) within ``within_days`` of the run's date, before or after (today, or
    ``ICP_TRIAGE_TODAY``)."""

    attribute: str = Field(min_length=1)
    within_days: int = Field(ge=0, le=3650)

    @field_validator("attribute")
    @classmethod
    def _as_accounts_spell_it(cls, name: str) -> str:
        key = normalize_attribute(name)
        if not key:
            raise ValueError("name an account attribute holding a date, such as renewal_date")
        return key


@dataclass(frozen=True, slots=True)
class ProblemMatch:
    """One ICP problem a request addresses, with what matched (``snowflake``, ``label area:warehouse``)."""

    name: str
    matched: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActiveTrigger:
    """An account's trigger that is active on the run's date."""

    attribute: str
    on: date
    within_days: int

    def describe(self) -> str:
        return f"{self.attribute} {self.on.isoformat()} (within {self.within_days} days)"


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _fold(text: str) -> str:
    return text.casefold().replace("\u2019", "'")


def contains_word(folded: str, word: str) -> bool:
    """Whether ``word`` (folded) occurs in ``folded`` as a whole word or phrase: the character
    before and after it is no letter, digit or ``_`` where the word itself starts or ends with
    one. Linear in ``folded`` for a bounded ``word``: each ``find`` starts past the last hit."""
    if not word:
        return False
    check_start, check_end = _is_word(word[0]), _is_word(word[-1])
    start = folded.find(word)
    while start >= 0:
        end = start + len(word)
        before_ok = not check_start or start == 0 or not _is_word(folded[start - 1])
        after_ok = not check_end or end == len(folded) or not _is_word(folded[end])
        if before_ok and after_ok:
            return True
        start = folded.find(word, start + 1)
    return False


def _field_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "\n".join(_field_text(v) for v in value)
    return "" if value is None or isinstance(value, dict) else str(value)


@dataclass(frozen=True, slots=True)
class _Places:
    """A request's text, folded once: where each keyword is looked for, in the order reported."""

    parts: tuple[tuple[str, str], ...]  # (where, folded text)
    labels: frozenset[str]

    @classmethod
    def of(cls, request: RequestLike) -> _Places:
        parts = [("title", _fold(request.title or "")), ("body", _fold(request.body or ""))]
        if request.fields:
            for name, value in sorted(request.fields.items()):
                text = _field_text(value)
                if text:
                    parts.append((f"field {name}", _fold(text)))
        return cls(tuple(parts), frozenset(_fold(label.strip()) for label in request.labels))

    def where(self, folded: str) -> str | None:
        """The first place ``folded`` (a folded keyword) is found as a whole word, else None."""
        for where, text in self.parts:
            if folded in text and contains_word(text, folded):  # ``in``: the common miss, in C
                return where
        return None


@dataclass(frozen=True, slots=True)
class Focus:
    """What one request addresses: the ICP problems and, when urgent, why."""

    problems: tuple[ProblemMatch, ...] = ()
    urgent: str | None = None  # the reason: "label blocker", "'deadline' in the body"


NO_FOCUS = Focus()


def _folded(words: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """Each word as written (for the reader) beside its folded form (for matching)."""
    return tuple((word, _fold(word)) for word in words)


class FocusReader:
    """Reads requests against fixed problems and urgency; a no-op when icp.yml names none.
    Keywords and labels are folded once here, not once per request."""

    def __init__(self, problems: Sequence[Problem], urgency: Urgency | None) -> None:
        urgency = urgency or Urgency()
        self.problems = tuple((p.name, _folded(p.labels), _folded(p.keywords)) for p in problems)
        self.urgent_labels = _folded(urgency.labels)
        self.urgent_words = _folded(urgency.keywords)
        self.active = bool(self.problems or self.urgent_labels or self.urgent_words)

    def read(self, request: RequestLike) -> Focus:
        """The problems ``request`` addresses, in icp.yml's order, and its urgency."""
        if not self.active:
            return NO_FOCUS
        places = _Places.of(request)
        found = []
        for name, labels, keywords in self.problems:
            matched = [f"label {label}" for label, folded in labels if folded in places.labels]
            matched += [word for word, folded in keywords if places.where(folded) is not None]
            if matched:
                found.append(ProblemMatch(name, tuple(dict.fromkeys(matched))))
        return Focus(tuple(found), self._urgent(places))

    def _urgent(self, places: _Places) -> str | None:
        for label, folded in self.urgent_labels:
            if folded in places.labels:
                return f"label {label}"
        for word, folded in self.urgent_words:
            where = places.where(folded)
            if where is not None:
                return f"'{word}' in the {where}"
        return None


def as_date(value: Any) -> date | None:
    """An attribute's value as a date: a date, a date-time, or text starting ``YYYY-MM-DD``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value.strip()) >= 10:
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def active_triggers(
    account: Account, triggers: Sequence[Trigger], *, today: date | None
) -> tuple[ActiveTrigger, ...]:
    """The account's triggers active on ``today``: none without a date to judge from."""
    if today is None or not triggers:
        return ()
    active = []
    for trigger in triggers:
        on = as_date(account.attribute(trigger.attribute))
        if on is not None and abs((on - today).days) <= trigger.within_days:
            active.append(ActiveTrigger(trigger.attribute, on, trigger.within_days))
    return tuple(active)


def all_triggers(
    accounts: Mapping[str, Account], triggers: Sequence[Trigger], *, today: date | None
) -> dict[str, tuple[ActiveTrigger, ...]]:
    """Each account's active triggers, by account id (accounts with none left out)."""
    if today is None or not triggers:
        return {}
    found = {key: active_triggers(account, triggers, today=today) for key, account in accounts.items()}
    return {key: hits for key, hits in found.items() if hits}
