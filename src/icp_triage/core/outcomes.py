"""Customer outcomes read from the accounts: who won, renewed, expanded, is happy, uses the product.

The columns are optional and found by name (``won``, ``retained``, ``expansion``, ``nps``,
``usage``, ``churned_at``, ``support_tickets``) or through ``outcomes:`` in ``icp.yml``
(``retained: renewed_2025``). A blank cell is unknown, never zero: an account without a
value is left out of that outcome's counts. ``churned_at`` (a date) becomes the rate
``churned``: 1 with a date, 0 for a customer without one (an account with another outcome
known), unknown for a prospect.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from icp_triage.core.models import Account
from icp_triage.core.names import normalize_attribute
from icp_triage.core.numbers import readings

OutcomeName = Literal["won", "retained", "expansion", "nps", "usage", "churned", "support_tickets"]
COLUMNS: tuple[str, ...] = ("won", "retained", "expansion", "nps", "usage", "churned_at", "support_tickets")
LOWER_IS_BETTER = frozenset({"churned", "support_tickets"})
RATE_OUTCOMES = frozenset({"won", "retained", "churned"})

_YES = {"1", "true", "yes", "y", "won", "closed won", "retained", "renewed"}
_NO = {"0", "false", "no", "n", "lost", "closed lost", "churned", "not renewed"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _default_weights() -> dict[OutcomeName, float]:
    return dict.fromkeys(("won", "retained", "expansion", "nps", "usage", "churned", "support_tickets"), 1.0)


class OutcomeSettings(_Strict):
    """``outcomes:`` in icp.yml: the column holding each outcome (default: its own name), and
    each outcome's weight in the composite ``profile suggest`` ranks customers by."""

    won: str | None = None
    retained: str | None = None
    expansion: str | None = None
    nps: str | None = None
    usage: str | None = None
    churned_at: str | None = None
    support_tickets: str | None = None
    weights: dict[OutcomeName, float] = Field(default_factory=_default_weights)

    def column(self, outcome: str) -> str:
        """The accounts' column for ``outcome`` (a name from ``COLUMNS``)."""
        named: str | None = getattr(self, outcome)
        return normalize_attribute(named) if named else outcome

    def weight(self, outcome: str) -> float:
        return next((w for name, w in self.weights.items() if name == outcome), 1.0)


class ValidationSettings(_Strict):
    """``validation:`` in icp.yml: the thresholds ``profile validate`` and ``suggest`` use."""

    max_share: float = Field(default=0.5, gt=0, le=1)
    revisit_months: int = Field(default=12, ge=1)
    min_accounts: int = Field(default=10, ge=2)
    best_share: float = Field(default=0.2, gt=0, lt=1)
    holdout: float = Field(default=0.3, gt=0, lt=1)
    seed: int = 0


class OutcomeValueError(ValueError):
    """A cell that cannot be the outcome it is read as; the adapter names its row."""

    def __init__(self, account_id: str, column: str, problem: str) -> None:
        super().__init__(f"{column}: {problem}")
        self.account_id = account_id
        self.column = column
        self.problem = problem


@dataclass(frozen=True)
class Outcome:
    """One outcome's known values by account id; ``kind`` is ``rate`` (0/1) or ``mean``."""

    name: str
    column: str
    kind: Literal["rate", "mean"]
    values: dict[str, float]

    @property
    def lower_is_better(self) -> bool:
        return self.name in LOWER_IS_BETTER


@dataclass(frozen=True)
class OutcomeTable:
    """Every outcome found in the accounts, in ``COLUMNS`` order; absent ones are left out."""

    outcomes: tuple[Outcome, ...]
    notes: tuple[str, ...] = field(default=())

    def get(self, name: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.name == name), None)

    def known_ids(self) -> set[str]:
        """Accounts with at least one outcome: customers or decided deals, not open prospects."""
        return {i for o in self.outcomes for i in o.values}


MAX_MAGNITUDE = 1e15
"""The largest outcome value read: sums and means of a million larger ones would overflow
(two of 1e308 add up to infinity, and the report to NaN); no NPS, ratio, count or usage
figure comes near it."""


def _flag(value: Any, *, account_id: str, column: str, words: str) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)) and value in (0, 1):
        return float(value)
    text = str(value).strip().casefold()
    if text in _YES:
        return 1.0
    if text in _NO:
        return 0.0
    flags = [n for n in readings(text) if n in (0, 1)]  # "1.0", or "1.000" (1, never 1000)
    if flags:
        return float(flags[0])
    raise OutcomeValueError(account_id, column, f"expected {words}, got {value!r}")


