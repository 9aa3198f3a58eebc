"""Issue 17: a Jira that answers with hostile headers, pages and comments, through the real
``jira`` client against the fake Jira over HTTP."""

from __future__ import annotations

from email.utils import formatdate
from pathlib import Path

import pytest

from adapters.jira.conftest import open_session
from fakes.fake_jira import FakeJira
from fakes.jira_rest import ME
from icp_triage.adapters.jira.conventions import JIRA_CONVENTIONS
from icp_triage.core.attribution import Attributor
from icp_triage.core.models import Account, RawRequest
from icp_triage.core.settings import AttributionSettings
from icp_triage.errors import SourceError


def _seed(fake: FakeJira, count: int) -> None:
    for n in range(1, count + 1):
        fake.add_issue(f"FR-{n}", f"Feature {n}")


class TestRetryAfter:
    """Defect 3: ``Retry-After: nan`` printed "waiting nan s" and then crashed with a
    ValueError; an HTTP-date was ignored."""

    def test_a_retry_after_of_nan_is_treated_as_absent(self, cloud: FakeJira, tmp_path: Path) -> None:
        _seed(cloud, 3)
        cloud.fail(429, headers={"Retry-After": "nan"}, path="search/jql")
        session, waits = open_session(cloud, tmp_path)
        assert len(session.backlog()) == 3
        assert len(waits.seconds) == 1 and 5 <= waits.seconds[0] <= 5 * 1.25  # the back-off floor

    def test_a_retry_after_given_as_an_http_date_is_honoured(self, cloud: FakeJira, tmp_path: Path) -> None:
        _seed(cloud, 3)
        when = formatdate(cloud.now.timestamp() + 40, usegmt=True)
        cloud.fail(429, headers={"Retry-After": when}, path="search/jql")
        session, waits = open_session(cloud, tmp_path)
        assert len(session.backlog()) == 3
        assert len(waits.seconds) == 1 and 39 <= waits.seconds[0] <= 40 * 1.25

    def test_negative_and_infinite_retry_after_never_become_a_wait(
        self, cloud: FakeJira, tmp_path: Path
    ) -> None:
        _seed(cloud, 3)
        cloud.fail(429, headers={"Retry-After": "-inf"}, path="search/jql")
        cloud.fail(429, headers={"Retry-After": "inf"}, path="search/jql")
        session, waits = open_session(cloud, tmp_path, max_wait=600)
        assert len(session.backlog()) == 3
        assert len(waits.seconds) == 2 and all(0 < w <= 600 for w in waits.seconds)


LOOP_BOUND = 40
"""Requests after which a misbehaving fake turns honest, so the old code ends (and fails the
request-count assertion) instead of looping forever."""


def _searches(fake: FakeJira) -> int:
    return sum(1 for c in fake.calls if c.path.endswith(("/search", "/search/jql")))


class TestPagingThatMakesNoProgress:
    """Defect 2: ``PageGuard`` caught a repeated cursor, not a page that brings nothing new:
    64,077 requests in 60 s against a Cloud search with fresh page tokens."""

    def test_cloud_search_repeating_one_issue_with_fresh_tokens_stops(
        self, cloud: FakeJira, tmp_path: Path
    ) -> None:
        _seed(cloud, 3)
        honest = cloud._search_cloud
        served: list[int] = []

        def repeating(q: dict[str, str]) -> tuple[int, object]:
            served.append(1)
            status, page = honest({k: v for k, v in q.items() if k != "nextPageToken"})
            if len(served) < LOOP_BOUND and isinstance(page, dict):
                page = {
                    "issues": page["issues"][:1],
                    "nextPageToken": f"fresh-{len(served)}",
                    "isLast": False,
                }
            return status, page

        cloud._search_cloud = repeating  # type: ignore[method-assign]
        session, _ = open_session(cloud, tmp_path)
        with pytest.raises(SourceError, match=r"no progress.*repeats its pages"):
            session.backlog()
        assert _searches(cloud) <= 3

    def test_data_center_search_ignoring_start_at_stops(self, dc: FakeJira, tmp_path: Path) -> None:
        _seed(dc, 3)
        honest = dc._search_dc
        served: list[int] = []

        def ignoring(q: dict[str, str]) -> tuple[int, object]:
            served.append(1)
            status, page = honest({**q, "startAt": "0"})
            if len(served) < LOOP_BOUND and isinstance(page, dict):
                page = {**page, "issues": page["issues"][:1], "total": 10**9}
            return status, page

        dc._search_dc = ignoring  # type: ignore[method-assign]
        session, _ = open_session(dc, tmp_path)
        with pytest.raises(SourceError, match="ignores startAt"):
            session.backlog()
        assert _searches(dc) <= 3

    def test_a_comment_listing_repeating_one_comment_stops(self, cloud: FakeJira, tmp_path: Path) -> None:
        cloud.add_issue("FR-1", "Feature 1")
        for n in range(25):  # more than Cloud inlines: the adapter pages the comments
            cloud.add_comment(cloud.issues["FR-1"], "alice", f"comment {n}")
        one = {
            "id": "1",
            "author": {"accountId": "alice"},
            "body": "again",
            "created": "2025-01-01T00:00:00.000+0000",
        }
        cloud.fail(
            200, body={"comments": [one], "total": 10**9, "startAt": 0}, path="/comment", times=LOOP_BOUND
        )
        session, _ = open_session(cloud, tmp_path)
        with pytest.raises(SourceError, match="comments already read"):
            session.backlog()
        assert sum(1 for c in cloud.calls if c.path.endswith("/comment")) <= 3


class TestForgedOwnComment:
    """Defect 5: the comment the ``icp-triage`` issue property names was taken as the tool's
    own without a look at its author, so another user's "Requested-by: Globex Industries"
    vanished from demand (FR-1 went from opportunistic to icp-core)."""

    def _globex(self, requests: list[RawRequest]) -> list[str | None]:
        attributor = Attributor(
            [Account(id="globex", name="Globex Industries")],
            AttributionSettings(),
            conventions=JIRA_CONVENTIONS,
        )
        return [h[0] for h in attributor.attribute(requests[0], detail=True).hits]

    def test_another_users_comment_named_by_the_property_is_still_demand(
        self, cloud: FakeJira, tmp_path: Path
    ) -> None:
        cloud.add_user("mallory", "Mallory")
        issue = cloud.add_issue("FR-1", "Feature 1")
        theirs = cloud.add_comment(issue, "mallory", "Requested-by: Globex Industries")
        issue.properties["icp-triage"] = {"commentId": theirs["id"]}
        session, _ = open_session(cloud, tmp_path)
        assert "globex" in self._globex(session.backlog())

    def test_the_credentials_own_comment_is_still_skipped(self, cloud: FakeJira, tmp_path: Path) -> None:
        issue = cloud.add_issue("FR-1", "Feature 1")
        ours = cloud.add_comment(issue, ME, "Requested-by: Globex Industries")
        issue.properties["icp-triage"] = {"commentId": ours["id"]}
        session, _ = open_session(cloud, tmp_path)
        assert "globex" not in self._globex(session.backlog())
        assert sum(1 for c in cloud.calls if c.path.endswith("/myself")) == 1
