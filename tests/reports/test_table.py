"""Terminal tables at the widths people's terminals have: no column vanishes, text gives way."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from icp_triage.core.ranking import Backlog
from icp_triage.reports.layout import Behind
from icp_triage.reports.table import backlog_tables, to_text
from icp_triage.workspace import open_workspace

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def demo_backlog() -> Backlog:
    with resources.as_file(resources.files("icp_triage.demo_data")) as folder:
        workspace = open_workspace(Path(folder) / "icp.yml", env={})
        return workspace.rank(workspace.file_requests(None))


def in_terminal(backlog: Backlog, columns: int, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What ``icp-triage demo`` shows in a terminal ``columns`` wide, without the colours."""
    monkeypatch.setenv("COLUMNS", str(columns))  # shutil.get_terminal_size reads it first
    text = to_text(*backlog_tables(backlog, top=10), color=True)
    return ANSI.sub("", text).splitlines()


@pytest.mark.parametrize("columns", [80, 100, 120])
class TestTerminalWidth:
    def test_no_line_is_wider_than_the_terminal(self, demo_backlog, columns, monkeypatch):
        lines = in_terminal(demo_backlog, columns, monkeypatch)
        assert max(len(line) for line in lines) <= columns

    def test_the_ranked_table_keeps_every_column(self, demo_backlog, columns, monkeypatch):
        lines = in_terminal(demo_backlog, columns, monkeypatch)
        head = "\n".join(lines[:4])
        for word in ("#", "raw", "key", "title", "class", "ICP", "value", "demand", "share", "requesters"):
            assert word in head, f"header {word!r} missing at {columns} columns:\n{head}"
        first = next(line for line in lines if "trellisight/app#248" in line)
        # rank, raw rank, key, a shortened title, class, ICP value, demand, ICP share, tiers
        assert re.fullmatch(
            r"\s*1\s+#16\s+trellisight/app#248\s+Sync cohor[^…]*…\s+icp-core"
            r"\s+\$1\.7M\s+\$1\.8M\s+100%\s+8xA\s*",
            first,
        ), first

    def test_the_opportunistic_table_keeps_the_count_of_accounts_not_shown(
        self, demo_backlog, columns, monkeypatch
    ):
        lines = in_terminal(demo_backlog, columns, monkeypatch)
        assert any("accounts behind it" in line for line in lines)
        row = next(line for line in lines if "trellisight/app#189" in line)
        assert re.search(r"\$5\.4M\s+1%\s+Hollow[^,]*… anti(, [^,]+… anti)? \+[34] more$", row), row


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
