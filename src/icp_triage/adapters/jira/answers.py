"""The shapes of Jira's answers that the adapter reads, checked at the edge.

Jira (or a proxy in front of it) can answer anything: ``labels: 5``, ``status: "Done"``,
``fields: [1]``, ``comments: ["str"]``, ``total: "abc"``. Read on trust, each ended in a
TypeError or ValueError and "This is a bug". Each answer is validated here against a
model of just the fields the adapter reads (anything else passes through), and a wrong
shape is a SourceError (exit 1) naming the endpoint and the field, raised before any of
the issue is kept, so a run keeps no half-read state.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from icp_triage.errors import SourceError

Json = Any
Count = StrictInt | None


class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow")


class _User(_Shape):
    accountId: StrictStr | None = None
    name: StrictStr | None = None
    key: StrictStr | None = None
    displayName: StrictStr | None = None
    emailAddress: StrictStr | None = None


class _Comment(_Shape):
    id: StrictStr | StrictInt | None = None
    author: _User | None = None
    body: StrictStr | dict[str, Json] | None = None


class _CommentBlock(_Shape):
    comments: list[_Comment] | None = None
    total: Count = None


class _Category(_Shape):
    key: StrictStr | None = None


class _Status(_Shape):
    statusCategory: _Category | None = None


class _Votes(_Shape):
    votes: Count = None


class _Fields(_Shape):
    summary: StrictStr | None = None
    status: _Status | None = None
    created: StrictStr | None = None
    updated: StrictStr | None = None
    reporter: _User | None = None
    labels: list[StrictStr] | None = None
    description: StrictStr | dict[str, Json] | None = None
    comment: _CommentBlock | None = None
    votes: _Votes | None = None
    issuelinks: list[dict[str, Json]] | None = None


class _Issue(_Shape):
    key: StrictStr = Field(min_length=1)
    fields: _Fields | None = None
    properties: dict[str, Json] | None = None  # anyone who edits the issue writes these


class _Comments(_Shape):
    comments: list[_Comment] | None = None
    total: Count = None


class _Voters(_Shape):
    voters: list[_User] | None = None


def _check(model: type[BaseModel], data: Any, *, endpoint: str, what: str) -> None:
    if not isinstance(data, Mapping):
        raise SourceError(
            f"Jira's answer to {endpoint} is not an object while {what} (it is {type(data).__name__}); "
            "stopped (is source.jira.server a Jira?)"
        )
    try:
        model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "the answer"
        raise SourceError(
            f"Jira's answer to {endpoint} has an unexpected shape while {what}: {field}: {first['msg']}; "
            "stopped, nothing of this read kept"
        ) from None


def issue(raw: Any, *, endpoint: str, what: str) -> None:
    """An issue of a search page (or ``issue/{key}``), as far as the adapter reads it."""
    _check(_Issue, raw, endpoint=endpoint, what=what)


def comments(data: Any, *, endpoint: str, what: str) -> None:
    """A page of ``issue/{key}/comment``."""
    _check(_Comments, data, endpoint=endpoint, what=what)


def voters(data: Any, *, endpoint: str, what: str) -> None:
    """``issue/{key}/votes``."""
    _check(_Voters, data, endpoint=endpoint, what=what)
