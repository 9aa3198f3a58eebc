"""Read the numbers CRM exports write: ``1,200``, ``1200.0``, ``$12M``, ``1.5k``, ``€300``, ``1.2E+07``.

Accepted: an optional sign, an optional currency symbol ($ € £ ¥), digits with optional
``,`` thousands groups of three, an optional decimal part, an optional exponent (as Excel
exports large numbers), and an optional multiplier
suffix ``k``, ``m``, ``b``/``bn`` (case-insensitive). Anything else (``1.200,50``,
``12%``, ``ten``) is not a number; the caller decides whether that is an error.

A dot-grouped integer (``1.200``, ``€45.000``, ``1.000.000``) is not a number either: in
European notation it is a thousand times what it reads as in English, and a CRM export gives
no way to tell which was meant, so guessing would turn 45,000 of ARR into 45 without a word.
``0.125``, ``1.5`` and ``1.2500`` (not one to three digits then a group of three) stay numbers.
Where the column gives the context (an outcome whose values lie in a known range), ``readings``
returns both: ``1.045`` in a net revenue retention column of 0..10 can only be 1.045.
"""

from __future__ import annotations

import re

# Every run of blanks is taken possessively (``\s*+``): five optional runs in a row, each
# able to give blanks back to the next, made a cell of blanks cost a power of its length.
_NUMBER = re.compile(
    r"""^\s*+(?P<sign>[-+]?)\s*+[$€£¥]?\s*+
    (?P<int>\d{1,3}(?:,\d{3})+|\d+)?(?P<frac>\.\d+)?(?P<exp>e[-+]?\d{1,3})?
    \s*+(?P<suffix>k|m|mm|b|bn)?\s*+$""",
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
    whole, frac = match["int"], match["frac"]
    if whole and len(whole) > 1 and whole.startswith("0"):
        return None  # a code such as a ZIP "02139", not a quantity
    if frac and len(frac) == 4 and _dot_grouped(whole, match):
        return None  # "1.200": European 1200 or English 1.2, so neither (see the docstring)
    return _value((whole or "0").replace(",", "") + (frac or "") + (match["exp"] or ""), match)


def readings(text: str) -> tuple[float | int, ...]:
    """Every number ``text`` can spell: none, the one ``parse_number`` reads, or for a
    dot-grouped integer both readings, English first (``1.045``: 1.045 and 1045). The caller
    chooses by what it knows of the column; ``parse_number`` never guesses."""
    number = parse_number(text)
    if number is not None:
        return (number,)
    match = _NUMBER.match(text)
    if match is None or not match["frac"] or len(match["frac"]) != 4 or not _dot_grouped(match["int"], match):
        return ()
    whole, frac = match["int"], match["frac"]
    return _value(whole + frac, match), _value(whole + frac[1:], match)


def _value(digits: str, match: re.Match[str]) -> float | int:
    """``digits`` (a float literal) with the match's multiplier suffix and sign."""
    value = float(digits)
    if match["suffix"]:
        value *= _SUFFIX[match["suffix"].lower()]
    if match["sign"] == "-":
        value = -value
    return _int_if_integral(value)


def _dot_grouped(whole: str | None, match: re.Match[str]) -> bool:
    """Whether a match with a three-digit fraction is ``[1-9]\\d{0,2}\\.\\d{3}``, nothing more."""
    return (
        whole is not None
        and len(whole) <= 3
        and "1" <= whole[0] <= "9"
        and "," not in whole
        and not match["exp"]
        and not match["suffix"]
    )


def _int_if_integral(value: float) -> float | int:
    """``1200.0`` as ``1200``; a value beyond 2**53 stays a float, as no int is exact there."""
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
