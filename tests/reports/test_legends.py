"""A legend explains only marks some row shown carries (issue 17: "? = low confidence" and
"⚠ = low confidence" under tables with no such row; "worth*: ARR unknown" under
``weight_by: accounts``, where no worth is an ARR)."""

from __future__ import annotations

import dataclasses
import re

from icp_triage.core.explain import explain
from icp_triage.core.planning import plan
from icp_triage.reports.explain_table import explain_tables
from icp_triage.reports.html import backlog_html
from icp_triage.reports.markdown import backlog_markdown
from icp_triage.reports.plan_report import plan_tables
from icp_triage.reports.table import backlog_tables, to_text


def _sure(backlog, n: int) -> bool:
    return not any(i.low_confidence for i in backlog.ranked[:n])


def test_the_low_confidence_legend_follows_the_rows_shown(demo_backlog) -> None:
    assert _sure(demo_backlog, 2) and not _sure(demo_backlog, 3)  # the demo's #3 is low confidence
    assert "? = low confidence" not in to_text(*backlog_tables(demo_backlog, top=2))
    assert "? = low confidence" in to_text(*backlog_tables(demo_backlog, top=3))
    assert "⚠ = low confidence" not in backlog_markdown(demo_backlog, top=2)
    assert "⚠ = low confidence" in backlog_markdown(demo_backlog, top=3)
    assert "⚠ low confidence" not in backlog_html(demo_backlog, top=2)
    assert "⚠ low confidence" in backlog_html(demo_backlog, top=3)


def test_the_plan_legend_names_only_marks_its_rows_carry(demo_backlog) -> None:
    chosen = plan(demo_backlog, 20)
    assert not any(e.effort_assumed for e in chosen.chosen)
    assert any(e.low_confidence for e in chosen.chosen)
    text = to_text(*plan_tables(chosen))
    assert "? = low confidence" in text
    assert "* = assumed effort" not in text and "opp. #N" not in text


def test_explain_under_weight_by_accounts_has_no_arr_legend(demo_backlog) -> None:
    accounts = dataclasses.replace(demo_backlog, weight_by="accounts")
    key = next(i.key for i in accounts.ranked if i.low_confidence)
    e = explain(accounts, key)
    assert e.weight_by == "accounts" and any(p.fit is None for p in e.parts)
    text = " ".join(to_text(*explain_tables(e)).split())
    assert "fit*: fit unknown" in text
    assert "ARR unknown" not in text and not re.search(r"worth\*", text)
