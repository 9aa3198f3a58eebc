"""Issue 17, defect 4: Jira answers of unexpected shapes, through the real ``jira`` client
against the fake Jira over HTTP. Each ended in "This is a bug" (a TypeError or ValueError),
or short of that in a wrong result; each is now a SourceError (exit 1) naming the endpoint
and the field, and a property test puts any JSON value in place of any field read."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.jira.conftest import open_session
from fakes.fake_jira import FakeJira, serve_fake_jira
from icp_triage.errors import SourceError

Tamper = Callable[[dict[str, Any]], None]


def _issue_tampered(fake: FakeJira, tamper: Tamper) -> None:
    """Every rendered FR-1 passes through ``tamper`` before it is sent."""
    honest = fake._render

    def render(issue: Any, wanted: str, properties: str) -> dict[str, Any]:
        out = honest(issue, wanted, properties)
        if issue.key == "FR-1":
            tamper(out)
        return out

    fake._render = render  # type: ignore[method-assign]


def _raw_answer(fake: FakeJira, path: str, body: str) -> None:
    """Answer 200 with ``body`` as it is (not JSON-encoded) to requests whose path has ``path``."""
    honest = fake._handle

    def handle(request: Any) -> tuple[int, dict[str, str], str]:
        status, headers, text = honest(request)
        return (200, headers, body) if path in (request.url or "") else (status, headers, text)

    fake._handle = handle  # type: ignore[method-assign]


def _set(path: str, value: Any) -> Tamper:
    def tamper(out: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = out
        for part in parents:
            node = node[part]
        node[last] = value

    return tamper


def _seed(fake: FakeJira) -> None:
    for n in (1, 2):
        issue = fake.add_issue(f"FR-{n}", f"Feature {n}")
        fake.add_comment(issue, "alice", "Requested-by: Acme")


SHAPES = {
    "labels: 5": ("fields.labels", 5, "fields.labels"),
    'status: "Done"': ("fields.status", "Done", "fields.status"),
    'statusCategory: "done"': ("fields.status.statusCategory", "done", "statusCategory"),
    "fields: [1]": ("fields", [1], "fields"),
    'votes: "many"': ("fields.votes", "many", "fields.votes"),
    'comment: "none"': ("fields.comment", "none", "fields.comment"),
    'comments: ["str"]': ("fields.comment.comments", ["str"], "comments.0"),
    'total: "abc"': ("fields.comment.total", "abc", "comment.total"),
    "properties: [1]": ("properties", [1], "properties"),
    "key: null": ("key", None, "key"),
}


@pytest.mark.parametrize("case", sorted(SHAPES))
def test_an_issue_of_a_wrong_shape_is_an_error_naming_the_field(
    case: str, cloud: FakeJira, tmp_path: Path
) -> None:
    path, value, field = SHAPES[case]
    _seed(cloud)
    _issue_tampered(cloud, _set(path, value))
    session, _ = open_session(cloud, tmp_path)
    with pytest.raises(SourceError, match=rf"Jira's answer to search.*unexpected shape.*{field}"):
        session.backlog()


@pytest.mark.parametrize("issues", ["x", [5]])
def test_a_search_page_of_a_wrong_shape_is_an_error(issues: Any, cloud: FakeJira, tmp_path: Path) -> None:
    _seed(cloud)
    cloud.fail(200, body={"issues": issues, "isLast": True}, path="search/jql")
    session, _ = open_session(cloud, tmp_path)
    with pytest.raises(SourceError, match=r"search/jql.*issues"):
        session.backlog()


def test_a_json_list_answer_is_an_error_not_an_empty_backlog(cloud: FakeJira, tmp_path: Path) -> None:
    _seed(cloud)
    _raw_answer(cloud, "search/jql", "[]")
    session, _ = open_session(cloud, tmp_path)
    with pytest.raises(SourceError, match=r"search/jql.*not an object"):
        session.backlog()


def test_an_html_page_with_status_200_is_named_as_such(cloud: FakeJira, tmp_path: Path) -> None:
    _seed(cloud)
    _raw_answer(cloud, "search/jql", "<html><body>Log in to continue</body></html>")
    session, waits = open_session(cloud, tmp_path)
    with pytest.raises(SourceError, match=r"answer to search/jql that is not JSON.*<html>") as raised:
        session.backlog()
    assert "could not be reached" not in str(raised.value) and waits.seconds == []


def test_an_answer_nested_beyond_the_parser_is_an_error(cloud: FakeJira, tmp_path: Path) -> None:
    _seed(cloud)
    _raw_answer(cloud, "search/jql", '{"issues": ' + "[" * 5000 + "]" * 5000 + "}")
    session, _ = open_session(cloud, tmp_path)
    with pytest.raises(SourceError, match=r"search/jql nests too deeply"):
        session.backlog()


def test_a_comment_page_of_a_wrong_shape_is_an_error(cloud: FakeJira, tmp_path: Path) -> None:
    issue = cloud.add_issue("FR-1", "Feature 1")
    for n in range(25):
        cloud.add_comment(issue, "alice", f"comment {n}")
    cloud.fail(200, body={"comments": ["str"], "total": 25}, path="/comment")
    session, _ = open_session(cloud, tmp_path)
    with pytest.raises(SourceError, match=r"issue/FR-1/comment.*comments\.0"):
        session.backlog()


@pytest.mark.parametrize(
    "document",
    [
        {"type": "doc", "content": 5},
        {"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "mention", "attrs": "x"}]}]},
        "nested",
    ],
)
def test_odd_documents_are_read_as_far_as_they_go(document: Any, cloud: FakeJira, tmp_path: Path) -> None:
    if document == "nested":
        inner: dict[str, Any] = {"type": "text", "text": "deep"}
        for _ in range(400):
            inner = {"type": "strong", "content": [inner]}
        document = {"type": "doc", "content": [{"type": "paragraph", "content": [inner]}]}
    _seed(cloud)
    _issue_tampered(cloud, _set("fields.description", document))
    session, _ = open_session(cloud, tmp_path)
    assert len(session.backlog()) == 2


# The property test: any JSON value in place of any field the adapter reads.
READ = [
    "key",
    "fields",
    "properties",
    "properties.icp-triage",
    "fields.summary",
    "fields.status",
    "fields.status.statusCategory",
    "fields.status.statusCategory.key",
    "fields.created",
    "fields.updated",
    "fields.reporter",
    "fields.reporter.accountId",
    "fields.labels",
    "fields.description",
    "fields.comment",
    "fields.comment.comments",
    "fields.comment.total",
    "fields.comment.comments.0",
    "fields.comment.comments.0.id",
    "fields.comment.comments.0.body",
    "fields.comment.comments.0.author",
    "fields.votes",
    "fields.votes.votes",
    "fields.issuelinks",
]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


def _put(out: dict[str, Any], path: str, value: Any) -> None:
    node: Any = out
    *parents, last = path.split(".")
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
        if not isinstance(node, (dict, list)):
            return
    if isinstance(node, list):
        if node:
            node[0] = value
    elif isinstance(node, dict):
        node[last] = value


@pytest.fixture(scope="module")
def served():
    with serve_fake_jira(deployment="cloud") as fake:
        issue = fake.add_issue("FR-1", "Feature 1", description="Requested-by: Acme")
        fake.add_comment(issue, "alice", "Requested-by: Acme")
        issue.properties["icp-triage"] = {"commentId": issue.comments[0]["id"]}
        yield fake


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(READ), value=JSON)
def test_any_json_in_any_field_read_is_handled_or_a_clean_error(
    served: FakeJira, tmp_path_factory: pytest.TempPathFactory, where: str, value: Any
) -> None:
    _issue_tampered(served, lambda out: _put(out, where, copy.deepcopy(value)))
    try:
        session, _ = open_session(served, tmp_path_factory.mktemp("cache"))
        with contextlib.suppress(SourceError):  # exit 1 naming endpoint and field; nothing else
            session.backlog(refresh=True)
    finally:
        del served._render  # back to the class's own
