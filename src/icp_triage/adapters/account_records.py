"""One account from one record (a CSV row or a JSON/YAML object): cells typed, lists split,
every problem named with the record and field it is in."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from typing import Any

from icp_triage.core.models import Account
from icp_triage.core.names import normalize_attribute
from icp_triage.core.numbers import parse_number
from icp_triage.errors import DataError

ENV_VAR = "ICP_TRIAGE_ACCOUNTS"
LIST_FIELDS = ("domains", "github_logins", "github_orgs", "aliases", "jira_users")
KNOWN_FIELDS = ("id", "name", "arr", *LIST_FIELDS)
_NOT_ATTRIBUTES = frozenset((*KNOWN_FIELDS, "attributes"))


def _split(text: str) -> list[str]:
    """``" a; ;b "`` -> ``["a", "b"]``: the items of ``;``-separated text, blanks dropped."""
    if ";" not in text:  # one item, the common case: no list of pieces to build and filter
        text = text.strip()
        return [text] if text else []
    return [part for part in map(str.strip, text.split(";")) if part]


def _items(text: str) -> tuple[str, ...]:
    """A list cell's items; an empty cell (and so an absent list column) costs no split."""
    return tuple(_split(text)) if text else ()


COMMA_LISTS = frozenset(("domains", "github_logins", "github_orgs", "jira_users"))
"""List fields whose items may also be ``,``-separated, as people type them ("acme.com,
acme.io"): no domain, login or org name holds a comma. Aliases do not: "Acme, Inc." is one."""


def _contacts(text: str) -> tuple[str, ...]:
    """A domains, logins or orgs cell's items, split at ``;`` or ``,``."""
    if not text:
        return ()
    if "," in text:
        text = text.replace(",", ";")
    return tuple(_split(text))


def _cell(text: str) -> Any:
    """A CSV cell as a value: None when empty, a list, a number, a bool or text."""
    text = text.strip()
    if not text:
        return None
    if ";" in text:
        return _split(text) or None
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    number = parse_number(text)
    return text if number is None else number


class _TypedCells(dict[str, Any]):
    """``_cell`` with a memory, for one file: ``typed[text]`` is ``_cell(text)``.

    A CRM column repeats a few values (an industry, a region, a plan, a count), and a dict
    look-up costs a fraction of typing the text again. Lists are not kept: each account
    gets its own, as a list is mutable.
    """

    def __missing__(self, text: str) -> Any:
        value = _cell(text)
        if not isinstance(value, list):
            self[text] = value
        return value


def _where(where: str, field: str) -> str:
    """``accounts.csv: row 3, column arr`` for a CSV row, ``a.json: [2].arr`` for a record."""
    in_csv = where.rsplit(": ", 1)[-1].startswith("row ")  # not fooled by a path like /data/growth/
    return f"{where}, column {field}" if in_csv else f"{where}.{field}"


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return _shown(value)


_SECRET: ContextVar[bool] = ContextVar("accounts_from_a_secret", default=False)
"""True while the accounts come from $ICP_TRIAGE_ACCOUNTS: a CI secret, whose error messages
end up in public run logs, so they name the row and field but never the value."""


def _shown(value: Any) -> str:
    """A value for an error message: quoted, or withheld when the accounts are a secret (a
    runner masks a multi-line secret only whole, never one cell of it: a revenue, a name)."""
    return f"a value not shown (${ENV_VAR} is a secret)" if _SECRET.get() else repr(value)


def _not_finite(where: str, field: str) -> DataError:
    return DataError(
        f"{_where(where, field)}: expected a finite number, got a number too large for a float "
        "(or NaN or Infinity); write a finite number or leave the cell empty"
    )


def _not_a_mapping(where: str, value: Any) -> DataError:
    return DataError(f"{_where(where, 'attributes')}: expected a mapping (key: value), got {_kind(value)}")


# The field readers below take the record's ``where`` and build ``_where(where, field)`` only
# when they raise: formatting it for every field of every row was a large share of a load.


def _text(value: Any, *, where: str, field: str) -> str | None:
    """An id or a name: text or a number; None when absent or blank."""
    if value is None:
        return None
    if type(value) is str:  # the usual case, and the only one from a CSV
        return value.strip() or None
    if isinstance(value, (Mapping, list, tuple, bool)):
        raise DataError(f"{_where(where, field)}: expected text, got {_kind(value)}")
    return str(value).strip() or None


