"""The request file's two decoders agree: msgspec's fast path never accepts a file pydantic
refuses, and where both accept, every field the core reads is the same."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icp_triage.adapters.requests_file import (
    FileRequest,
    decode_fast,
    parse_requests,
    validate_slow,
)
from icp_triage.core.models import RawRequest
from icp_triage.errors import DataError

FIELDS = (
    "key",
    "title",
    "url",
    "state",
    "created_at",
    "updated_at",
    "author",
    "author_email",
    "labels",
    "body",
    "fields",
    "estimate",
)

# Timestamps in the shapes exports carry, and some that one decoder or both refuse. Not here:
# more than six fractional digits, where msgspec rounds and pydantic truncates (< 1 us).
TIMESTAMPS = [
    "2026-01-02T03:04:05Z",
    "2026-01-02T03:04:05",
    "2026-01-02 03:04:05",
    "2026-01-02T03:04:05.123456+05:30",
    "2026-01-02T03:04:05-00:00",
    "2026-01-02",
    "2026-01-02T03:04Z",
    "2026-13-02T03:04:05Z",
    "yesterday",
    "",
    1767323045,
]

text = st.text(max_size=12)
json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False, allow_infinity=False), text
)


def _mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually ``good``, one time in ten ``bad``: most files valid, every field sometimes not."""
    return st.integers(0, 9).flatmap(lambda roll: bad if roll == 0 else good)


def _value(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return _mostly(values, json_scalar)


maybe_text = _mostly(st.one_of(st.none(), text), st.integers(0, 3))


comment = st.fixed_dictionaries(
    {},
    optional={
        "author": maybe_text,
        "body": maybe_text,
        "url": maybe_text,
        "created_at": _value(st.sampled_from(TIMESTAMPS)),
        "extra": json_scalar,
    },
)
reaction = st.fixed_dictionaries(
    {"user": _mostly(text, st.none())},
    optional={
        "content": _mostly(text, st.integers(0, 3)),
        "created_at": _value(st.sampled_from(TIMESTAMPS)),
        "dated_by": _mostly(st.sampled_from(["signal", "issue-updated"]), text),
    },
)
duplicate_of = _mostly(
    st.fixed_dictionaries(
        {},
        optional={
            "key": _mostly(st.one_of(st.none(), st.text(max_size=8)), st.integers(0, 3)),
            "by": _mostly(st.sampled_from(["github-mark", "github-comment", "jira-link", "file"]), text),
            "extra": json_scalar,
        },
    ),
    st.one_of(st.none(), text),
)
request = st.fixed_dictionaries(
    {"key": _mostly(st.text(min_size=1, max_size=8), st.one_of(st.just(""), st.integers(0, 3), st.none()))},
    optional={
        "title": maybe_text,
        "url": maybe_text,
        "state": maybe_text,
        "created_at": _value(st.sampled_from(TIMESTAMPS)),
        "updated_at": _value(st.sampled_from(TIMESTAMPS)),
        "author": maybe_text,
        "author_email": maybe_text,
        "labels": _value(st.lists(st.one_of(text, text, st.integers(0, 3)), max_size=3)),
        "body": maybe_text,
        "fields": _value(st.dictionaries(text, json_scalar, max_size=3)),
        "estimate": st.one_of(
            st.none(),
            st.floats(min_value=-2, max_value=1e6, allow_nan=False),
            st.integers(-2, 10),
            st.sampled_from(["5", "x", 1e308]),
        ),
        "reactions": _value(st.lists(reaction, max_size=3)),
        "comments": _value(st.lists(comment, max_size=3)),
        "duplicate_of": duplicate_of,
        "unknown": json_scalar,
    },
)


def _view(item: Any) -> dict[str, Any]:
    """Everything the core reads of a request (RequestLike), as plain data."""
    view = {name: getattr(item, name) for name in FIELDS}
    view["labels"] = list(view["labels"])
    view["fields"] = dict(view["fields"])
    view["reactions"] = [(r.user, r.content, r.created_at, r.dated_by) for r in item.reactions]
    view["comments"] = [(c.author, c.body, c.url, c.created_at) for c in item.comments]
    mark = item.duplicate_of
    view["duplicate_of"] = None if mark is None else (mark.key, mark.by)
    return view


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(request, min_size=1, max_size=3))
def test_the_fast_decoder_agrees_with_pydantic(requests: list[dict[str, Any]]) -> None:
    raw = json.dumps({"requests": requests}).encode()
    fast = decode_fast(raw)
    try:
        slow: list[RawRequest] | None = validate_slow(raw, label="r.json")
    except DataError:
        slow = None
    if slow is None:
        assert fast is None, "the fast decoder accepted a file pydantic refuses"
        return
    if fast is None:
        return  # stricter: pydantic decides, with the same result as before
    assert [_view(f) for f in fast] == [_view(s) for s in slow]
    for f in fast:  # same instants and both zone-aware: ordering by date cannot differ
        stamps = [f.created_at, f.updated_at, *(c.created_at for c in f.comments)]
        for stamp in [*stamps, *(r.created_at for r in f.reactions)]:
            assert stamp is None or stamp.tzinfo is not None


