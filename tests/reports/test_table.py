"""Terminal tables at the widths people's terminals have: no column vanishes, text gives way."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from icp_triage.core.backlog import Backlog
from icp_triage.reports.layout import Behind
from icp_triage.reports.table import backlog_tables, to_text
from icp_triage.workspace import open_workspace

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def in_terminal(backlog: Backlog, columns: int, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What ``icp-triage demo`` shows in a terminal ``columns`` wide, without the colours."""
    monkeypatch.setenv("COLUMNS", str(columns))  # shutil.get_terminal_size reads it first
    text = to_text(*backlog_tables(backlog, top=10), color=True)
    return ANSI.sub("", text).splitlines()


@pytest.mark.parametrize("columns", [80, 90, 100, 120])
class TestTerminalWidth:
    def test_no_line_is_wider_than_the_terminal(self, demo_backlog, columns, monkeypatch):
        lines = in_terminal(demo_backlog, columns, monkeypatch)
        assert max(len(line) for line in lines) <= columns

    def test_the_ranked_table_keeps_every_figure_and_a_readable_title(
        self, demo_backlog, columns, monkeypatch
    ):
        lines = in_terminal(demo_backlog, columns, monkeypatch)
        head = "\n".join(lines[:4])
        for word in ("#", "raw", "key", "title", "class", "ICP", "value", "demand"):
            assert word in head, f"header {word!r} missing at {columns} columns:\n{head}"
        first = next(line for line in lines if "trellisight/app#248" in line)
        title = re.search(r"trellisight/app#248\s+(Sync cohor[^…]*…?)\s+icp-core", first)
        assert title and len(title.group(1)) >= 20, first  # "Sync cohorts to Sno…", not "Sync cohor…"
        if columns >= 100:  # room for everything: rank, raw rank, key, title, figures, tiers
            assert re.fullmatch(
                r"\s*1\s+#16\s+trellisight/app#248\s+Sync cohorts[^…]*…\s+icp-core"
                r"\s+\$1\.7M\s+\$1\.8M\s+100%\s+8xA\s*",
                first,
            ), first
            assert not any("hidden to fit" in line for line in lines)
        else:  # the share, then the tier mix, give way to the title; the raw rank stays (issue 17)
            gone = {80: "ICP share, requesters", 90: "ICP share"}[columns]
            tiers = r"\s+8xA" if columns == 90 else ""
            assert re.fullmatch(
                rf"\s*1\s+#16\s+trellisight/app#248\s+Sync cohorts[^…]*…\s+icp-core\s+\$1\.7M\s+\$1\.8M{tiers}\s*",
                first,
            ), first
            hidden = [line.strip() for line in lines if "hidden to fit" in line]
            assert hidden == [f"hidden to fit {columns} columns: {gone} (--format csv has every column)"]

    def test_the_opportunistic_table_keeps_the_count_of_accounts_not_shown(
        self, demo_backlog, columns, monkeypatch
    ):
        lines = in_terminal(demo_backlog, columns, monkeypatch)
        assert any("accounts behind it" in line for line in lines)
        row = next(line for line in lines if "trellisight/app#189" in line)
        assert re.search(r"\$5\.4M\s+1%\s+Hol[^,]*… anti(, [^,]+… anti)? \+[34] more$", row), row


def test_a_pipe_gets_140_columns_and_whole_names_where_they_fit(demo_backlog):
    text = to_text(*backlog_tables(demo_backlog, top=10))
    row = next(line for line in text.splitlines() if "trellisight/app#189" in line)
    assert row.rstrip().endswith("anti +3 more"), row
    assert "Hollowmere Freig" in row
    assert max(len(line) for line in text.splitlines()) <= 140


class TestBehind:
    ACCOUNTS = (("Hollowmere Freight", "anti", ""), ("Grandbarrow Retail", "anti", ""))

    def test_names_are_shortened_before_the_count_is_lost(self):
        assert Behind(self.ACCOUNTS, more=3)._text(40).plain == "Hollowmer… anti, Grandbarr… anti +3 more"

    def test_too_narrow_for_two_names_shows_one_and_counts_the_rest(self):
        assert Behind(self.ACCOUNTS, more=3)._text(24).plain == "Hollowmere… anti +4 more"

    def test_too_narrow_for_any_name_shows_the_count(self):
        assert Behind(self.ACCOUNTS, more=3)._text(12).plain == "5 accounts"