def _number(
    value: Any,
    *,
    account_id: str,
    column: str,
    expected: str,
    low: float | None = None,
    high: float | None = None,
) -> float:
    """A cell as a number within ``low..high``: a text such as ``1.045``, which out of context
    could be 1045 (see ``core.numbers``), is the one reading in range; raises OutcomeValueError."""
    found: tuple[float | int, ...]
    if isinstance(value, bool):
        found = ()
    elif isinstance(value, (int, float)):
        found = (value,)
    else:
        text = str(value).strip()
        percent = text.endswith("%")
        found = tuple(n / 100 if percent else n for n in readings(text.removesuffix("%")))
    if not found:
        raise OutcomeValueError(account_id, column, f"expected {expected}, got {value!r}")
    for number in found:
        if not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
            raise OutcomeValueError(
                account_id,
                column,
                f"{value!r} is too large to compute with (outcomes are at most {MAX_MAGNITUDE:.0e} "
                "in size); write a finite number such as 1.15 or 120, or leave the cell empty",
            )
    inside = [n for n in found if (low is None or n >= low) and (high is None or n <= high)]
    if len(inside) == 1 or len(found) == 1:
        return _in_range(float((inside or found)[0]), low, high, account_id=account_id, column=column)
    if not inside:
        either = " or ".join(f"{n:g}" for n in found)
        problem = f"{value!r} is out of range ({_span(low, high)}) whether read as {either}"
    else:
        first, second = (f"{n:g}" for n in inside)
        problem = f"{value!r} could be {first} or {second} (a decimal point or a thousands dot?): write {first} or {second}"
    raise OutcomeValueError(account_id, column, problem)


def _span(low: float | None, high: float | None) -> str:
    return f"{low:g}..{high:g}" if low is not None and high is not None else f">= {low:g}"


def _in_range(number: float, low: float | None, high: float | None, *, account_id: str, column: str) -> float:
    if (low is not None and number < low) or (high is not None and number > high):
        raise OutcomeValueError(account_id, column, f"{number:g} is out of range ({_span(low, high)})")
    return number


def parse_date(value: Any) -> date | None:
    """A date cell (``2026-03-01`` or an ISO date-time); None when it is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def read_value(outcome: str, value: Any, *, account_id: str, column: str) -> float:
    """One cell as ``outcome``'s number; raises OutcomeValueError naming the problem."""
    where = {"account_id": account_id, "column": column}
    if outcome == "won":
        return _flag(value, words="won/lost, 1/0 or true/false", **where)
    if outcome == "retained":
        return _flag(value, words="1/0, true/false or yes/no (retained at 12 months)", **where)
    if outcome == "churned_at":
        if parse_date(value) is None:
            raise OutcomeValueError(account_id, column, f"expected a date such as 2026-03-01, got {value!r}")
        return 1.0
    expected, low, high = _NUMBERS.get(outcome, ("a number (higher is better)", None, None))
    return _number(value, account_id=account_id, column=column, expected=expected, low=low, high=high)


_NUMBERS: dict[str, tuple[str, float | None, float | None]] = {
    "expansion": ("net revenue retention as a ratio (1.15, 115%) or 0/1", 0, 10),
    "nps": ("a score from -100 to 100, or 0 to 10", -100, 100),
    "support_tickets": ("a count of tickets", 0, None),
}
"""The numeric outcomes' expected spelling and range; a known range decides a text such as
``1.045`` (see ``_number``). Usage is open-ended."""


def read_outcomes(accounts: Sequence[Account], settings: OutcomeSettings | None = None) -> OutcomeTable:
    """The outcome columns of ``accounts``; raises OutcomeValueError at the first bad cell."""
    settings = settings or OutcomeSettings()
    found: list[Outcome] = []
    notes: list[str] = []
    churn: dict[str, float] | None = None
    churn_column = ""
    for outcome in COLUMNS:
        column = settings.column(outcome)
        values: dict[str, float] = {}
        for account in accounts:
            value = account.attribute(column)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            values[account.id] = read_value(outcome, value, account_id=account.id, column=column)
        if not values:
            if getattr(settings, outcome):
                notes.append(f"outcomes.{outcome} names the column '{column}', which no account fills")
            continue
        if outcome == "churned_at":
            churn, churn_column = values, column
            continue
        binary = all(v in (0.0, 1.0) for v in values.values())
        kind: Literal["rate", "mean"] = (
            "rate" if outcome in RATE_OUTCOMES or (outcome == "expansion" and binary) else "mean"
        )
        found.append(Outcome(outcome, column, kind, values))
    if churn is not None:
        customers = {i for o in found for i in o.values if o.name != "won"} | {
            i for o in found if o.name == "won" for i, v in o.values.items() if v == 1.0
        }
        values = {i: churn.get(i, 0.0) for i in sorted(customers | set(churn))}
        found.append(Outcome("churned", churn_column, "rate", values))
    order = {
        "won": 0,
        "retained": 1,
        "expansion": 2,
        "nps": 3,
        "usage": 4,
        "churned": 5,
        "support_tickets": 6,
    }
    found.sort(key=lambda o: order[o.name])
    return OutcomeTable(tuple(found), tuple(notes))


def outcome_columns(settings: OutcomeSettings | None = None) -> set[str]:
    """The account columns that hold outcomes: never candidates for a drafted criterion."""
    settings = settings or OutcomeSettings()
    return {settings.column(outcome) for outcome in COLUMNS}
