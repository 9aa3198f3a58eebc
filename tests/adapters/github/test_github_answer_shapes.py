"""Issue 17, defect 4 on GitHub: a GraphQL issue node of an unexpected shape (a connection
that is a string, a number that is no number) is a SourceError naming the read, never an
AttributeError or ValueError ending in "This is a bug"."""

from __future__ import annotations

import pytest

from icp_triage.adapters.github.reads import to_request
from icp_triage.errors import SourceError

NODE = {
    "number": 1,
    "title": "t",
    "url": "https://github.com/a/b/issues/1",
    "state": "OPEN",
    "body": "",
    "repository": {"nameWithOwner": "a/b"},
    "author": {"__typename": "User", "login": "x"},
}


@pytest.mark.parametrize(
    "odd",
    [{"comments": "none"}, {"labels": {"nodes": "x"}}, {"number": "many"}, {"reactions": {"nodes": [5]}}],
)
def test_an_odd_issue_node_is_a_clean_error(odd):
    with pytest.raises(SourceError, match="unexpected shape while reading a/b"):
        to_request({**NODE, **odd}, what="reading a/b")
