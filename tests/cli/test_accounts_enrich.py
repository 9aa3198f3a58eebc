"""``accounts --enrich`` on the demo (issue 12): the unknown-fit accounts by the demand they
carry, what they lack, and how many requests would change class once their fit is known.

The counts are checked against a second computation that shares nothing with core.enrich but
``rank``: each unknown account's CRM record is filled in (every criterion it lacks met, or
every one missed), the whole demo is ranked again, and the classes of its requests compared.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from icp_triage.cli import app
from icp_triage.core.enrich import enrich
from icp_triage.core.models import Account
from icp_triage.core.ranking import rank
from icp_triage.core.settings import Condition
from icp_triage.workspace import open_workspace

# From the demo's accounts.csv (coverage < 50%), by the ARR-weighted demand they carry.
EXPECTED = [
    # id, demand, requests, lacks, (tier, changes) all met, (tier, changes) none met
    ("mintmarrow", 240000.0, 2, "industry, employees, tech_stack, region, plan", ("A", 0), ("D", 0)),
    ("parsnippike", 240000.0, 2, "industry, tech_stack, plan", ("A", 1), ("D", 0)),
    ("sunquill", 240000.0, 2, "industry, employees, tech_stack", ("A", 2), ("D", 2)),
    ("brackenridge", 218500.0, 3, "industry, employees, plan", ("A", 2), ("D", 1)),
    ("wispwood", 156000.0, 2, "industry, employees, tech_stack, region", ("A", 1), ("D", 0)),
    ("velvetine", 130000.0, 5, "industry, employees, tech_stack, plan", ("A", 2), ("D", 2)),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    assert CliRunner().invoke(app, ["demo", "--write", str(folder)]).exit_code == 0
    return folder


def run(demo: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["accounts", "--config", str(demo / "icp.yml"), "--enrich", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_names_the_unknown_accounts_by_demand_with_what_they_lack(demo: Path) -> None:
    data = json.loads(run(demo, "--format", "json"))
    got = [
        (
            a["id"],
            a["demand"],
            a["requests"],
            ", ".join(c["attribute"] for c in a["lacks"]),
            (a["if_all_met"]["tier"], a["if_all_met"]["changes_class"]),
            (a["if_none_met"]["tier"], a["if_none_met"]["changes_class"]),
        )
        for a in data
    ]
    assert got == EXPECTED


def test_csv_table_markdown_and_html_say_the_same(demo: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run(demo, "--format", "csv"))))
    assert [(r["id"], r["lacks"], r["if_all_met_changes"], r["if_none_met_changes"]) for r in rows] == [
        (e[0], e[3], str(e[4][1]), str(e[5][1])) for e in EXPECTED
    ]
    table = run(demo, "--format", "table")
    markdown = run(demo, "--format", "markdown")
    html = run(demo, "--format", "html")
    for account, _, _, lacks, met, missed in EXPECTED:
        line = next(x for x in table.splitlines() if x.startswith(account + " "))
        assert lacks in line and f"{met[0]}: {met[1]} change class" in line
        assert f"{missed[0]}: {missed[1]} change class" in line
        assert f"({account}) |" in markdown and f"({account})</td>" in html
    order = [markdown.index(f"({e[0]})") for e in EXPECTED]
    assert order == sorted(order)


def test_the_rank_report_carries_the_section(demo: Path) -> None:
    result = CliRunner().invoke(app, ["rank", "--config", str(demo / "icp.yml"), "--format", "markdown"])
    section = result.stdout.split("### Accounts to enrich (6)", 1)[1].split("###", 1)[0]
    assert [
        line.split(" | ")[0] for line in section.splitlines() if line.startswith("| ") and "(" in line
    ] == [
        "| Mintmarrow (mintmarrow)",
        "| Parsnip &amp; Pike (parsnippike)",
        "| Sunquill Robotics (sunquill)",
        "| Brackenridge Capital (brackenridge)",
        "| Wispwood (wispwood)",
        "| Velvetine Labs (velvetine)",
    ]


def _value(condition: Condition, meet: bool) -> Any:
    """A value that meets (or misses) ``condition``: its first listed value, a bound, or none."""
    if condition.kind == "in":
        return condition.in_[0] if meet else "zz-not-listed"  # type: ignore[index]
    if condition.kind == "any_of":
        return [condition.any_of[0]] if meet else ["zz-not-listed"]  # type: ignore[index]
    if condition.kind == "equals":
        return condition.equals if meet else "zz-not-equal"
    assert condition.kind == "range" and condition.range is not None
    low, high = condition.range.min, condition.range.max
    if meet:
        return low if low is not None else high
    return low - 1 if low is not None else high + 1  # type: ignore[operator]


def test_the_counts_agree_with_ranking_the_demo_again(demo: Path) -> None:
    workspace = open_workspace(demo / "icp.yml", env={})
    config = workspace.config
    requests = workspace.requests(None, env={})
    backlog = workspace.rank(requests)
    before = {i.key: i.klass for i in backlog.scored()}
    for found in enrich(backlog):
        asked = [
            i.key for i in backlog.scored() if any(c.account_id == found.account_id for c in i.contributions)
        ]
        for meet, expected in ((True, found.changed_if_met), (False, found.changed_if_missed)):
            lacking = {c.attribute for c in found.lacking}
            filled = []
            for account in workspace.accounts:
                if account.id == found.account_id:
                    values = {
                        c.attribute: _value(c, meet)
                        for c in config.profile.criteria
                        if c.attribute in lacking
                    }
                    account = Account.model_validate(
                        {**account.model_dump(), "attributes": {**account.attributes, **values}}
                    )
                filled.append(account)
            again = rank(
                requests,
                filled,
                config.profile,
                attribution=config.attribution,
                ranking=config.ranking,
                planning=config.planning,
            )
            assert again.fits[found.account_id].tier == (found.if_met if meet else found.if_missed)
            after = {i.key: i.klass for i in again.scored()}
            changed = {key for key in asked if after[key] != before[key]}
            assert changed == set(expected), (found.account_id, meet)
