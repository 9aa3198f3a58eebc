"""The ``file`` source: DESIGN.md's request JSON, validated with the request and field named."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from icp_triage.adapters.requests_file import load_requests, parse_requests
from icp_triage.errors import DataError

DESIGN_EXAMPLE = {
    "requests": [
        {
            "key": "acme/app#12",
            "title": "SSO",
            "url": "https://example.com/12",
            "state": "open",
            "created_at": "2026-01-02T00:00:00Z",
            "updated_at": "2026-01-05T00:00:00Z",
            "author": "octocat",
            "author_email": None,
            "labels": ["feature-request", "customer:globex"],
            "body": "...",
            "fields": {"Company": "Acme Inc."},
            "estimate": 3,
            "reactions": [{"user": "alice", "content": "+1"}],
            "comments": [{"author": "bob", "body": "Requested-by: initech.com"}],
        }
    ]
}


def parse(data: object) -> list:
    return parse_requests(json.dumps(data).encode(), label="r.json")


def error_of(raw: bytes) -> str:
    with pytest.raises(DataError) as caught:
        parse_requests(raw, label="r.json")
    return str(caught.value)


class TestParse:
    def test_design_example(self):
        (request,) = parse(DESIGN_EXAMPLE)
        assert request.key == "acme/app#12"
        assert request.created_at == datetime(2026, 1, 2, tzinfo=timezone.utc)
        assert request.labels == ["feature-request", "customer:globex"]
        assert request.fields == {"Company": "Acme Inc."}
        assert request.estimate == 3
        assert request.reactions[0].user == "alice"
        assert request.comments[0].body == "Requested-by: initech.com"

    def test_only_a_key_is_required(self):
        (request,) = parse({"requests": [{"key": "PROJ-1"}]})
        assert (request.title, request.body, request.state, request.labels) == ("", "", "open", [])
        assert request.created_at is None

    def test_nulls_in_text_fields(self):
        (request,) = parse(
            {"requests": [{"key": "k", "title": None, "body": None, "comments": [{"body": None}]}]}
        )
        assert (request.title, request.body, request.comments[0].body) == ("", "", "")

    def test_unknown_fields_are_ignored(self):
        (request,) = parse({"version": 2, "requests": [{"key": "k", "milestone": "v2"}]})
        assert request.key == "k"

    def test_an_export_with_fields_of_its_own_keeps_everything_the_format_knows(self):
        extra = {"assignee": "zoe", "milestone": {"title": "v2"}, "number": 12}
        request = {
            **DESIGN_EXAMPLE["requests"][0],
            **extra,
            "comments": [{"author": "bob", "body": "Requested-by: initech.com", "id": 7}],
            "reactions": [{"user": "alice", "content": "+1", "created_at": "2026-01-03T00:00:00Z"}],
        }
        (got,) = parse({"requests": [request]})
        (plain,) = parse(DESIGN_EXAMPLE)
        for name in ("key", "title", "created_at", "author", "labels", "body", "fields", "estimate"):
            assert getattr(got, name) == getattr(plain, name)
        assert (got.comments[0].author, got.comments[0].body) == ("bob", "Requested-by: initech.com")
        assert got.comments[0].id == "7"  # a REST comment id, read as text
        assert (got.reactions[0].user, got.reactions[0].content) == ("alice", "+1")

    def test_empty_list(self):
        assert parse({"requests": []}) == []

    def test_a_duplicate_names_its_original_and_the_mark(self):
        """``duplicate_of`` is what the trackers' duplicate marks become; hand-written, it says
        ``file`` (the default), and an issue closed as a duplicate of nothing named has no key."""
        marked, written, unnamed = parse(
            {
                "requests": [
                    {"key": "acme/app#212", "duplicate_of": {"key": " acme/app#189 ", "by": "github-mark"}},
                    {"key": "acme/app#213", "duplicate_of": {"key": "acme/app#189"}},
                    {"key": "acme/app#214", "duplicate_of": {"by": "github-closed"}},
                ]
            }
        )
        assert (marked.duplicate_of.key, marked.duplicate_of.by) == ("acme/app#189", "github-mark")
        assert (written.duplicate_of.key, written.duplicate_of.by) == ("acme/app#189", "file")
        assert (unnamed.duplicate_of.key, unnamed.duplicate_of.by) == (None, "github-closed")
        (plain,) = parse({"requests": [{"key": "acme/app#1"}]})
        assert plain.duplicate_of is None

    def test_bom(self):
        raw = b"\xef\xbb\xbf" + json.dumps({"requests": [{"key": "k"}]}).encode()
        assert [r.key for r in parse_requests(raw, label="r.json")] == ["k"]

    def test_load_from_a_file(self, tmp_path: Path):
        (tmp_path / "r.json").write_text(json.dumps(DESIGN_EXAMPLE))
        assert [r.key for r in load_requests(tmp_path / "r.json")] == ["acme/app#12"]


class TestErrors:
    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"requests": [{"title": "x"}]}, "r.json: requests[0].key: required, but missing"),
            ({"requests": [{"key": ""}]}, "r.json: requests[0].key: must not be empty"),
            ({"requests": [{"key": 12}]}, "r.json: requests[0].key: expected text, got 12"),
            (
                {"requests": [{"key": "a", "labels": "x"}]},
                "r.json: requests[0].labels: expected a list, got 'x'",
            ),
            (
                {"requests": [{"key": "a", "labels": [1]}]},
                "r.json: requests[0].labels[0]: expected text, got 1",
            ),
            (
                {"requests": [{"key": "a", "created_at": "yesterday"}]},
                "r.json: requests[0].created_at: expected a date-time such as 2026-01-02T00:00:00Z, got 'yesterday'",
            ),
            (
                {"requests": [{"key": "a"}, {"key": "a"}]},
                "r.json: requests[1].key: duplicate key 'a' (first at requests[0])",
            ),
            (  # pydantic alone would read false as 0 points and true as 1
                {"requests": [{"key": "a", "estimate": True}]},
                "r.json: requests[0].estimate: expected a number of story points, got a boolean",
            ),
            (
                {"requests": [{"key": "a", "estimate": -1}]},
                "r.json: requests[0].estimate: must be >= 0.0, got -1",
            ),
            (
                {"requests": [{"key": "a", "estimate": "big"}]},
                "r.json: requests[0].estimate: expected a number, got 'big'",
            ),
            (
                {"requests": [{"key": "a", "reactions": [{"content": "+1"}]}]},
                "r.json: requests[0].reactions[0].user: required, but missing",
            ),
            (
                {"requests": [{"key": "a", "comments": ["hi"]}]},
                "r.json: requests[0].comments[0]: expected a mapping (key: value), got 'hi'",
            ),
            (
                {"requests": [{"key": "a", "fields": []}]},
                "r.json: requests[0].fields: expected a mapping (key: value), got a list",
            ),
            (
                {"requests": [{"key": "a", "duplicate_of": "b"}]},
                "r.json: requests[0].duplicate_of: expected a mapping (key: value), got 'b'",
            ),
            (  # a misspelt key would leave a duplicate that names no original
                {"requests": [{"key": "a", "duplicate_of": {"kye": "b"}}]},
                "r.json: requests[0].duplicate_of.kye: unknown key 'kye'",
            ),
            (
                {"requests": [{"key": "a", "duplicate_of": {"key": "b", "by": "email"}}]},
                "r.json: requests[0].duplicate_of.by: expected 'github-mark', 'github-comment', "
                "'github-closed', 'jira-link' or 'file', got 'email'",
            ),
            ({"requests": [3]}, "r.json: requests[0]: expected a mapping (key: value), got 3"),
            ({"requests": {"key": "a"}}, "r.json: requests: expected a list, got a mapping"),
            ({"reqs": []}, "r.json: requests: required, but missing"),
            ([{"key": "a"}], 'r.json: expected a JSON object {"requests": [...]}, got a list'),
            ("hello", 'r.json: expected a JSON object {"requests": [...]}, got str'),
        ],
    )
    def test_message(self, data, message):
        assert error_of(json.dumps(data).encode()) == message

    @pytest.mark.parametrize(
        ("request_", "message"),
        [
            (
                {"key": "k", "lables": ["customer:acme"]},
                "r.json: requests[1].lables: unknown key (did you mean 'labels'?)",
            ),
            (
                {"key": "k", "Created_At": "2026-01-02"},
                "r.json: requests[1].Created_At: unknown key (did you mean 'created_at'?)",
            ),
            (
                {"key": "k", "comments": [{"author": "a"}, {"author": "b", "bdy": "Requested-by: x"}]},
                "r.json: requests[1].comments[1].bdy: unknown key (did you mean 'body'?)",
            ),
            (
                {"key": "k", "reactions": [{"usr": "alice", "user": "alice"}]},
                "r.json: requests[1].reactions[0].usr: unknown key (did you mean 'user'?)",
            ),
            (
                {"key": "k", "authorEmail": "jo@acme.io"},
                "r.json: requests[1].authorEmail: unknown key (did you mean 'author_email'?)",
            ),
            (
                {"key": "k", "comment": [{"body": "Requested-by: acme"}]},
                "r.json: requests[1].comment: unknown key (did you mean 'comments'?)",
            ),
        ],
    )
    def test_a_misspelt_key_is_refused_with_the_key_it_resembles(self, request_, message):
        # a misspelt key would drop its value without a word: the customer label, the comment
        raw = json.dumps({"requests": [{"key": "ok", "assignee": "zoe"}, request_]}).encode()
        assert error_of(raw).startswith(message)

    def test_keys_of_github_and_jira_exports_are_no_misspellings(self):
        exported = {
            "key": "k",
            **dict.fromkeys(["id", "node_id", "number", "html_url", "comments_url", "user"], 1),
            **dict.fromkeys(["assignee", "milestone", "closed_at", "state_reason", "draft"], None),
            **dict.fromkeys(["summary", "status", "created", "updated", "reporter", "priority"], "x"),
        }
        (request,) = parse({"requests": [exported]})
        assert request.key == "k"

    def test_the_first_problem_is_named_and_the_rest_counted(self):
        raw = json.dumps({"requests": [{"title": 1}, {"key": "b", "labels": "x"}]}).encode()
        assert error_of(raw) == (
            "r.json: requests[0].key: required, but missing. 2 more problems: requests[0].title, requests[1].labels"
        )

    def test_syntax_error_has_line_and_column(self):
        assert error_of(b'{"requests": [\n  {"key": "a"}\n') == (
            "r.json: line 3, column 1: not valid JSON: Expecting ',' delimiter"
        )

    def test_empty(self):
        assert error_of(b"") == "r.json: the file is empty"
        assert error_of(b"  \n") == "r.json: the file is empty"

    def test_not_utf8(self):
        assert error_of(b'{"requests": [\n{"key": "\xff"}]}') == (
            "r.json: not UTF-8 text (byte 0xff on line 2); save it as UTF-8 and try again"
        )

    def test_missing_file(self, tmp_path: Path):
        with pytest.raises(DataError) as caught:
            load_requests(tmp_path / "nope.json")
        assert str(caught.value) == f"{tmp_path / 'nope.json'}: file not found"

    def test_directory(self, tmp_path: Path):
        with pytest.raises(DataError) as caught:
            load_requests(tmp_path)
        assert str(caught.value) == f"{tmp_path}: is a directory, expected a file"
