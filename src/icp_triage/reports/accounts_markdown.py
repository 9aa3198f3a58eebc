"""The accounts file as one GitHub-flavoured Markdown table (``accounts --format markdown``),
within the same byte budget as the backlog, whose module holds the table helpers."""

from __future__ import annotations

from collections.abc import Mapping

from icp_triage.core.fit import Fit, best_first, tier_counts
from icp_triage.core.models import Account
from icp_triage.core.untrusted import md_text
from icp_triage.reports.markdown import DEFAULT_MAX_BYTES, SUMMARY_LIMIT, Budget, table, take_rows
from icp_triage.reports.numbers import fit_text, percent


def accounts_markdown(
    accounts: Mapping[str, Account], fits: Mapping[str, Fit], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> str:
    """Every account with tier, fit and coverage, best first, as one GFM table.

    At most ``max_bytes`` of UTF-8, like the backlog: a CRM export of 20,000 accounts is
    nearly 2 MB of table, more than a job summary holds, so the table stops early and says
    how many accounts it left out.
    """
    rows = (
        [
            md_text(key),
            md_text(accounts[key].display_name, width=40),
            fits[key].tier,
            fit_text(fits[key].fit),
            percent(fits[key].coverage),
            md_text(fits[key].summary, width=100),
        ]
        for key in best_first(fits)
    )
    tally = " · ".join(f"{tier} **{n}**" for tier, n in tier_counts(fits).items() if n)
    budget = Budget(max_bytes)
    lines = budget.take(
        [f"## Accounts ({len(accounts)})", "", f"Tiers: {tally}" if tally else "No accounts.", ""]
    )
    header = table(["id", "name", "tier", "fit", "coverage", "why"], "lllrrl", [])
    taken, shown = take_rows(budget, header, rows, None, 512)  # room for the note
    lines += taken
    if shown < len(fits):
        lines += [
            "",
            f"_Showing {shown:,} of {len(fits):,} accounts (a GitHub job summary holds at most "
            f"{SUMMARY_LIMIT // 1024} KiB); the CSV and JSON reports list all._",
        ]
    return "\n".join(lines) + "\n"
