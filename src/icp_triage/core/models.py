"""Input models shared by every source: accounts and raw feature requests.

Sources (file, GitHub, Jira) all produce ``RawRequest``; the CRM export becomes ``Account``.
They are pydantic models so an adapter's output is validated once, at the edge.

The core reads requests through ``RequestLike``, the read-only shape of ``RawRequest``: the
``file`` source decodes large exports straight into lighter objects of that shape (creating
100k pydantic models costs several times the JSON parse), and the core cannot tell them apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

AttributeValue = str | int | float | bool | list[str] | list[int | float | str]
IdentityKind = Literal["github", "jira", "email"]
"""What an author or reactor name is: a GitHub login, a Jira accountId or username, an
e-mail address. ``github`` by default, so the ``file`` source's JSON reads as before."""
DatedBy = Literal["signal", "issue-updated"]
"""What a signal's ``created_at`` is: the time the tracker recorded for the signal itself
(``signal``), or the issue's last update standing in for a time the tracker does not keep
(``issue-updated``: Jira votes). ``core.ask_times`` says so wherever it counts one."""
DuplicateMarkedBy = Literal["github-mark", "github-comment", "github-closed", "jira-link", "file"]
"""Where a duplicate mark came from: GitHub's ``MarkedAsDuplicateEvent``, a "Duplicate of #N"
comment on an issue closed as a duplicate, an issue closed as a duplicate that names no
original (``github-closed``, no ``key``), a Jira ``Duplicate`` link, or a request file."""


