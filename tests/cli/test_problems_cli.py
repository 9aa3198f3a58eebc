"""Problems, urgency and triggers at the command line (issue 16): config errors that name the
field, the run's date from ICP_TRIAGE_TODAY, and ``profile validate``'s problem shares."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from icp_triage.cli import app


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    assert CliRunner().invoke(app, ["demo", "--write", str(folder)]).exit_code == 0
    return folder


def _run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "140", **(env or {})})


def _edited(demo: Path, old: str, new: str) -> Path:
    text = (demo / "icp.yml").read_text(encoding="utf-8")
    assert old in text
    path = demo / "edited.yml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    - {name: Self-serve product analytics, keywords: [funnel, funnels, cohort, cohorts, retention]}",
            "    - {name: Self-serve product analytics}",
            "profile.problems[1]: problem 'Self-serve product analytics': give keywords, labels or both",
        ),
        (
            "{attribute: renewal_date, within_days: 30}",
            "{attribute: renewal_date, within_day: 30}",
            "profile.triggers[0].within_day: unknown key 'within_day' (did you mean 'within_days'?)",
        ),
        ("problem_weight: 0", "problem_weight: -1", "ranking.problem_weight: must be >= 0.0, got -1"),
        ('keywords: ["blocking our renewal"', 'keywords: [""', "profile.urgency.keywords: "),
    ],
)
def test_a_bad_setting_is_named_with_exit_2(demo, old, new, message):
    result = _run("check", "--config", str(_edited(demo, old, new)))
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_bad_run_date_is_named_with_exit_2(demo):
    result = _run("rank", "--config", str(demo / "icp.yml"), env={"ICP_TRIAGE_TODAY": "soon"})
    assert result.exit_code == 2
    assert "ICP_TRIAGE_TODAY: expected a date written YYYY-MM-DD" in result.stderr


def test_the_run_date_decides_the_triggers(demo):
    """Pennywhistle renews on 2026-11-17: within 30 days of 2026-11-02, not of 2027-06-01."""

    def triggers(day: str) -> list[dict]:
        result = _run(
            "rank", "--config", str(demo / "icp.yml"), "--format", "json", env={"ICP_TRIAGE_TODAY": day}
        )
        first = json.loads(result.stdout)["ranked"][0]
        return [t for a in first["accounts"] if a["id"] == "pennywhistle" for t in a["triggers"]]

    assert triggers("2026-11-02") == [{"attribute": "renewal_date", "date": "2026-11-17", "within_days": 30}]
    assert triggers("2027-06-01") == []


def test_profile_validate_measures_the_problems_and_its_json_is_strict(demo):
    result = _run(
        "profile", "validate", "--config", str(demo / "icp.yml"), "--today", "2026-11-02", "--format", "json"
    )
    assert result.exit_code == 0, result.output

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in JSON")

    data = json.loads(result.stdout, parse_constant=refuse)
    assert [p["name"] for p in data["problems"]] == [
        "Warehouse-native analytics",
        "Self-serve product analytics",
    ]
    assert [(p["requests"], p["last_asked"]) for p in data["problems"]] == [
        (12, "2026-08-08"),  # three of the twelve shipped (closed as completed): asks all the same
        (18, "2026-07-31"),
    ]
    assert data["icp_share_addressing_no_problem"] == 0.6321
    assert "off_problem" in [w["kind"] for w in data["warnings"]]
    # six months after the last self-serve ask (2026-07-31), that problem is stale; the
    # warehouse one, asked for a week later, is not yet
    later = _run(
        "profile", "validate", "--config", str(demo / "icp.yml"), "--today", "2027-02-05", "--format", "json"
    )
    kinds = [
        w["message"].split("'")[1]
        for w in json.loads(later.stdout)["warnings"]
        if w["kind"] == "problem_stale"
    ]
    assert kinds == ["Self-serve product analytics"]


def test_check_names_a_trigger_column_no_account_has_and_a_date_that_is_not_one(demo, tmp_path):
    edited = _edited(
        demo, "{attribute: renewal_date, within_days: 30}", "{attribute: renewl_date, within_days: 30}"
    )
    result = _run("check", "--config", str(edited))
    assert "Warning: no account has a value for 'renewl_date' (check the column name)." in result.stderr
    folder = tmp_path / "demo"
    assert CliRunner().invoke(app, ["demo", "--write", str(folder)]).exit_code == 0
    accounts = folder / "accounts.csv"
    accounts.write_text(
        accounts.read_text(encoding="utf-8").replace("2026-11-17", "soon", 1), encoding="utf-8"
    )
    result = _run("check", "--config", str(folder / "icp.yml"))
    assert "Warning: pennywhistle: renewal_date 'soon' is not a date (YYYY-MM-DD)." in result.stderr
