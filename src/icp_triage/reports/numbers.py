"""How amounts read in reports: dollars when weighing by ARR, plain numbers otherwise."""

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
