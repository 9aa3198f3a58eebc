"""Problems, urgency and triggers in every report (issue 16): shown, never scored at weight 0,
and never an account's data in a tier-only view."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from icp_triage.adapters.github.writes import comment_markdown
from icp_triage.config.schema import TaggingSettings
from icp_triage.core.backlog import Backlog
from icp_triage.core.ranking import rank
from icp_triage.core.readings import OFF_PROBLEM, OFF_PROFILE, problem_readings
from icp_triage.core.tags import desired_tags
from icp_triage.core.tiers import RequestClass
from icp_triage.reports.csv_report import backlog_csv
from icp_triage.reports.html import backlog_html
from icp_triage.reports.json_report import backlog_json, tier_only_dict
from icp_triage.reports.markdown import backlog_markdown
from icp_triage.workspace import Workspace, open_workspace

DEMO_DAY = date(2026, 11, 2)


@pytest.fixture(scope="module")
def demo() -> tuple[Workspace, list]:
    with resources.as_file(resources.files("icp_triage.demo_data")) as folder:
        workspace = open_workspace(Path(folder) / "icp.yml", env={"ICP_TRIAGE_TODAY": "2026-11-02"})
        return workspace, list(workspace.file_requests(None))


@pytest.fixture(scope="module")
def backlog(demo) -> Backlog:
    workspace, requests = demo
    return workspace.rank(requests)


def _figures(backlog: Backlog) -> list[tuple]:
    return [
        (i.key, i.klass, i.rank, i.demand_rank, i.icp_value, i.demand, i.icp_share, i.value_per_effort)
        for i in [*backlog.ranked, *backlog.opportunistic]
    ]


def test_weights_zero_rank_exactly_as_a_profile_without_problems(demo, backlog):
    """The demo declares problems, urgency and a trigger active for many accounts: with the
    default weights every figure, class and place is the one the bare profile gives."""
    workspace, requests = demo
    config = workspace.config
    bare = config.profile.model_copy(update={"problems": [], "triggers": []})
    plain = rank(
        requests,
        workspace.accounts,
        bare,
        attribution=config.attribution,
        ranking=config.ranking,
        planning=config.planning,
    )
    assert any(i.problems for i in backlog.ranked) and any(i.triggered for i in backlog.ranked)
    assert _figures(backlog) == _figures(plain)


def test_weights_set_reorder_the_demo(demo):
    workspace, requests = demo
    config = workspace.config
    ranking = config.ranking.model_copy(update={"problem_weight": 1.0})
    weighted = rank(
        requests,
        workspace.accounts,
        config.profile,
        attribution=config.attribution,
        ranking=ranking,
        planning=config.planning,
        today=DEMO_DAY,
    )
    by_key = {i.key: i for i in weighted.ranked}
    plain = {i.key: i for i in workspace.rank(requests).ranked}
    for key, item in by_key.items():
        assert item.icp_value == plain[key].icp_value * (2.0 if item.problems else 1.0)


class TestReadings:
    def test_the_two_readings_of_the_demo(self, backlog):
        off_problem, off_profile = problem_readings(backlog)
        assert (off_problem.title, off_profile.title) == (OFF_PROBLEM, OFF_PROFILE)
        assert off_problem.items and all(
            i.klass == RequestClass.ICP_CORE and not i.problems for i in off_problem.items
        )
        assert off_profile.items and all(
            i.klass == RequestClass.OPPORTUNISTIC and i.problems for i in off_profile.items
        )
        assert "trellisight/sdk-js#46" in [i.key for i in off_profile.items]  # "warehouse handheld scanners"

    def test_no_problems_no_readings(self, backlog):
        assert problem_readings(dataclasses.replace(backlog, problems=())) == ()

    def test_markdown_and_html_show_both(self, backlog):
        for text in (backlog_markdown(backlog), backlog_html(backlog)):
            assert f"{OFF_PROBLEM} (" in text and f"{OFF_PROFILE} (" in text


class TestColumns:
    def test_json_and_csv_carry_problems_urgency_and_triggers(self, backlog):
        first = json.loads(backlog_json(backlog))["ranked"][0]
        assert first["key"] == "trellisight/app#248"
        assert [p["name"] for p in first["problems"]] == [
            "Warehouse-native analytics",
            "Self-serve product analytics",
        ]
        assert first["problems"][0]["matched"] == ["label area:warehouse", "snowflake", "warehouse"]
        assert first["value_factor"] == 1.0
        assert {"attribute": "renewal_date", "date": "2026-11-17", "within_days": 30} in [
            t for a in first["accounts"] for t in a["triggers"]
        ]
        row = next(csv.DictReader(io.StringIO(backlog_csv(backlog))))
        assert row["problems"] == "Warehouse-native analytics;Self-serve product analytics"
        assert (row["triggered"], row["value_factor"]) == ("true", "1.0")


class TestTierOnly:
    def test_no_trigger_in_a_tier_only_view(self, backlog):
        data = tier_only_dict(backlog)
        assert all("triggers" not in a for i in data["ranked"] for a in i["accounts"])
        assert data["ranked"][0]["problems"]  # the request's own words stay
        html = backlog_html(backlog, names=False)
        assert "renewal_date" not in html
        assert (
            'title="an account asking has an active trigger"' not in html
        )  # a ‼ only for the request's own urgency
        assert 'title="an account asking has an active trigger"' in backlog_html(backlog)

    def test_the_tag_comment_names_problems_and_nothing_of_an_account(self, backlog):
        item = backlog.ranked[0]
        text = comment_markdown(desired_tags(item, TaggingSettings()).comment)
        assert "**ICP problems addressed:** Warehouse-native analytics, Self-serve product analytics" in text
        for secret in ("renewal", "2026-11-17", "snowflake", *(c.name for c in item.contributions)):
            assert secret not in text
