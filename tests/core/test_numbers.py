"""parse_number: the CRM number spellings accepted, and the ones refused."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icp_triage.core.numbers import _NUMBER, _SUFFIX, parse_number, readings


class TestParseNumber:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("1200", 1200),
            ("1,200", 1200),
            ("1,200,000", 1_200_000),
            ("1200.0", 1200),  # integral: comes back as int
            ("1200.5", 1200.5),
            (".5", 0.5),
            ("0", 0),
            ("$12M", 12_000_000),  # 12 * 1e6
            ("$12m", 12_000_000),
            ("$1.2M", 1_200_000),  # 1.2 * 1e6
            ("12mm", 12_000_000),
            ("1.5k", 1500),  # 1.5 * 1e3
            ("1.5K", 1500),
            ("2b", 2_000_000_000),
            ("2bn", 2_000_000_000),
            ("€300", 300),
            ("£ 300", 300),
            ("¥300", 300),
            ("-5", -5),
            ("+5", 5),
            ("  42  ", 42),
            ("$ 120k", 120_000),
            ("1e6", 1_000_000),  # Excel's scientific notation
            ("1.2E+07", 12_000_000),
            ("0.125", 0.125),  # a leading zero: a fraction, never a thousands group
            ("1.2500", 1.25),  # four decimals: not a group of three
            ("1,200.500", 1200.5),  # comma groups make the dot a decimal point
            ("$1.250M", 1_250_000),  # a multiplier: English decimals
        ],
    )
    def test_accepts(self, text, expected):
        value = parse_number(text)
        assert value == expected
        assert type(value) is type(expected)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "   ",
            "ten",
            "$",
            "k",
            "1.200,50",  # European decimal comma
            "1,20",  # a thousands group must have three digits
            "12%",
            "1 200",
            "12M$",
            "02139",  # a ZIP code, not a quantity
            "e6",
            "1-2",
            "12 apples",
            "1.200",  # European 1200 or English 1.2: ambiguous
            "€45.000",
            "-1.500",
            "100.000",
            "1.000.000",
        ],
    )
    def test_refuses(self, text):
        assert parse_number(text) is None

    def test_large_non_integral_value_stays_float(self):
        # 2**53 and above: no exact int, so the float is returned as is
        assert isinstance(parse_number("9007199254740993.5"), float)


_DOT_GROUPED = re.compile(r"^\s*[-+]?\s*[$€£¥]?\s*[1-9]\d{0,2}(\.\d{3})+\s*$")


def _reference_parse_number(text: str) -> float | int | None:
    """The regex-only version, which the plain-digits fast path must agree with; a dot-grouped
    integer ("1.200", ambiguous between European and English notation) is refused by its own
    regex, as the README states the rule."""
    if _DOT_GROUPED.match(text):
        return None
    match = _NUMBER.match(text)
    if not match or not (match["int"] or match["frac"]):
        return None
    if match["int"] and len(match["int"]) > 1 and match["int"].startswith("0"):
        return None
    digits = (match["int"] or "0").replace(",", "") + (match["frac"] or "") + (match["exp"] or "")
    value = float(digits)
    if match["suffix"]:
        value *= _SUFFIX[match["suffix"].lower()]
    if match["sign"] == "-":
        value = -value
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


# ASCII digits and a few other Unicode decimal digits (Arabic-Indic, Gurmukhi), which \d also matches
_DIGITS = st.text(alphabet="0123456789\u0660\u0661\u0662\u0663\u0a6c", min_size=1, max_size=400)
_SPELLINGS = st.lists(st.sampled_from(list("0123456789,.-+ $€kmMbBe")), max_size=12).map("".join)
_DOTTED = st.from_regex(r"\A[-+]?[$€]?\s?\d{1,4}(\.\d{2,4}){1,2}[kM]?\Z")


class TestFastPathAgrees:
    @given(st.one_of(_DIGITS, _SPELLINGS, _DOTTED, st.text(max_size=20)))
    @settings(max_examples=1000, deadline=None)
    def test_same_value_and_type_as_the_regex_only_version(self, text):
        got, want = parse_number(text), _reference_parse_number(text)
        assert repr(got) == repr(want)
        assert type(got) is type(want)

    def test_plain_digits_edge_cases(self):
        assert parse_number("9" * 400) == math.inf  # too big for a float, as before
        assert parse_number("9007199254740993") == 9007199254740992.0  # past 2**53: a float
        assert isinstance(parse_number("9007199254740993"), float)
        assert parse_number("\u0664\u0662") == 42  # Arabic-Indic "42"


class TestReadings:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("1.045", (1.045, 1045)),  # English first, then European
            ("1.200", (1.2, 1200)),
            ("-€1.500", (-1.5, -1500)),
            ("1,200", (1200,)),  # what parse_number reads is the only reading
            ("1.045e0", (1.045,)),
            ("1.000.000", ()),  # never a decimal: no reading at all, as before
            ("ten", ()),
        ],
    )
    def test_readings(self, text, expected):
        assert readings(text) == expected

    @given(st.one_of(_SPELLINGS, _DOTTED, st.text(max_size=20)))
    @settings(max_examples=500, deadline=None)
    def test_parse_number_is_the_one_unambiguous_reading(self, text):
        found = readings(text)
        if (number := parse_number(text)) is not None:
            assert found == (number,)
        else:
            assert len(found) in (0, 2)
            if found:
                english, european = found
                assert math.isclose(european, 1000 * english)
