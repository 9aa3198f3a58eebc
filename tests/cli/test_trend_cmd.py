"""``icp-triage trend`` through the CLI: every format on the demo, a bad --since refused."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from icp_triage.cli import app

VERDICT = "Off-profile demand rose from 32% to 50% of new demand in 2026-Q3"


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("demo")
    assert CliRunner().invoke(app, ["demo", "--write", str(folder)]).exit_code == 0
    return str(folder / "icp.yml")


def run(config: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["trend", "--config", config, *args])
    return result.exit_code, result.stdout, result.stderr


class TestTrendCommand:
    def test_the_table_leads_with_the_verdict(self, config: str) -> None:
        code, out, _ = run(config)
        assert code == 0
        assert out.splitlines()[2].startswith(VERDICT)
        # the unknown-fit column: requests asked for only by accounts of unknown fit (issue 12)
        assert (
            "2025-Q4      34.0   16.4            5.3          4.0        59.7        68%    56% to 79%    71"
            in out
        )
        assert (
            "2026-Q3      34.6   10.8           28.7          0.0        74.1        50%    39% to 61%    91"
            in out
        )

    def test_json_csv_markdown_and_html_say_the_same(self, config: str) -> None:
        data = json.loads(run(config, "--format", "json")[1])
        assert [v["period"] for v in data["verdicts"]] == ["2026-Q3"]
        rows = list(csv.DictReader(io.StringIO(run(config, "--format", "csv")[1])))
        assert [r["period"] for r in rows] == [p["period"] for p in data["periods"]]
        assert [float(r["icp_share"]) for r in rows] == [p["icp_share"] for p in data["periods"]]
        markdown = run(config, "--format", "markdown")[1]
        assert f"**{VERDICT}" in markdown and "```mermaid\nxychart-beta" in markdown
        html = run(config, "--format", "html")[1]
        assert "<svg" in html and VERDICT in html

    def test_by_month_since_a_date(self, config: str) -> None:
        data = json.loads(run(config, "--by", "month", "--since", "2026-07-01", "--format", "json")[1])
        assert [p["period"] for p in data["periods"]] == ["2026-07", "2026-08", "2026-09"]
        assert data["asks_before_since"] > 0 and any("(--since)" in n for n in data["notes"])

    def test_a_bad_since_is_a_usage_error(self, config: str, tmp_path: Path) -> None:
        code, _, err = run(config, "--since", "last spring")
        assert code == 2 and "expected a date such as 2026-01-01" in err
