"""The pure translation of Jira values: customer field kinds, times, people."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from icp_triage.adapters.jira.translate import field_text, parse_time, person


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


def test_a_person_is_the_account_id_else_the_username() -> None:
    assert person({"accountId": "5b10", "name": "ignored"}) == "5b10"
    assert person({"name": "jdoe", "key": "JIRAUSER10100"}) == "jdoe"
    assert person(None) is None
