"""Load accounts exported from a CRM: CSV, JSON or YAML, or the ``ICP_TRIAGE_ACCOUNTS`` env var.

CSV rules: a header row (names are lower-cased, spaces and dashes become ``_``); ``id`` is
required and unique; an empty cell is unknown; list cells are ``;``-separated (domains, logins
and orgs also ``,``-separated); numbers such as
``1,200``, ``1200.0``, ``$12M`` or ``1.5k`` are read as numbers (see ``core.numbers``);
``true``/``false`` are booleans; every other column becomes a free attribute.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from icp_triage.adapters.account_records import (
    _NOT_ATTRIBUTES,
    _SECRET,
    ENV_VAR,
    LIST_FIELDS,
    _arr,
    _cell,
    _contacts,
    _items,
    _normalized,
    _not_a_mapping,
    _not_finite,
    _TypedCells,
    _unique,
    build_account,
)
from icp_triage.core.models import Account
from icp_triage.core.names import normalize_attribute
from icp_triage.errors import ConfigError, DataError
from icp_triage.files.textfile import read_text


def _unclosed(exc: csv.Error) -> str:
    return "; a quoted cell that starts on this row is never closed" if "end of data" in str(exc) else ""


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where ``parse_csv`` finds each field in a row, worked out once from the header.

    Reading a row by position, rather than building a record for ``build_account`` to look
    through field by field, is most of what lets a 20k-row export load quickly. A field the
    header lacks gets the position just past its last column, and ``account`` pads every
    row to that length (the missing cells of a short row are as good as empty), so an absent
    field reads as an empty cell.
    """

    width: int
    id: int
    name: int
    arr: int
    attributes: int | None  # build_account's nested mapping: a cell is never one, so it must be blank
    lists: tuple[int, ...]  # in LIST_FIELDS order
    others: tuple[tuple[str, int], ...]  # the free attributes, in header order
    typed: _TypedCells

    @classmethod
    def of(cls, columns: list[str]) -> _Layout:
        width = len(columns)

        def at(field: str) -> int:
            return columns.index(field) if field in columns else width

        return cls(
            width=width,
            id=at("id"),
            name=at("name"),
            arr=at("arr"),
            attributes=columns.index("attributes") if "attributes" in columns else None,
            lists=tuple(at(field) for field in LIST_FIELDS),
            others=tuple((col, i) for i, col in enumerate(columns) if col not in _NOT_ATTRIBUTES),
            typed=_TypedCells(),
        )

    def account(self, row: list[str], *, where: str) -> Account:
        """``build_account`` of the row's record: ids, names and arr read as text, lists split
        at ``;``, other cells typed by ``_cell``; the same checks, in the same order."""
        cells = row + [""] * (self.width + 1 - len(row))
        account_id = cells[self.id].strip()  # kept as text: an id "007" stays "007"
        if not account_id:
            raise DataError(f"{where}: the account has no id")
        if self.attributes is not None and (nested := _cell(cells[self.attributes])) is not None:
            raise _not_a_mapping(where, nested)
        typed = self.typed
        attributes = {col: value for col, i in self.others if (value := typed[cells[i]]) is not None}
        for key, value in attributes.items():  # a cell such as 1e400 reads as inf
            if type(value) is float and not math.isfinite(value):
                raise _not_finite(where, key)
        domains_at, logins_at, orgs_at, aliases_at, jira_at = self.lists
        domains, github_logins = _contacts(cells[domains_at]), _contacts(cells[logins_at])
        github_orgs, aliases = _contacts(cells[orgs_at]), _items(cells[aliases_at])
        return Account(
            id=account_id,
            name=cells[self.name].strip() or None,
            domains=domains,
            github_logins=github_logins,
            github_orgs=github_orgs,
            aliases=aliases,
            jira_users=_contacts(cells[jira_at]),
            arr=_arr(cells[self.arr].strip() or None, where=where),
            attributes=attributes,
        )


_CELL_LIMIT = 2**31 - 1
"""The longest CSV cell read: the csv module's default, 128 KiB, refuses a valid export with
long CRM notes; the whole text is in memory already, so no cell can cost more than the file.
(Not ``sys.maxsize``: the limit is a C long, 32 bits on Windows.)"""


