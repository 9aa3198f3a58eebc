"""The scheduled run's word on what shipped: the last whole quarter's ICP adherence, for the
job summary and the report file.

Classes, request counts, efforts and shares only: the table is built from
``ShippedReport.tier_only()`` and names no account whatever ``tagging.disclose`` says (the
accounts that asked are ``icp-triage shipped --accounts``, never a job summary).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime, timezone

from icp_triage.core.backlog import Backlog
from icp_triage.core.models import RequestLike
from icp_triage.core.shipped import last_quarter
from icp_triage.reports.shipped_report import adherence_markdown
from icp_triage.shipped_run import shipped_report
from icp_triage.workspace import Workspace


def adherence_section(workspace: Workspace, requests: Sequence[RequestLike], backlog: Backlog) -> str:
    """Markdown: the last whole quarter's shares of shipped effort by class, beside the open
    backlog's (``backlog``, already ranked from ``requests``)."""
    now = workspace.clock() if workspace.clock is not None else time.time()
    label, start, end = last_quarter(datetime.fromtimestamp(now, tz=timezone.utc).date())
    report = shipped_report(workspace, requests, since=start, open_backlog=backlog).tier_only()
    periods = [p for p in report.periods if p.start < end]
    lines = ["", f"### ICP adherence: what shipped in {label}", ""]
    if not periods:
        return "\n".join([*lines, f"_No request was closed as completed in {label}._", ""])
    lines += ["Share of the shipped effort by class (effort in brackets), beside the open backlog:", ""]
    lines += adherence_markdown(report, periods)
    lines += ["", *(f"_{note}_" for note in report.notes), ""]
    return "\n".join(lines)
