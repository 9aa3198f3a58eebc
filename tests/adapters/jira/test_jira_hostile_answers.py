"""Issue 17: a Jira that answers with hostile headers, pages and comments, through the real
``jira`` client against the fake Jira over HTTP."""

from __future__ import annotations

from email.utils import formatdate
from pathlib import Path

from adapters.jira.conftest import open_session
from fakes.fake_jira import FakeJira


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
