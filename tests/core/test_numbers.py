"""parse_number: the CRM number spellings accepted, and the ones refused."""

from __future__ import annotations

import pytest

from icp_triage.core.numbers import parse_number


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
        ],
    )
    def test_refuses(self, text):
        assert parse_number(text) is None

    def test_large_non_integral_value_stays_float(self):
        # 2**53 and above: no exact int, so the float is returned as is
        assert isinstance(parse_number("9007199254740993.5"), float)
