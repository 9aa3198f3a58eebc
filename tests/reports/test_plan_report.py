"""The plan in every format: chosen, deferred with reasons, totals and the method."""

from __future__ import annotations

import csv
import io
import json

import pytest

from icp_triage.core.planning import plan
from icp_triage.reports.plan_report import plan_csv, plan_json, plan_markdown, plan_tables
from icp_triage.reports.table import to_text


def test_json_shape(sample_backlog):
    data = json.loads(plan_json(plan(sample_backlog, 4)))
    assert data["capacity"] == 4 and data["used"] == 4
    assert [e["key"] for e in data["chosen"]] == ["acme/app#3", "acme/app#1", "acme/app#7"]
    assert data["method"] == "exact" and data["unit"] == 0.5
    assert all(e["reasons"] for e in data["deferred"])
    codes = {e["key"]: [r["code"] for r in e["reasons"]] for e in data["deferred"]}
    assert codes["acme/app#2"] == ["opportunistic"]
    assert codes["acme/app#5"] == ["unattributed"]
    assert codes["acme/app#4"] == ["capacity"]
    assert data["notes"] == ["1 request(s) have an assumed effort (the median or the default)"]


def test_csv_lists_every_request_once(sample_backlog):
    rows = list(csv.DictReader(io.StringIO(plan_csv(plan(sample_backlog, 4)))))
    assert len(rows) == 7
    assert {r["decision"] for r in rows} == {"chosen", "deferred"}
    assert all(r["reasons"] for r in rows if r["decision"] == "deferred")


def test_markdown_and_table_state_method_and_discretisation(sample_backlog):
    result = plan(sample_backlog, 4)
    text = plan_markdown(result)
    assert "### Chosen (3)" in text and "### Deferred (4)" in text
    assert "optimal: exact 0/1 knapsack" in text
    assert "grid of 0.5 points" in text
    table = to_text(*plan_tables(result))
    assert "no capacity left" in table and "Method:" in table


def test_markdown_deferred_list_stays_under_the_budget():
    from backlogs import synthetic_backlog

    result = plan(synthetic_backlog(3000, 300), 10)
    text = plan_markdown(result, max_bytes=50_000)
    assert len(text.encode("utf-8")) <= 50_000
    assert "a GitHub job summary holds at most 1024 KiB" in text


@pytest.fixture(scope="module")
def big_plan():
    from backlogs import synthetic_backlog

    return plan(synthetic_backlog(3000, 300), 100_000)


class TestLongPlans:
    """A large capacity chooses hundreds of requests: the chosen list is capped like the rest."""

    def test_markdown_chosen_list_stays_under_the_budget(self, big_plan):
        assert len(big_plan.chosen) > 500
        text = plan_markdown(big_plan, max_bytes=50_000)
        assert len(text.encode("utf-8")) <= 50_000
        assert "chosen requests (a GitHub job summary holds at most 1024 KiB); CSV and JSON list all." in text
        assert (
            "- **Method**: " in text and f"### Deferred ({len(big_plan.deferred)})" in text
        )  # the closing still fits

    def test_markdown_top_cuts_the_chosen_list(self, big_plan):
        text = plan_markdown(big_plan, top=3)
        chosen = text.split("### Chosen")[1].split("### Deferred")[0]
        assert len([line for line in chosen.splitlines() if line.startswith("| ")]) == 1 + 3
        assert f"_Showing 3 of {len(big_plan.chosen):,} chosen requests: --top 3 keeps the first 3" in text

    def test_html_shows_at_most_max_rows_chosen(self, big_plan):
        from icp_triage.reports.html import plan_html

        text = plan_html(big_plan, max_rows=100)
        chosen = text.split('id="chosen"')[1].split("</table>")[0]
        assert chosen.count("<tr data-class") == 100
        assert f"Showing the first 100 of {len(big_plan.chosen):,} chosen requests" in text

    def test_html_top_cuts_the_chosen_list(self, big_plan):
        from icp_triage.reports.html import plan_html

        text = plan_html(big_plan, top=2)
        chosen = text.split('id="chosen"')[1].split("</table>")[0]
        assert chosen.count("<tr data-class") == 2
        assert "--top 2 keeps the first 2 chosen" in text

    def test_table_top_cuts_the_chosen_list(self, big_plan):
        text = to_text(*plan_tables(big_plan, top=2))
        assert f"first 2 of {len(big_plan.chosen)}" in text