@pytest.mark.parametrize("columns", [80, 100])
def test_explain_keeps_one_line_per_account_in_a_narrow_terminal(demo_backlog, columns, monkeypatch):
    """Ten columns wrapped every account over several lines at 80 columns, names and sources
    cut to four letters; the factors give way instead, since the arithmetic spells them out."""
    from icp_triage.core.explain import explain
    from icp_triage.reports.explain_table import explain_tables

    monkeypatch.setenv("COLUMNS", str(columns))
    explanation = explain(demo_backlog, "trellisight/app#248")
    lines = ANSI.sub("", to_text(*explain_tables(explanation), color=True)).splitlines()
    assert max(len(line) for line in lines) <= columns
    start = lines.index(next(line for line in lines if line.startswith("Accounts behind it")))
    rows = [line for line in lines[start:] if " A ICP " in line]
    assert len(rows) == len(explanation.parts) == 8  # one line each, nothing wrapped
    brisklane = next(row for row in rows if row.startswith("Brisklane Payroll"))
    assert re.search(r"trailer(\s+1)?\s+Requested-by line in co[^$]*\$262\.0k\s+\$262\.0k", brisklane), (
        brisklane
    )
    gone = {80: "\u00d7 fit, worth, strength", 100: "\u00d7 fit, worth"}[columns]
    hidden = [line.strip() for line in lines if line.strip().startswith("hidden to fit")]
    assert hidden == [f"hidden to fit {columns} columns: {gone} (--format csv has every column)"]
    # the hidden factors, written out in the arithmetic
    assert any(line.startswith("demand: \u03a3 strength \u00d7 worth") for line in lines)


def test_accounts_keep_one_line_each_in_a_narrow_terminal(monkeypatch):
    """At 80 columns names and summaries wrapped over three lines per account."""
    from icp_triage.core.fit import score_all
    from icp_triage.reports.table import accounts_table

    with resources.as_file(resources.files("icp_triage.demo_data")) as folder:
        workspace = open_workspace(Path(folder) / "icp.yml", env={})
    accounts = {a.id: a for a in workspace.accounts}
    monkeypatch.setenv("COLUMNS", "80")
    text = to_text(
        accounts_table(accounts, score_all(workspace.accounts, workspace.config.profile)), color=True
    )
    lines = ANSI.sub("", text).splitlines()
    assert max(len(line) for line in lines) <= 80
    rows = [line for line in lines if line.split(" ", 1)[0] in accounts]
    assert len(rows) == len(accounts) == 60
    assert re.fullmatch(
        r"brisklane\s+Brisklane Payro…\s+A\s+100\s+100%\s+fit 100: 10 of 10 known.*…", rows[1]
    ), rows[1]


@pytest.mark.parametrize("columns", [60, 80, 140])
def test_an_empty_list_prints_its_table_at_any_width(columns, monkeypatch):
    """A backlog with nothing opportunistic (or nothing at all) still prints each table's
    title and header, however narrow the terminal."""
    from icp_triage.core.ranking import rank
    from icp_triage.core.settings import Profile

    profile = Profile.model_validate(
        {"name": "P", "version": "1", "criteria": [{"attribute": "x", "exists": True}]}
    )
    monkeypatch.setenv("COLUMNS", str(columns))
    text = ANSI.sub("", to_text(*backlog_tables(rank([], [], profile)), color=True))
    words = " ".join(text.split())  # a title wider than its empty table wraps
    for title in (
        "Ranked backlog: 0 requests",
        "Feature opportunism: 0 requests",
        "Unattributed: 0 requests",
    ):
        assert title in words
    assert max(len(line) for line in text.splitlines()) <= columns


@pytest.mark.parametrize("columns", [80, 140])
def test_explain_fit_tables_are_one_line_per_criterion_in_the_common_border(
    demo_backlog, columns, monkeypatch
):
    """Issue 17: explain's per-account fit tables wrapped their cells at 80 columns in a
    140-column terminal, in another border style (│) than every other table; they are now
    the tables ``fit`` prints, fitted to the width."""
    from icp_triage.core.explain import explain
    from icp_triage.reports.explain_table import explain_tables

    monkeypatch.setenv("COLUMNS", str(columns))
    e = explain(demo_backlog, "trellisight/app#248")
    lines = ANSI.sub("", to_text(*explain_tables(e), color=True)).splitlines()
    assert max(len(line) for line in lines) <= columns
    assert not any("│" in line or "╷" in line for line in lines)
    rows = [
        line
        for line in lines
        if re.match(r"\s*(anti: )?[a-z_0-9]+\s+(in \[|any of|\d|=|is |>=)", line)
        and re.search(r"(\d+/\d+|-\d+|\b0|disqualifies)\s*$", line)
    ]
    criteria = sum(len(p.explanation.criteria) + len(p.explanation.anti) for p in e.parts)
    assert len(rows) == criteria  # each criterion whole on one line: none wrapped
