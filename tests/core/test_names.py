"""Name, domain and login normalisation used to match text to accounts."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icp_triage.core.names import (
    LEGAL_SUFFIXES,
    as_domain,
    normalize_login,
    normalize_name,
    parent_domains,
)


class TestNormalizeName:
    @pytest.mark.parametrize(
        "text",
        [
            "Acme",
            "acme",
            "ACME",
            "Acme Inc",
            "Acme Inc.",
            "Acme, Inc.",
            "ACME, INC.",
            "Acme LLC",
            "Acme Ltd",
            "Acme Ltd.",
            "Acme GmbH",
            "Acme AG",
            "Acme SA",
            "Acme S.A.",
            "Acme BV",
            "Acme N.V.",
            "Acme L.L.C.",
            "Acme B.V.",
            "Acme Corp",
            "Acme Corp.",
            "Acme Co",
            "Acme Co.",
            "Acme Co., Ltd.",  # suffixes stack
            "  Acme   ",
            "Acme!",
            "“Acme”",
        ],
    )
    def test_spellings_of_one_company(self, text):
        assert normalize_name(text) == "acme"

    def test_keeps_inner_words(self):
        assert normalize_name("Blue Sky Analytics GmbH") == "blue sky analytics"

    def test_accents_are_ignored(self):
        assert normalize_name("Société Générale SA") == "societe generale"

    def test_ampersand_is_and(self):
        assert normalize_name("Procter & Gamble") == normalize_name("Procter and Gamble")

    def test_a_lone_suffix_word_is_kept(self):
        # "Co" alone is a name, not a suffix to strip down to nothing
        assert normalize_name("Co") == "co"
        assert normalize_name("AG") == "ag"

    def test_suffix_only_stripped_at_the_end(self):
        assert normalize_name("Inc Labs") == "inc labs"

    def test_punctuation_only_is_empty(self):
        assert normalize_name("...") == ""


class TestAsDomain:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("acme.io", "acme.io"),
            ("ACME.IO", "acme.io"),
            ("jane@acme.io", "acme.io"),
            ("Jane.Doe@EU.Acme.io", "eu.acme.io"),
            ("https://www.acme.io/pricing", "acme.io"),
            ("http://acme.io:8080", "acme.io"),
            ("www.acme.io", "acme.io"),
            ("acme.io.", "acme.io"),
            ("Jane Doe <jane@acme.io>", "acme.io"),  # as git trailers name a person
            ("<ops@eu.acme.io>", "eu.acme.io"),
            ("bücher.de", "xn--bcher-kva.de"),  # an internationalised domain, in its IDNA form
            ("jane@BÜCHER.de", "xn--bcher-kva.de"),
            ("xn--bcher-kva.de", "xn--bcher-kva.de"),
            ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ],
    )
    def test_hosts(self, text, expected):
        assert as_domain(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "Acme",
            "Acme Inc.",
            "",
            "acme",
            "acme.x",
            "a b.io",
            "acme.com, acme.io",
            "bücher",
            "ä" * 70 + ".de",
        ],
    )
    def test_not_a_domain(self, text):
        assert as_domain(text) is None


class TestParentDomains:
    def test_subdomain_then_parents(self):
        assert parent_domains("a.eu.acme.io") == ["a.eu.acme.io", "eu.acme.io", "acme.io"]

    def test_registrable_domain_alone(self):
        assert parent_domains("acme.io") == ["acme.io"]


class TestNormalizeLogin:
    def test_strips_at_and_case(self):
        assert normalize_login(" @Alice ") == "alice"


class TestDottedInitials:
    def test_initialisms_inside_a_name_match_their_undotted_form(self):
        assert normalize_name("J.P. Morgan") == normalize_name("JP Morgan") == "jp morgan"

    def test_a_domain_like_name_keeps_its_dot_as_a_word_break(self):
        assert normalize_name("Monday.com") == "monday com"


def test_ampersand_company_suffix_is_dropped():
    assert normalize_name("Acme & Co.") == normalize_name("Acme")
    assert normalize_name("Smith and Sons") == "smith and sons"


# The straightforward version the fast paths must agree with: NFKD and a per-character
# combining-mark filter for every text, the initials regex always, whitespace collapsed by regex.
def _reference_normalize_name(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"\b\w(?:\.\w)+\b\.?", lambda m: m.group().replace(".", ""), text)
    words = re.sub(r"\s+", " ", re.sub(r"[^\w\s]+", " ", text)).strip().split(" ")
    while len(words) > 1 and (words[-1] in LEGAL_SUFFIXES or words[-1] == "and"):
        words.pop()
    return " ".join(w for w in words if w)


_NAME_PARTS = st.sampled_from(
    ["Acme", "acme", "J.P.", "S.A.", "Inc", "inc.", "Co", "&", "and", ".", ",", "-", "Ltd", "é", "É", "ß",
     "İ", "ﬁ", "Ⅻ", "\u0301", "\u00a0", "\u2003", "\t", "\n", " ", "  ", "_", "1", "“", "”", "(", ")"]
)  # fmt: skip
_NAMES = st.one_of(st.text(), st.lists(_NAME_PARTS, max_size=8).map("".join))


class TestNormalizeNameFastPaths:
    @given(_NAMES)
    @settings(max_examples=500, deadline=None)
    def test_agrees_with_the_straightforward_version(self, text):
        assert normalize_name(text) == _reference_normalize_name(text)

    @given(st.text(alphabet=st.characters(max_codepoint=127)))
    @settings(max_examples=300, deadline=None)
    def test_agrees_on_any_ascii_text(self, text):
        assert normalize_name(text) == _reference_normalize_name(text)
