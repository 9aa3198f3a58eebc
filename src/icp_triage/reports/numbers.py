"""How numbers and outcomes read in reports: dollars when weighing by ARR, plain numbers
otherwise; an anti signal's result and the points it costs."""

from __future__ import annotations


def amount(value: float, weight_by: str) -> str:
    """``1234567`` -> ``$1.2M`` under ``arr``; ``2.5`` -> ``2.5`` under ``accounts``."""
    if weight_by != "arr":
        return f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"
    sign = "-" if value < 0 else ""
    value = abs(value)
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= limit:
            return f"{sign}${value / limit:.1f}{suffix}"
    return f"{sign}${value:.0f}"


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def fit_text(value: float | None) -> str:
    return "?" if value is None else f"{value:.0f}"


ANTI_RESULT = {"met": "triggered", "missed": "clear", "unknown": "unknown"}
"""An anti signal's status in words: "met" and "missed" read as the opposite of what they
mean for a signal whose meeting counts against the account."""


def anti_points(status: str, penalty: float, disqualify: bool) -> str:
    """What an anti signal costs: its penalty or "disqualifies" when it fired, else 0."""
    if status != "met":
        return "0"
    return "disqualifies" if disqualify else f"-{penalty:g}"


def attribute_text(value: object) -> str:
    """An account's attribute as every report shows it: ``120,000`` (``fit`` printed that
    where ``explain`` printed ``120000.0``), lists joined with "; ", "-" for no value."""
    if value is None:
        return "-"
    if isinstance(value, (list, tuple)):
        return "; ".join(attribute_text(v) for v in value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{value:,.0f}"
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e15 else f"{value:g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 request``, ``2 requests``: "1 accounts change tier" read as a slip."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