def parse_csv(text: str, *, label: str) -> list[Account]:
    if csv.field_size_limit() < _CELL_LIMIT:  # process-wide, so only ever raised
        csv.field_size_limit(_CELL_LIMIT)
    # strict: a quote that is never closed is an error; otherwise every row after it
    # silently becomes part of one cell and those accounts disappear.
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(f"{label}: no header row") from None
    except csv.Error as exc:
        raise DataError(f"{label}: row 1 (header): not valid CSV ({exc}){_unclosed(exc)}") from None
    columns = [normalize_attribute(h) for h in header]
    if "id" not in columns:
        shown = ", ".join(c for c in columns if c) or "none"
        hint = ""
        if len(header) == 1 and ";" in header[0]:  # as Excel writes CSV where , is the decimal mark
            hint = "; the file seems to separate columns with ';': export it with ',' as the separator"
        if header and header[0].strip().lower().startswith("sep="):  # Excel's separator directive
            hint = f"; its first line '{','.join(header)}' is Excel's separator hint: delete that line"
        raise DataError(f"{label}: row 1 (header): no 'id' column (columns found: {shown}){hint}", file=label)
    for i, name in enumerate(columns):
        if not name:
            raise DataError(
                f"{label}: row 1 (header): column {i + 1} has no name; name it, or delete the column "
                "if it is empty (spreadsheets export blank columns after the last one used)",
                file=label,
            )
        if columns.index(name) != i:
            raise DataError(f"{label}: row 1 (header): column '{name}' appears twice", file=label)
    layout = _Layout.of(columns)
    parsed: list[tuple[str, Account]] = []
    # "row" is the spreadsheet's row, the header being row 1; a quoted cell over several lines
    # keeps its record one row, so the text line where a record starts (for an editor, and for
    # an annotation's line) can be further down, and is then named too
    number = 1
    start = reader.line_num + 1  # the line where the row being read begins
    try:
        for row in reader:
            number += 1
            line, start = start, reader.line_num + 1
            if not "".join(row).strip():  # every cell blank: one strip, not one per cell
                continue
            where = f"{label}: {_row(number, line)}"
            if len(row) > len(columns):
                raise DataError(
                    f"{where}: {len(row)} cells but the header has {len(columns)} columns "
                    "(a list cell must use ';' between items, or quote the cell)",
                    file=label,
                    line=line,
                )
            if len(row) < len(columns):  # a lost separator would shift every later cell
                raise DataError(
                    f"{where}: {len(row)} cell{'s' if len(row) != 1 else ''} but the header has "
                    f"{len(columns)} columns (the last {len(columns) - len(row)} missing: "
                    f"{', '.join(header[len(row) :])}); give every row a cell for every column, "
                    "an empty one where the value is unknown",
                    file=label,
                    line=line,
                )
            parsed.append((where, layout.account(row, where=where)))
    except csv.Error as exc:
        raise DataError(
            f"{label}: {_row(number + 1, start)}: not valid CSV ({exc}){_unclosed(exc)}",
            file=label,
            line=start,
        ) from None
    return _unique(parsed, label=label)


def _row(number: int, line: int) -> str:
    """``row 4``, or ``row 4 (line 6)`` after a quoted cell over several lines."""
    return f"row {number}" if number == line else f"row {number} (line {line})"


def parse_records(data: Any, *, label: str) -> list[Account]:
    """Accounts from parsed JSON or YAML: a list, or an object with an ``accounts`` list."""
    if isinstance(data, Mapping) and "accounts" in data:
        data = data["accounts"]
        prefix = "accounts"
    else:
        prefix = ""
    if not isinstance(data, list):
        kind = type(data).__name__ if data is not None else "nothing"
        raise DataError(
            f"{label}: expected a list of accounts (or an object with an 'accounts' list), got {kind}"
        )
    parsed = []
    for i, record in enumerate(data):
        where = f"{label}: {prefix}[{i}]"
        if not isinstance(record, Mapping):
            raise DataError(f"{where}: expected an object with an 'id', got {type(record).__name__}")
        cleaned = _normalized(record, where=where)
        parsed.append((where, build_account(cleaned, where=where)))
    return _unique(parsed, label=label)


def parse_accounts(text: str, *, label: str, kind: str) -> list[Account]:
    """Parse accounts text of ``kind`` csv, json or yaml."""
    if kind == "csv":
        return parse_csv(text, label=label)
    if kind == "json":
        from icp_triage.files.strict_json import load_json

        return parse_records(load_json(text, label=label), label=label)
    from icp_triage.files.yaml_text import parse_yaml

    return parse_records(parse_yaml(text, label=label, error=DataError), label=label)


def _kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xls", ".xlsm", ".ods", ".numbers"):
        raise DataError(
            f"{path}: a spreadsheet file; export the sheet as CSV (UTF-8) and name that file in accounts:",
            file=str(path),
        )
    if suffix in (".yml", ".yaml"):
        return "yaml"
    if suffix == ".json":
        return "json"
    return "csv"


def load_accounts(
    path: Path | None, *, env: Mapping[str, str], config_label: str = "icp.yml"
) -> list[Account]:
    """Accounts from ``ICP_TRIAGE_ACCOUNTS`` (CSV or JSON text, for CI secrets) or ``path``.

    The env var wins when set and non-empty, so a workflow can keep the real list in a secret
    while the committed ``icp.yml`` names a sample file.
    """
    # Excel's "CSV UTF-8" starts with a byte-order mark, and a secret pasted from that file
    # keeps it: the file path drops it on decoding (utf-8-sig), the variable's text must too
    text = env.get(ENV_VAR, "").removeprefix("\ufeff")
    if text.strip():
        kind = "json" if text.lstrip()[:1] in "[{" else "csv"
        secret = _SECRET.set(True)
        try:
            return parse_accounts(text, label=f"${ENV_VAR}", kind=kind)
        finally:
            _SECRET.reset(secret)
    if path is None:
        raise ConfigError(
            f"{config_label}: accounts: no accounts file is configured and ${ENV_VAR} is not set; "
            "add `accounts: accounts.csv` to the config, or set the variable to the CSV or JSON "
            "text of the accounts (in a GitHub workflow: the action's `accounts` input, from a secret)"
        )
    kind = _kind_of(path)  # before reading: a spreadsheet is no text to decode
    text = read_text(path, label=str(path), hint=f" (named by accounts: in {config_label})")
    return parse_accounts(text, label=str(path), kind=kind)