class Account(BaseModel):
    """A customer company as exported from a CRM."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    id: str = Field(min_length=1)
    name: str | None = None
    domains: tuple[str, ...] = ()
    github_logins: tuple[str, ...] = ()
    github_orgs: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    jira_users: tuple[str, ...] = ()
    arr: float | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)

    @property
    def display_name(self) -> str:
        return self.name or self.id

    def attribute(self, name: str) -> Any:
        """The value of a profile attribute, built-in fields first; None when unknown."""
        if name == "arr":
            return self.arr
        if name in ("id", "name", "domains", "github_logins", "github_orgs", "aliases", "jira_users"):
            value = getattr(self, name)
            return list(value) if isinstance(value, tuple) else value
        return self.attributes.get(name)


def comment_id(value: Any) -> str | None:
    """A comment's id as text: GitHub's REST ids are numbers, Jira's are text. Anything else
    (an export's own idea of an id) is no id, as exports carried such keys before ``id`` was read."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _utc(value: datetime | None) -> datetime | None:
    """A date-time without a zone is UTC, so ordering never depends on the machine's zone."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


class Comment(BaseModel):
    """One comment on a request; ``url`` lets reports point at the evidence, ``id`` is the
    tracker's own id for it (a tagger edits its comment by id), ``created_at`` when it was
    written (None when the source does not say: ``trend`` then counts it at the request's)."""

    model_config = ConfigDict(extra="ignore")

    author: str | None = None
    body: str = ""
    url: str | None = None
    id: str | None = None
    author_email: str | None = None
    author_kind: IdentityKind = "github"
    author_name: str | None = None  # a display name beside an opaque id (a Jira accountId)
    created_at: datetime | None = None

    @field_validator("body", mode="before")
    @classmethod
    def _none_body(cls, value: Any) -> Any:
        return "" if value is None else value

    @field_validator("created_at")
    @classmethod
    def _utc_when_naive(cls, value: datetime | None) -> datetime | None:
        return _utc(value)

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return comment_id(value)


class Reaction(BaseModel):
    """A reaction; only ``+1`` (REST) or ``THUMBS_UP`` (GraphQL) counts as demand. A Jira vote
    is one too: Jira keeps no time for a vote, so its ``created_at`` is the issue's last
    update, ``dated_by: issue-updated``."""

    model_config = ConfigDict(extra="ignore")

    user: str
    content: str = "+1"
    user_kind: IdentityKind = "github"
    user_name: str | None = None  # a display name beside an opaque id (a Jira accountId)
    created_at: datetime | None = None
    dated_by: DatedBy = "signal"

    @field_validator("created_at")
    @classmethod
    def _utc_when_naive(cls, value: datetime | None) -> datetime | None:
        return _utc(value)


class DuplicateOf(BaseModel):
    """The request the tracker says this one duplicates: its ``key`` (None when the issue was
    closed as a duplicate without saying of which), and ``by`` what mark."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str | None = Field(default=None, min_length=1)
    by: DuplicateMarkedBy = "file"

    @field_validator("key")
    @classmethod
    def _trimmed_key(cls, value: str | None) -> str | None:
        """As a request's own key: `` a/b#1`` is ``a/b#1``."""
        if value is not None and not value.strip():
            raise ValueError("a key of spaces only; give the original's key such as owner/repo#12")
        return None if value is None else value.strip()


class RawRequest(BaseModel):
    """A feature request as a source delivers it, before attribution.

    This is the ``file`` source's JSON shape (DESIGN.md, "Data formats"); the GitHub and
    Jira adapters produce the same model.
    """

    model_config = ConfigDict(extra="ignore")

    key: str = Field(min_length=1)
    title: str = ""
    url: str | None = None
    state: str = "open"
    state_reason: str | None = None  # why it was closed: "completed" is shipped (core.shipped)
    closed_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    author: str | None = None
    author_email: str | None = None
    author_kind: IdentityKind = "github"
    author_name: str | None = None  # a display name beside an opaque id (a Jira accountId)
    labels: list[str] = Field(default_factory=list)
    body: str = ""
    fields: dict[str, Any] = Field(default_factory=dict)
    estimate: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    reactions: list[Reaction] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)
    duplicate_of: DuplicateOf | None = None

    @classmethod
    def from_request(cls, request: RequestLike) -> RawRequest:
        """Any request (a file record, a tracker's read) as a RawRequest, to store or send.

        Every field, and every field of its comments and reactions, is read by its own name
        (``RequestLike`` is this model's shape), so a field added here is carried with no
        second list to keep: a Jira identity keeps its kind, a comment its tracker id.
        """
        if isinstance(request, RawRequest):
            return request
        return cls.model_validate(request, from_attributes=True)

    @field_validator("body", "title", mode="before")
    @classmethod
    def _none_text(cls, value: Any) -> Any:
        return "" if value is None else value

    @field_validator("key")
    @classmethod
    def _trimmed_key(cls, value: str) -> str:
        """``a/b#1 `` is ``a/b#1``: a stray space must not make a second request of it."""
        if not value.strip():
            raise ValueError("a key of spaces only; give the issue key such as owner/repo#12")
        return value.strip()

    @field_validator("estimate", mode="before")
    @classmethod
    def _no_boolean_estimate(cls, value: Any) -> Any:
        """``true``/``false`` is no effort: pydantic would read them as 1 and 0 story points."""
        if isinstance(value, bool):
            raise ValueError("expected a number of story points, got a boolean")
        return value

    @field_validator("created_at", "updated_at", "closed_at")
    @classmethod
    def _utc_when_naive(cls, value: datetime | None) -> datetime | None:
        return _utc(value)


COMPLETED = "completed"
"""The ``state_reason`` of a request closed because it was done: GitHub's ``stateReason:
COMPLETED``, a Jira resolution in the done status category, a request file's own word."""


def closed_as_completed(request: RequestLike) -> bool:
    """Whether ``request`` shipped: closed, and closed as completed. It leaves the ranked
    backlog (``core.ranking.rank``) for ``core.shipped``; a request closed for another reason,
    or closed with no reason given, is neither."""
    reason = request.state_reason
    return reason is not None and reason.lower() == COMPLETED and request.state.lower() == "closed"


class ReactionLike(Protocol):
    """What the core reads of a reaction."""

    @property
    def user(self) -> str: ...
    @property
    def content(self) -> str: ...
    @property
    def user_kind(self) -> str: ...
    @property
    def user_name(self) -> str | None: ...
    @property
    def created_at(self) -> datetime | None: ...
    @property
    def dated_by(self) -> str: ...


class CommentLike(Protocol):
    """What the core reads of a comment."""

    @property
    def author(self) -> str | None: ...
    @property
    def body(self) -> str: ...
    @property
    def url(self) -> str | None: ...
    @property
    def author_email(self) -> str | None: ...
    @property
    def author_kind(self) -> str: ...
    @property
    def author_name(self) -> str | None: ...
    @property
    def created_at(self) -> datetime | None: ...


class DuplicateOfLike(Protocol):
    """What the core reads of a duplicate mark."""

    @property
    def key(self) -> str | None: ...
    @property
    def by(self) -> str: ...


class RequestLike(Protocol):
    """What the core reads of a request: ``RawRequest``'s fields, read-only."""

    @property
    def key(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def url(self) -> str | None: ...
    @property
    def state(self) -> str: ...
    @property
    def state_reason(self) -> str | None: ...
    @property
    def closed_at(self) -> datetime | None: ...
    @property
    def created_at(self) -> datetime | None: ...
    @property
    def updated_at(self) -> datetime | None: ...
    @property
    def author(self) -> str | None: ...
    @property
    def author_email(self) -> str | None: ...
    @property
    def author_kind(self) -> str: ...
    @property
    def author_name(self) -> str | None: ...
    @property
    def labels(self) -> Sequence[str]: ...
    @property
    def body(self) -> str: ...
    @property
    def fields(self) -> Mapping[str, Any]: ...
    @property
    def estimate(self) -> float | None: ...
    @property
    def reactions(self) -> Sequence[ReactionLike]: ...
    @property
    def comments(self) -> Sequence[CommentLike]: ...
    @property
    def duplicate_of(self) -> DuplicateOfLike | None: ...