def test_a_well_formed_file_takes_the_fast_path() -> None:
    raw = json.dumps({"requests": [{"key": "a#1", "body": None, "created_at": "2026-01-02T03:04:05"}]})
    (found,) = parse_requests(raw.encode(), label="r.json")
    assert isinstance(found, FileRequest)
    assert found.body == ""
    assert found.created_at is not None and found.created_at.utcoffset() is not None


def test_what_only_pydantic_accepts_is_still_accepted() -> None:
    """A numeric string estimate and a date-only timestamp: msgspec refuses both, pydantic
    takes them, so the file loads as before."""
    raw = json.dumps({"requests": [{"key": "a#1", "estimate": "5", "created_at": "2026-01-02"}]})
    (found,) = parse_requests(raw.encode(), label="r.json")
    assert found.estimate == 5.0
    assert found.created_at is not None and found.created_at.year == 2026


def test_an_infinite_estimate_is_refused_by_both() -> None:
    raw = b'{"requests": [{"key": "a#1", "estimate": 1e999}]}'
    assert decode_fast(raw) is None
    try:
        parse_requests(raw, label="r.json")
    except DataError as exc:
        assert "requests[0].estimate" in str(exc)
    else:
        raise AssertionError("an infinite estimate was accepted")
    assert math.isinf(json.loads(raw)["requests"][0]["estimate"])  # the input really is inf


def test_the_fast_decoders_types_spell_the_whole_request_schema() -> None:
    """The msgspec types are a faster copy of ``core.models``' schema (a 100k file decodes
    several times faster, see benchmarks/rank.py): a field added to one is added to both."""
    from icp_triage.adapters.requests_file import FileComment, FileReaction, FileRequest
    from icp_triage.core.models import Comment, Reaction

    assert set(FileRequest.__struct_fields__) == set(RawRequest.model_fields)
    assert set(FileComment.__struct_fields__) == set(Comment.model_fields)
    assert set(FileReaction.__struct_fields__) == set(Reaction.model_fields)


def test_identity_kinds_decode_alike_on_both_paths() -> None:
    raw = json.dumps(
        {
            "requests": [
                {
                    "key": "PROJ-1",
                    "author": "5b10a2844c20165700ede21g",
                    "author_kind": "jira",
                    "comments": [
                        {"author": "x", "author_kind": "email", "author_email": "x@a.com", "id": "10001"}
                    ],
                    "reactions": [{"user": "y", "user_kind": "jira"}],
                }
            ]
        }
    ).encode()
    fast = decode_fast(raw)
    slow = validate_slow(raw, label="r.json")
    assert fast is not None
    for got in (fast[0], slow[0]):
        assert (got.author_kind, got.comments[0].author_kind, got.comments[0].id) == (
            "jira",
            "email",
            "10001",
        )
        assert got.reactions[0].user_kind == "jira"
