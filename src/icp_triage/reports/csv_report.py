"""CSV that opens safely in a spreadsheet: stable columns, formula injection neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from icp_triage.core.fit import Fit, best_first
from icp_triage.core.models import Account

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Prefix text a spreadsheet would run as a formula (OWASP "CSV injection") with ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def write_rows(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


def accounts_csv(accounts: Mapping[str, Account], fits: Mapping[str, Fit]) -> str:
    return write_rows(
        ["id", "name", "tier", "fit", "coverage", "arr", "summary"],
        (
            [
                key,
                accounts[key].display_name,
                fits[key].tier,
                None if fits[key].fit is None else round(fits[key].fit or 0.0, 2),
                round(fits[key].coverage, 4),
                accounts[key].arr,
                fits[key].summary,
            ]
            for key in best_first(fits)
        ),
    )
