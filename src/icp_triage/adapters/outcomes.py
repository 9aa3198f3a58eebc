"""Read the outcome columns of the loaded accounts, naming the file and row of a bad cell.

The core (``core.outcomes``) reads the values and names the account; only here is it known
which file and row that account came from, so the error is finished here. Accounts from
``$ICP_TRIAGE_ACCOUNTS`` are a CI secret: the message then names the row, never the
account or the value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from icp_triage.adapters.account_records import ENV_VAR
from icp_triage.core.models import Account
from icp_triage.core.names import normalize_attribute
from icp_triage.core.outcomes import OutcomeSettings, OutcomeTable, OutcomeValueError, read_outcomes
from icp_triage.errors import DataError


def load_outcomes(
    accounts: Sequence[Account],
    settings: OutcomeSettings,
    *,
    path: Path | None,
    env: Mapping[str, str],
) -> OutcomeTable:
    """The outcomes of ``accounts`` (loaded from ``path`` or ``$ICP_TRIAGE_ACCOUNTS``).

    Raises DataError (exit 2) naming the file, row and column of a value out of range or of
    the wrong kind.
    """
    try:
        return read_outcomes(accounts, settings)
    except OutcomeValueError as exc:
        secret = bool(env.get(ENV_VAR, "").strip())
        index = next(i for i, a in enumerate(accounts) if a.id == exc.account_id)
        if secret:
            raise DataError(
                f"${ENV_VAR}: account {index + 1}, column {exc.column}: not a valid outcome "
                f"(the value is not shown: ${ENV_VAR} is a secret)"
            ) from None
        label = str(path) if path is not None else "accounts"
        where = _where(path, exc.account_id, index)
        raise DataError(
            f"{label}: {where}, column {exc.column} (account {exc.account_id!r}): {exc.problem}",
            file=label,
        ) from None


def _where(path: Path | None, account_id: str, index: int) -> str:
    """``row 7`` (the spreadsheet's row, header = row 1) for a CSV, ``[3]`` for JSON or YAML."""
    if path is None or path.suffix.lower() in (".json", ".yml", ".yaml"):
        return f"[{index}]"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError:
        return f"account {index + 1}"
    reader = csv.reader(io.StringIO(text))
    header = [normalize_attribute(h) for h in next(reader, [])]
    if "id" not in header:
        return f"account {index + 1}"
    column = header.index("id")
    for number, row in enumerate(reader, start=2):
        if len(row) > column and row[column].strip() == account_id:
            return f"row {number}"
    return f"account {index + 1}"
