"""Read the numbers CRM exports write: ``1,200``, ``1200.0``, ``$12M``, ``1.5k``, ``€300``, ``1.2E+07``.

Accepted: an optional sign, an optional currency symbol ($ € £ ¥), digits with optional
``,`` thousands groups of three, an optional decimal part, an optional exponent (as Excel
exports large numbers), and an optional multiplier
suffix ``k``, ``m``, ``b``/``bn`` (case-insensitive). Anything else (``1.200,50``,
``12%``, ``ten``) is not a number; the caller decides whether that is an error.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(
    r"""^\s*(?P<sign>[-+]?)\s*[$€£¥]?\s*
    (?P<int>\d{1,3}(?:,\d{3})+|\d+)?(?P<frac>\.\d+)?(?P<exp>e[-+]?\d{1,3})?
    \s*(?P<suffix>k|m|mm|b|bn)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_SUFFIX = {"k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9}


def parse_number(text: str) -> float | int | None:
    """The number ``text`` spells, or None; integral values come back as ``int``."""
    if text.isdecimal():
        # Plain digits, the commonest spelling: the regex would match them all as ``int``
        # (``isdecimal`` is exactly ``\d``), so skip it; the rules below still apply.
        if len(text) > 1 and text.startswith("0"):
            return None
        return _int_if_integral(float(text))
    match = _NUMBER.match(text)
    if not match or not (match["int"] or match["frac"]):
        return None
    if match["int"] and len(match["int"]) > 1 and match["int"].startswith("0"):
        return None  # a code such as a ZIP "02139", not a quantity
    digits = (match["int"] or "0").replace(",", "") + (match["frac"] or "") + (match["exp"] or "")
    value = float(digits)
    if match["suffix"]:
        value *= _SUFFIX[match["suffix"].lower()]
    if match["sign"] == "-":
        value = -value
    return _int_if_integral(value)


def _int_if_integral(value: float) -> float | int:
    """``1200.0`` as ``1200``; a value beyond 2**53 stays a float, as no int is exact there."""
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
