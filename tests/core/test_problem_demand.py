"""Do the declared problems describe what the ICP asks for? (issue 16, item 5), by hand."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

from icp_triage.core.models import Account, RawRequest
from icp_triage.core.outcomes import OutcomeTable
from icp_triage.core.problem_demand import problem_demand
from icp_triage.core.ranking import rank
from icp_triage.core.settings import Profile
from icp_triage.core.validate import validate
from icp_triage.reports.profile_report import validation_json

PROFILE = Profile.model_validate(
    {
        "criteria": [{"attribute": "p", "equals": True, "weight": 1}],
        "problems": [
            {"name": "Warehouse", "keywords": ["dbt"]},
            {"name": "Self-serve", "keywords": ["funnel"]},
            {"name": "Unused", "keywords": ["zzz"]},
        ],
    }
)
ACCOUNTS = [
    Account(id="a", github_logins=("a",), attributes={"p": True}),  # fit 100, tier A: ICP
    Account(id="d", github_logins=("d",), attributes={"p": False}),  # fit 0, tier D: off-profile
]


def _request(key: str, title: str, author: str, day: date) -> RawRequest:
    return RawRequest(
        key=key,
        title=title,
        author=author,
        created_at=datetime(day.year, day.month, day.day, tzinfo=timezone.utc),
    )


REQUESTS = [
    _request("o/r#1", "dbt models", "a", date(2026, 10, 1)),  # ICP 1, Warehouse
    _request("o/r#2", "Dark mode", "a", date(2026, 10, 1)),  # ICP 1, none
    _request("o/r#3", "Dark mode", "a", date(2026, 10, 2)),  # ICP 1, none
    _request("o/r#4", "dbt sync", "d", date(2026, 1, 1)),  # off-profile 1, Warehouse
    _request("o/r#5", "funnel view", "d", date(2025, 1, 1)),  # off-profile 1, Self-serve
]
TODAY = date(2026, 11, 2)  # six months before: 2026-05-02


def _measured():
    return problem_demand(rank(REQUESTS, ACCOUNTS, PROFILE), PROFILE.problems, REQUESTS, today=TODAY)


class TestShares:
    def test_each_problem_s_share_of_icp_and_off_profile_demand(self) -> None:
        """ICP demand 3 (#1-#3), off-profile 2 (#4, #5): Warehouse 1/3 and 1/2, Self-serve
        0/3 and 1/2, Unused none; 2 of the ICP's 3 address no problem."""
        found = {p.name: p for p in _measured().problems}
        assert (found["Warehouse"].icp_share, found["Warehouse"].off_icp_share) == (1 / 3, 1 / 2)
        assert (found["Self-serve"].icp_share, found["Self-serve"].off_icp_share) == (0.0, 1 / 2)
        assert (found["Unused"].icp_share, found["Unused"].requests, found["Unused"].last_asked) == (
            0.0,
            0,
            None,
        )
        assert found["Warehouse"].requests == 2 and found["Warehouse"].last_asked == date(2026, 10, 1)
        assert _measured().icp_share_none == 2 / 3

    def test_no_demand_is_no_share_not_zero(self) -> None:
        measured = problem_demand(rank([], ACCOUNTS, PROFILE), PROFILE.problems, [], today=TODAY)
        assert measured.icp_share_none is None and measured.problems[0].icp_share is None


class TestWarnings:
    def test_stale_problems_and_most_icp_demand_off_problem(self) -> None:
        kinds = [(kind, message.split(":")[0]) for kind, message in _measured().warnings]
        assert kinds == [
            (
                "problem_stale",
                "no request addressing 'Self-serve' was created in the last 6 months (the last on 2025-01-01)",
            ),
            (
                "problem_stale",
                "no request addressing 'Unused' was created in the last 6 months (none at all)",
            ),
            ("off_problem", "67% of the ICP's demand addresses none of the declared problems"),
        ]

    def test_the_validation_carries_them_and_its_json_is_strict(self) -> None:
        result = validate(ACCOUNTS, PROFILE, OutcomeTable({}), today=TODAY, demand=_measured())
        assert [w.kind for w in result.warnings if w.kind in ("problem_stale", "off_problem")] == [
            "problem_stale",
            "problem_stale",
            "off_problem",
        ]

        def refuse(constant: str) -> None:
            raise AssertionError(f"{constant} in JSON")

        data = json.loads(validation_json(result), parse_constant=refuse)
        assert data["problems"][0] == {
            "name": "Warehouse",
            "icp_share": 0.3333,
            "off_icp_share": 0.5,
            "requests": 2,
            "last_asked": "2026-10-01",
        }
        assert data["icp_share_addressing_no_problem"] == 0.6667