def _list(value: Any, *, where: str, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return _contacts(value) if field in COMMA_LISTS else tuple(_split(value))
    if isinstance(value, (list, tuple)):
        for item in value:
            if isinstance(item, (Mapping, list, tuple)):
                raise DataError(
                    f"{_where(where, field)}: expected a list of text, got an item that is {_kind(item)}"
                )
        items = tuple(str(v).strip() for v in value if v is not None and str(v).strip())
        if field in COMMA_LISTS and any("," in item for item in items):
            return tuple(piece for item in items for piece in _contacts(item))
        return items
    if isinstance(value, (Mapping, bool)):
        raise DataError(f"{_where(where, field)}: expected a list or ';'-separated text, got {_kind(value)}")
    return (str(value),)


MAX_ARR = 1e15
"""The largest ARR taken: far above any company's revenue, and far below where summing the
ARR of every account behind a request could reach inf."""


def _arr(value: Any, *, where: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise DataError(f"{_where(where, 'arr')}: expected a number for arr, got {_shown(value)}")
    if isinstance(value, (int, float)):
        number: float | int | None = value
    else:
        number = parse_number(str(value))
    if number is None or not math.isfinite(number):
        raise DataError(
            f"{_where(where, 'arr')}: expected a number for arr (such as 120000, 1,200 or $1.2M), "
            f"got {_shown(value)}"
        )
    if number < 0:
        raise DataError(f"{_where(where, 'arr')}: arr must not be negative, got {_shown(value)}")
    if number > MAX_ARR:  # sums of a few such values overflow to inf, then NaN in reports
        raise DataError(
            f"{_where(where, 'arr')}: arr is over {MAX_ARR:.0e}, more than any company earns, "
            f"got {_shown(value)}"
        )
    return float(number)


def build_account(record: Mapping[str, Any], *, where: str) -> Account:
    """One account from a flat record; unknown keys become attributes.

    CSV rows do not come through here but through ``_Layout.account``, which applies these
    rules to a row of text cells directly (tests check the two agree).
    """
    account_id = _text(record.get("id"), where=where, field="id")
    if account_id is None:
        raise DataError(f"{where}: the account has no id")
    attributes: dict[str, Any] = {}
    nested = record.get("attributes")
    if nested is not None:  # tested first: most records have none, and an ABC isinstance is slow
        if not isinstance(nested, Mapping):
            raise _not_a_mapping(where, nested)
        named = _normalized(nested, where=f"{_where(where, 'attributes')}")
        for key in named.keys() & record.keys():
            raise DataError(
                f"{_where(where, 'attributes')}: the key '{key}' is also a top-level key of the record; "
                "keep one, as only one value can count"
            )
        attributes.update({k: v for k, v in named.items() if v is not None})
    attributes.update({k: v for k, v in record.items() if v is not None and k not in _NOT_ATTRIBUTES})
    for key, value in attributes.items():  # YAML's .inf and .nan
        if isinstance(value, float) and not math.isfinite(value):
            raise _not_finite(where, key)
    lists = {field: _list(record.get(field), where=where, field=field) for field in LIST_FIELDS}
    return Account(
        id=account_id,
        name=_text(record.get("name"), where=where, field="name"),
        domains=lists["domains"],
        github_logins=lists["github_logins"],
        github_orgs=lists["github_orgs"],
        aliases=lists["aliases"],
        jira_users=lists["jira_users"],
        arr=_arr(record.get("arr"), where=where),
        attributes=attributes,
    )


def _unique(accounts: Sequence[tuple[str, Account]], *, label: str) -> list[Account]:
    first: dict[str, str] = {}
    for where, account in accounts:
        key = account.id.casefold()
        if key in first:
            shown = f"(not shown: ${ENV_VAR} is a secret)" if _SECRET.get() else repr(account.id)
            raise DataError(f"{where}: duplicate id {shown} (first seen at {first[key]})", file=label)
        first[key] = where
    return [a for _, a in accounts]


def _normalized(record: Mapping[Any, Any], *, where: str) -> dict[str, Any]:
    """``record`` with its keys spelt as attributes (``Tech Stack`` is ``tech_stack``).

    Raises DataError when two keys become one ("ARR" and "arr"): one value would silently
    replace the other, as a CSV with two such columns is refused for.
    """
    cleaned = {normalize_attribute(str(k)): v for k, v in record.items()}
    if len(cleaned) != len(record):
        first: dict[str, Any] = {}
        for k in record:
            key = normalize_attribute(str(k))
            if key in first:
                raise DataError(
                    f"{where}: the keys {str(first[key])!r} and {str(k)!r} are one attribute, '{key}' "
                    "(keys are compared lower-cased, with spaces and dashes as '_'); keep one"
                )
            first[key] = k
    return cleaned
