"""A tier-only Markdown report (a public job summary) discloses neither names nor revenue."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from icp_triage.reports.markdown import backlog_markdown
from icp_triage.workspace import open_workspace


def _demo_backlog():
    with resources.as_file(resources.files("icp_triage.demo_data")) as folder:
        workspace = open_workspace(Path(folder) / "icp.yml", env={})
        return workspace, workspace.rank(workspace.file_requests(None))


class TestTierOnlyMarkdown:
    def test_no_account_name_and_no_revenue(self):
        workspace, backlog = _demo_backlog()
        assert backlog.weight_by == "arr"
        text = backlog_markdown(backlog, names=False)
        for account in workspace.accounts:
            assert account.display_name not in text
        assert not re.search(r"\$\s?\d", text)
        assert "in median accounts (no revenue shown)" in text

    def test_amounts_are_in_median_accounts(self):
        _, backlog = _demo_backlog()
        top = backlog.ranked[0]
        expected = f"{top.icp_value / (backlog.median_arr or 1):.1f}"
        assert f"| {expected} |" in backlog_markdown(backlog, names=False, top=1)

    def test_full_report_keeps_dollars(self):
        _, backlog = _demo_backlog()
        assert "$" in backlog_markdown(backlog, names=True, top=3)


class TestTierOnlyHtml:
    """The HTML report under ``names=False`` applies the same rule (``core.disclosure``): it
    showed revenue and account names before, for the service's redacted copy only was safe."""

    def test_no_account_name_and_no_revenue(self):
        from icp_triage.reports.html import backlog_html

        workspace, backlog = _demo_backlog()
        text = backlog_html(backlog, names=False)
        for account in workspace.accounts:
            assert f">{account.display_name}<" not in text and f"{account.display_name} <span" not in text
        assert not re.search(r"\$\s?\d", text)
        assert "in median accounts (no revenue shown)" in text
        assert "$" in backlog_html(backlog, names=True)
