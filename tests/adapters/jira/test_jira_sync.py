"""Reading from Jira: the real ``jira`` client over HTTP against the fake Cloud and Data Center."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.jira.conftest import open_session
from fakes.fake_jira import FakeJira
from icp_triage.adapters.jira.translate import parse_time
from icp_triage.errors import ConfigError, DataError, SourceError

SELECT = "com.atlassian.jira.plugin.system.customfieldtypes:select"
CASCADING = "com.atlassian.jira.plugin.system.customfieldtypes:cascadingselect"
ORGS = "com.atlassian.servicedesk:sd-customer-organizations"
POINTS = "com.atlassian.jira.plugin.system.customfieldtypes:float"


def seed(fake: FakeJira, count: int, **fields: object) -> None:
    for i in range(1, count + 1):
        fake.add_issue(f"FR-{i}", f"Feature {i}", reporter="alice", description="Please", **fields)


def searches(fake: FakeJira) -> list[str]:
    return [c.path for c in fake.calls if "search" in c.path]


class TestPaging:
    def test_cloud_pages_by_next_page_token_over_three_pages(self, cloud: FakeJira, tmp_path: Path) -> None:
        seed(cloud, 250)
        session, _ = open_session(cloud, tmp_path)
        requests = session.backlog()
        assert [r.key for r in requests] == [f"FR-{i}" for i in range(1, 251)]
        pages = [c for c in cloud.calls if c.path == "/rest/api/3/search/jql"]
        assert len(pages) == 3
        assert [c.query.get("nextPageToken", [None])[0] for c in pages] == [None, *cloud.page_tokens]
        assert not any(c.path.endswith("/search") for c in cloud.calls)  # the removed API is never asked

    def test_cloud_asks_only_for_the_fields_it_reads(self, cloud: FakeJira, tmp_path: Path) -> None:
        seed(cloud, 3)
        session, _ = open_session(cloud, tmp_path)
        session.backlog()
        fields = next(c for c in cloud.calls if c.path.endswith("search/jql")).query["fields"][0].split(",")
        assert "*all" not in fields and {"summary", "labels", "reporter", "comment"} <= set(fields)

    def test_data_center_follows_the_page_size_the_server_grants(self, dc: FakeJira, tmp_path: Path) -> None:
        seed(dc, 120)  # the fake grants 50 a page although 100 are asked for
        session, _ = open_session(dc, tmp_path)
        requests = session.backlog()
        assert len({r.key for r in requests}) == 120
        pages = [c for c in dc.calls if c.path == "/rest/api/2/search"]
        assert [c.query["startAt"][0] for c in pages] == ["0", "50", "100"]
        assert all(c.query["maxResults"][0] == "100" for c in pages)

    def test_a_page_token_seen_twice_ends_the_read_with_an_error(
        self, cloud: FakeJira, tmp_path: Path
    ) -> None:
        seed(cloud, 150)
        session, _ = open_session(cloud, tmp_path)
        original = cloud._search_cloud

        def stuck(q: dict[str, str]) -> tuple[int, object]:
            status, out = original({k: v for k, v in q.items() if k != "nextPageToken"})
            return status, out

        cloud._search_cloud = stuck  # type: ignore[method-assign]
        with pytest.raises(SourceError, match="no progress"):
            session.backlog()
        assert len(searches(cloud)) == 2

    def test_an_empty_page_promising_more_ends_the_read(self, dc: FakeJira, tmp_path: Path) -> None:
        seed(dc, 60)
        session, _ = open_session(dc, tmp_path)
        original = dc._search_dc

        def empty_second(q: dict[str, str]) -> tuple[int, object]:
            status, out = original(q)
            if q.get("startAt") != "0" and isinstance(out, dict):
                out["issues"] = []
            return status, out

        dc._search_dc = empty_second  # type: ignore[method-assign]
        with pytest.raises(SourceError, match="no progress"):
            session.backlog()


class TestComments:
    def test_more_than_twenty_comments_are_fetched_for_that_issue_only(
        self, cloud: FakeJira, tmp_path: Path
    ) -> None:
        seed(cloud, 5)
        for n in range(23):
            cloud.add_comment(cloud.issues["FR-2"], "bob", f"comment {n}")
        cloud.add_comment(cloud.issues["FR-4"], "carol", "Requested-by: globex.com")
        session, _ = open_session(cloud, tmp_path)
        requests = {r.key: r for r in session.backlog()}
        assert len(requests["FR-2"].comments) == 23
        assert requests["FR-2"].comments[-1].body == "comment 22"
        assert [c.path for c in cloud.calls if c.path.endswith("/comment")] == [
            "/rest/api/3/issue/FR-2/comment"
        ]
        assert requests["FR-4"].comments[0].author == "carol"
        assert requests["FR-4"].comments[0].author_kind == "jira"


class TestTranslate:
    def test_cloud_adf_bodies_and_account_ids_without_emails(self, cloud: FakeJira, tmp_path: Path) -> None:
        cloud.add_user("5b10ac8d82e05b22cc7d4ef5", "Alice")
        issue = cloud.add_issue("FR-1", "SSO", reporter="5b10ac8d82e05b22cc7d4ef5")
        issue.fields["description"] = {
            "type": "doc",
            "version": 1,
            "content": [
                {"type": "paragraph", "content": [{"type": "text", "text": "We need SSO."}]},
                {
                    "type": "table",
                    "content": [
                        {
                            "type": "tableRow",
                            "content": [
                                {
                                    "type": "tableCell",
                                    "content": [
                                        {
                                            "type": "paragraph",
                                            "content": [
                                                {"type": "text", "text": "Requested-by: initech.com"}
                                            ],
                                        }
                                    ],
                                },
                                {
                                    "type": "tableCell",
                                    "content": [
                                        {"type": "paragraph", "content": [{"type": "text", "text": "urgent"}]}
                                    ],
                                },
                            ],
                        }
                    ],
                },
                {
                    "type": "panel",
                    "attrs": {"panelType": "info"},
                    "content": [
                        {"type": "paragraph", "content": [{"type": "text", "text": "Requested-by: Globex"}]}
                    ],
                },
                {
                    "type": "bulletList",
                    "content": [
                        {
                            "type": "listItem",
                            "content": [
                                {
                                    "type": "paragraph",
                                    "content": [{"type": "text", "text": "Requested-by: Hooli"}],
                                }
                            ],
                        }
                    ],
                },
            ],
        }
        session, _ = open_session(cloud, tmp_path)
        (request,) = session.backlog()
        assert request.author == "5b10ac8d82e05b22cc7d4ef5" and request.author_email is None
        lines = request.body.split("\n")
        assert "Requested-by: initech.com" in lines and "Requested-by: Globex" in lines
        assert "- Requested-by: Hooli" in lines

    def test_data_center_wiki_text_usernames_and_emails(self, dc: FakeJira, tmp_path: Path) -> None:
        dc.add_user("jsmith", "Jane Smith", email="jane@initech.com")
        dc.add_issue(
            "FR-1",
            "Export",
            reporter="jsmith",
            description="h3. Need\n||Who||Why||\n|Requested-by: globex.com|audit|\n{panel:title=Ask}\nRequested-by: Hooli\n{panel}\n* Requested-by: Acme",
        )
        session, _ = open_session(dc, tmp_path)
        (request,) = session.backlog()
        assert (request.author, request.author_email) == ("jsmith", "jane@initech.com")
        lines = request.body.split("\n")
        assert "Need" in lines and "Requested-by: globex.com" in lines
        assert "Requested-by: Hooli" in lines and "- Requested-by: Acme" in lines

    def test_customer_field_kinds(self, cloud: FakeJira, tmp_path: Path) -> None:
        cloud.add_field("customfield_10010", "Customer", CASCADING, "option-with-child")
        cloud.add_field("customfield_10020", "Story point estimate", POINTS, "number")
        cloud.add_issue(
            "FR-1",
            "a",
            customfield_10010={"value": "EMEA", "id": "1", "child": {"value": "Globex", "id": "5"}},
            customfield_10020=5,
        )
        cloud.add_issue("FR-2", "b", customfield_10010={"value": "Initech", "id": "2"})
        session, _ = open_session(cloud, tmp_path, customer_field="customer", story_points_field="cf[10020]")
        first, second = session.backlog()
        assert first.fields == {"Company": {"value": "Globex", "field": "Customer"}} and first.estimate == 5
        assert (
            second.fields == {"Company": {"value": "Initech", "field": "Customer"}}
            and second.estimate is None
        )

    def test_jsm_organizations_field(self, cloud: FakeJira, tmp_path: Path) -> None:
        cloud.add_field("customfield_10002", "Organizations", ORGS, "array", items="sd-customerorganization")
        cloud.add_issue(
            "FR-1",
            "a",
            customfield_10002=[{"id": "1", "name": "Globex Corp"}, {"id": "2", "name": "Initech"}],
        )
        session, _ = open_session(cloud, tmp_path, customer_field="Organizations")
        (request,) = session.backlog()
        assert request.fields == {"Company": {"value": "Globex Corp; Initech", "field": "Organizations"}}

    def test_votes_by_users_when_enabled(self, dc: FakeJira, tmp_path: Path) -> None:
        dc.add_issue("FR-1", "a").voters = ["jsmith", "pat"]
        dc.add_user("jsmith", "Jane")
        dc.add_user("pat", "Pat")
        dc.add_issue("FR-2", "b")
        session, _ = open_session(dc, tmp_path, votes=True)
        first, second = session.backlog()
        assert second.reactions == []
        assert [(r.user, r.user_kind) for r in first.reactions] == [("jsmith", "jira"), ("pat", "jira")]
        assert [c.path for c in dc.calls if c.path.endswith("/votes")] == ["/rest/api/2/issue/FR-1/votes"]

    def test_comments_keep_their_time_and_votes_the_issues_update_marked_so(
        self, dc: FakeJira, tmp_path: Path
    ) -> None:
        """Jira dates a comment (``created``) but not a vote: a vote counts at the issue's
        ``updated`` time and says so (``dated_by``), so ``trend`` can tell the reader."""
        issue = dc.add_issue("FR-1", "a")
        issue.voters = ["pat"]
        dc.add_user("pat", "Pat")
        dc.tick(3600)
        comment = dc.add_comment(issue, "jsmith", "We need this too")
        dc.tick(7200)
        issue.updated = dc.now
        session, _ = open_session(dc, tmp_path, votes=True)
        (request,) = session.backlog()
        assert request.comments[0].created_at == parse_time(comment["created"])
        (vote,) = request.reactions
        assert (vote.created_at, vote.dated_by) == (request.updated_at, "issue-updated")


class TestFields:
    def test_lookup_by_display_name(self, cloud: FakeJira, tmp_path: Path) -> None:
        cloud.add_field("customfield_10010", "Customer", SELECT, "option")
        cloud.add_issue("FR-1", "a", customfield_10010={"value": "Globex"})
        session, _ = open_session(cloud, tmp_path, customer_field="Customer")
        (request,) = session.backlog()
        assert request.fields == {"Company": {"value": "Globex", "field": "Customer"}}
        assert "customfield_10010" in next(c for c in cloud.calls if "search" in c.path).query["fields"][0]

    def test_a_near_miss_lists_the_closest_names(self, cloud: FakeJira, tmp_path: Path) -> None:
        cloud.add_field("customfield_10010", "Customer", SELECT, "option")
        cloud.add_field("customfield_10011", "Customer Tier", SELECT, "option")
        session, _ = open_session(cloud, tmp_path, customer_field="Custmer")
        with pytest.raises(ConfigError) as caught:
            session.backlog()
        assert caught.value.exit_code == 2
        assert "source.jira.customer_field: no Jira field is named 'Custmer'" in caught.value.message
        assert "closest: Customer" in caught.value.message


class TestIncremental:
    def test_an_unchanged_rerun_costs_two_requests(self, cloud: FakeJira, tmp_path: Path) -> None:
        seed(cloud, 120)
        cloud.tick(3600)  # the issues were last updated an hour before the first sync
        session, _ = open_session(cloud, tmp_path)
        session.backlog()
        cloud.tick(3600)
        cloud.calls.clear()
        again, _ = open_session(cloud, tmp_path)
        assert len(again.backlog()) == 120
        assert [c.path for c in cloud.calls] == [
            "/rest/api/3/search/approximate-count",
            "/rest/api/3/search/jql",
        ]
        assert "updated >= -65m" in cloud.calls[1].query["jql"][0]

    def test_updates_are_read_and_issues_that_left_are_dropped(self, dc: FakeJira, tmp_path: Path) -> None:
        seed(dc, 80)
        dc.tick(3600)
        session, _ = open_session(dc, tmp_path)
        session.backlog()
        dc.tick(3600)
        dc.issues["FR-5"].fields["summary"] = "Renamed"
        dc.issues["FR-5"].updated = dc.now
        del dc.issues["FR-7"]  # deleted: never "updated"
        dc.issues["FR-9"].fields["status"] = {"statusCategory": {"key": "done"}}
        dc.queries["project = FR"] = lambda i: i.fields["status"]["statusCategory"]["key"] != "done"
        dc.issues["FR-9"].updated = dc.now  # closed out of the JQL
        dc.calls.clear()
        again, _ = open_session(dc, tmp_path)
        requests = {r.key: r for r in again.backlog()}
        assert requests["FR-5"].title == "Renamed"
        assert "FR-7" not in requests and "FR-9" not in requests and len(requests) == 78
        listing = [
            c for c in dc.calls if c.query.get("fields") == ["key"] and c.query.get("maxResults") != ["0"]
        ]
        assert len(listing) == 2  # keys only, 50 a page as granted: no full re-read
        assert len(dc.calls) == 1 + 1 + 2  # the count, the updated issues, the listing


class TestFailures:
    def test_429_waits_retry_after_with_jitter(self, cloud: FakeJira, tmp_path: Path) -> None:
        seed(cloud, 3)
        cloud.fail(429, headers={"Retry-After": "7"}, path="search/jql")
        session, waits = open_session(cloud, tmp_path)
        assert len(session.backlog()) == 3
        assert len(waits.seconds) == 1 and 7 <= waits.seconds[0] <= 7 * 1.25

    def test_429_longer_than_max_wait_is_an_error(self, cloud: FakeJira, tmp_path: Path) -> None:
        seed(cloud, 3)
        cloud.fail(429, headers={"Retry-After": "4000"}, path="search/jql")
        session, waits = open_session(cloud, tmp_path, max_wait=600)
        with pytest.raises(SourceError, match=r"longer than source\.jira\.max_wait"):
            session.backlog()
        assert waits.seconds == []

    def test_503_is_retried(self, dc: FakeJira, tmp_path: Path) -> None:
        seed(dc, 3)
        dc.fail(503, headers={"Retry-After": "2"}, path="/search", times=2)
        session, waits = open_session(dc, tmp_path)
        assert len(session.backlog()) == 3
        assert len(waits.seconds) == 2

    def test_500_backs_off_then_gives_up(self, dc: FakeJira, tmp_path: Path) -> None:
        seed(dc, 3)
        dc.fail(500, path="/search", times=10)
        session, waits = open_session(dc, tmp_path)
        with pytest.raises(SourceError, match="kept failing"):
            session.backlog()
        assert len(waits.seconds) == 3 and waits.seconds == sorted(waits.seconds)

    def test_jql_error_is_shown_as_jira_worded_it(self, cloud: FakeJira, tmp_path: Path) -> None:
        seed(cloud, 3)
        session, _ = open_session(cloud, tmp_path, jql="project = FR AND summary ~ 50%")
        with pytest.raises(DataError) as caught:
            session.backlog()
        assert caught.value.exit_code == 2
        assert "Error in the JQL Query: The character '%' is a reserved JQL character" in caught.value.message

    def test_401_names_the_variables_and_never_the_token(self, cloud: FakeJira, tmp_path: Path) -> None:
        seed(cloud, 3)
        cloud.fail(401, body={"errorMessages": ["Client must be authenticated to access this resource."]})
        session, _ = open_session(cloud, tmp_path)
        with pytest.raises(SourceError) as caught:
            session.backlog()
        assert "JIRA_EMAIL and JIRA_API_TOKEN" in caught.value.message
        assert "FAKEtoken" not in caught.value.message

    def test_403_on_read_names_browse_projects(self, dc: FakeJira, tmp_path: Path) -> None:
        seed(dc, 3)
        dc.fail(403, path="/search", body={"errorMessages": ["Forbidden"]})
        session, _ = open_session(dc, tmp_path)
        with pytest.raises(SourceError, match="'Browse projects'"):
            session.backlog()

    def test_an_interrupted_read_resumes_from_its_checkpoint(self, cloud: FakeJira, tmp_path: Path) -> None:
        seed(cloud, 300)
        session, _ = open_session(cloud, tmp_path)
        original = cloud._search_cloud
        served: list[int] = []

        def fails_third(q: dict[str, str]) -> tuple[int, object]:
            served.append(1)
            if len(served) >= 3:  # the third page fails, retries included
                return 500, {"errorMessages": ["Internal server error"], "errors": {}}
            return original(q)

        cloud._search_cloud = fails_third  # type: ignore[method-assign]
        with pytest.raises(SourceError):
            session.backlog()
        cloud._search_cloud = original  # type: ignore[method-assign]
        cloud.calls.clear()
        again, _ = open_session(cloud, tmp_path)
        requests = again.backlog()
        assert len(requests) == 300
        pages = [c for c in cloud.calls if c.path.endswith("search/jql")]
        assert len(pages) == 1 and pages[0].query["nextPageToken"] == [cloud.page_tokens[1]]


def test_a_client_told_not_to_sleep_raises_retry_later(cloud: FakeJira, tmp_path: Path) -> None:
    from fakes.fake_jira import env_for
    from icp_triage.adapters.jira import JiraSelection, JiraSession
    from icp_triage.errors import RetryLater

    seed(cloud, 3)
    cloud.fail(429, headers={"Retry-After": "30"}, path="search/jql")
    selection = JiraSelection(server=cloud.base_url, jql="project = FR", deployment="cloud")
    session = JiraSession.open(selection, env_for(cloud), cache_dir=tmp_path, sleep_on_limit=False)
    with pytest.raises(RetryLater) as caught:
        session.backlog()
    assert 30 <= caught.value.seconds <= 30 * 1.25
