"""Pick the renderer for ``--format``; each returns the whole document as text."""

from __future__ import annotations

from icp_triage.core.ranking import Backlog
from icp_triage.errors import DataError


def render_backlog(backlog: Backlog, fmt: str, *, top: int | None = None, color: bool = False) -> str:
    if fmt == "json":
        from icp_triage.reports.json_report import backlog_dict, dumps

        return dumps(backlog_dict(backlog, top=top))
    if fmt == "table":
        from icp_triage.reports.table import backlog_tables, to_text

        return to_text(*backlog_tables(backlog, top=top), color=color)
    raise DataError(f"--format {fmt}: not available for this command yet; use table or json")
