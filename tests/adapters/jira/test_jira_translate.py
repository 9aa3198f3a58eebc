"""The translation of Jira values: customer field kinds, times, people; and what an issue
read through the fake Jira becomes."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from adapters.jira.conftest import open_session
from fakes.fake_jira import FakeJira
from icp_triage.adapters.jira.conventions import OWN_COMMENT_MARKER
from icp_triage.adapters.jira.translate import display_name, field_text, parse_time, person

POINTS = "com.atlassian.jira.plugin.system.customfieldtypes:float"


class TestFieldText:
    @pytest.mark.parametrize(
        ("value", "text"),
        [
            ({"self": "x", "value": "Globex", "id": "10001"}, "Globex"),  # select
            ([{"value": "Globex"}, {"value": "Initech"}], "Globex; Initech"),  # multi-select
            ({"value": "EMEA", "child": {"value": "Globex", "id": "5"}}, "Globex"),  # cascading
            ({"value": "EMEA"}, "EMEA"),  # cascading, parent only
            ("  Globex Corp ", "Globex Corp"),  # text
            ({"accountId": "5b10", "displayName": "Jane Doe"}, "Jane Doe"),  # user picker, Cloud
            (
                {"name": "jdoe", "emailAddress": "jane@globex.com", "displayName": "Jane"},
                "jane@globex.com",
            ),  # DC
            ([{"id": "1", "name": "Globex Corp", "_links": {}}], "Globex Corp"),  # JSM Organizations
            (None, None),
            ([], None),
        ],
    )
    def test_kinds(self, value: object, text: str | None) -> None:
        assert field_text(value) == text


def test_jira_times_have_no_colon_in_the_offset() -> None:
    assert parse_time("2026-06-28T14:23:22.000+0200") == datetime(
        2026, 6, 28, 12, 23, 22, tzinfo=timezone.utc
    )
    assert parse_time("garbage") is None and parse_time(None) is None


def test_a_time_west_of_utc_keeps_its_offset() -> None:
    # Python 3.10's fromisoformat reads "-0500" only as "-05:00"
    assert parse_time("2026-06-28T07:23:22.000-0500") == datetime(
        2026, 6, 28, 12, 23, 22, tzinfo=timezone.utc
    )


def test_a_time_without_an_offset_is_utc_not_naive() -> None:
    # a naive time cannot be compared with the aware ones (ordering by age would raise)
    moment = parse_time("2026-06-28T12:23:22.000")
    assert moment == datetime(2026, 6, 28, 12, 23, 22, tzinfo=timezone.utc)
    assert moment.tzinfo is not None


def test_a_person_is_the_account_id_else_the_username() -> None:
    assert person({"accountId": "5b10", "name": "ignored"}) == "5b10"
    assert person({"name": "jdoe", "key": "JIRAUSER10100"}) == "jdoe"
    assert person(None) is None


def test_a_display_name_that_only_repeats_the_id_adds_nothing() -> None:
    # shown beside the id ("Jane Smith (jsmith)"); "jsmith (jsmith)" would say it twice
    assert display_name({"name": "jsmith", "displayName": "Jane Smith"}) == "Jane Smith"
    assert display_name({"name": "jsmith", "displayName": "jsmith"}) is None
    assert display_name({"accountId": "5b10", "displayName": "  "}) is None


class TestIssue:
    def test_done_is_the_status_category_whatever_the_status_is_called(
        self, dc: FakeJira, tmp_path: Path
    ) -> None:
        # a German site: the category's key is "done", its name "Fertig", the status "Erledigt"
        dc.add_issue("FR-1", "a").fields["status"] = {
            "name": "Erledigt",
            "statusCategory": {"key": "done", "name": "Fertig"},
        }
        dc.add_issue("FR-2", "b").fields["status"] = {
            "name": "Done",
            "statusCategory": {"key": "indeterminate", "name": "In Progress"},
        }
        session, _ = open_session(dc, tmp_path)
        assert [(r.key, r.state) for r in session.backlog()] == [("FR-1", "closed"), ("FR-2", "open")]

    def test_a_negative_story_point_estimate_is_no_estimate(self, cloud: FakeJira, tmp_path: Path) -> None:
        cloud.add_field("customfield_10020", "Story point estimate", POINTS, "number")
        cloud.add_issue("FR-1", "a", customfield_10020=-3)
        cloud.add_issue("FR-2", "b", customfield_10020=0.5)
        session, _ = open_session(cloud, tmp_path, story_points_field="cf[10020]")
        assert [r.estimate for r in session.backlog()] == [None, 0.5]

    def test_a_comment_without_an_id_is_not_taken_for_ours(self, dc: FakeJira, tmp_path: Path) -> None:
        # the issue has no icp-triage property: no comment is ours, an id-less one included
        issue = dc.add_issue("FR-1", "SSO")
        del dc.add_comment(issue, "jsmith", "Requested-by: Globex")["id"]
        session, _ = open_session(dc, tmp_path)
        (request,) = session.backlog()
        (comment,) = request.comments
        assert comment.body == "Requested-by: Globex" and OWN_COMMENT_MARKER not in comment.body
