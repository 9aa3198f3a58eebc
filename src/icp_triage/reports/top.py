"""The one rule of ``--top N``, worded once for ``--help``, every report and the README.

``--top`` used to mean something different per format (CSV cut each list, JSON only the
ranked one, Markdown two of three), so a number read in one report could not be checked in
another. Now every format keeps the first N of each list, and says so where it cut.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only
    from icp_triage.core.backlog import Backlog


def rule(top: int) -> str:
    """``--top 3 keeps the first 3 of each list in every format``."""
    return f"--top {top} keeps the first {top} of each list in every format"


def cut_note(backlog: Backlog, top: int | None) -> str | None:
    """The note for a report that cannot carry one (JSON, CSV: it goes to stderr), or None.

    None when ``top`` cut nothing, so a report that holds everything says nothing.
    """
    totals = (
        len(backlog.ranked),
        len(backlog.opportunistic),
        len(backlog.unknown_fit),
        len(backlog.unattributed),
    )
    if not top or max(totals) <= top:
        return None
    ranked, opportunistic, unknown_fit, unattributed = totals
    return (
        f"{rule(top)}: of {ranked:,} ranked, {opportunistic:,} opportunistic, {unknown_fit:,} of unknown fit "
        f"and {unattributed:,} unattributed requests in all."
    )


def plan_rule(top: int) -> str:
    """The same rule as ``plan`` applies it: JSON and CSV of a plan always list every request."""
    return f"--top {top} keeps the first {top} chosen and the first {top} deferred requests; CSV and JSON list all"
