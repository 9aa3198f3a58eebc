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

    @pytest.mark.parametrize(
        ("crm", "typed"),
        [
            ("SAP SE", "SAP"),
            ("Infosys Pvt. Ltd.", "Infosys Ltd"),
            ("Novo Nordisk A/S", "Novo Nordisk"),
            ("Yaz\u0131l\u0131m Evi A.Ş.", "YAZILIM EVI"),  # Turkish dotless i
            ("Øresund Tech", "Oresund Tech"),
            ("Ærø Łódź Œuvre Đuro Þór", "Aero Lodz Oeuvre Duro Thor"),
            ("Equinor ASA", "Equinor"),
            ("Acme S.L.", "Acme"),
            ("Acme Ltda.", "Acme"),
            ("Acme K.K.", "Acme"),
            ("Acme L.P.", "Acme"),
            ("Acme Kft.", "Acme"),
            ("Acme s.r.o.", "Acme"),
            ("Acme Sp. z o.o.", "Acme"),
            ("Acme \u041e\u041e\u041e", "Acme"),  # Cyrillic
            ("Acme OOO", "Acme"),
            ("Nokia Oyj", "Nokia"),
            ("Acme GmbH & Co. KG", "Acme"),
            ("トヨタ株式会社", "トヨタ"),
            ("株式会社 トヨタ", "トヨタ"),
            ("㈱トヨタ", "トヨタ"),
            ("字节跳动有限公司", "字节跳动"),
            ("字节跳动股份有限公司", "字节跳动"),
        ],
    )
    def test_legal_forms_and_letters_of_other_countries(self, crm, typed):
        assert normalize_name(crm) == normalize_name(typed)

    @pytest.mark.parametrize("text", ["SE", "AS", "A/S", "Sp. z o.o.", "株式会社", "有限公司", "Oy"])
    def test_a_legal_form_alone_is_not_stripped_to_nothing(self, text):
        assert normalize_name(text)

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
_PLAIN = {"\u0131": "i", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
_CJK = ("股份有限公司", "有限公司", "株式会社", "有限会社", "合同会社", "(株)")


def _reference_normalize_name(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = "".join(_PLAIN.get(ch, ch) for ch in text)
    text = text.replace("&", " and ")
    for form in _CJK:  # a form before or after the name, never the whole of it
        if text.strip().startswith(form) and text.strip()[len(form) :].strip():
            text = text.strip()[len(form) :]
            break
    for form in _CJK:
        if text.strip().endswith(form) and text.strip()[: -len(form)].strip():
            text = text.strip()[: -len(form)]
            break
    text = re.sub(r"\b\w(?:\.\w)+\b\.?", lambda m: m.group().replace(".", ""), text)
    text = re.sub(r"(?<!\w)(\w)/(\w)(?!\w)", r"\1\2", text)
    words = re.sub(r"\s+", " ", re.sub(r"[^\w\s]+", " ", text)).strip().split(" ")
    words = [w for w in words if w]
    while len(words) > 1:
        if words[-1] in LEGAL_SUFFIXES or words[-1] == "and":
            words.pop()
        elif len(words) > 3 and words[-3:] == ["sp", "z", "oo"]:
            del words[-3:]
        else:
            break
    return " ".join(words)


_NAME_PARTS = st.sampled_from(
    ["Acme", "acme", "J.P.", "S.A.", "Inc", "inc.", "Co", "&", "and", ".", ",", "-", "Ltd", "é", "É", "ß",
     "İ", "ﬁ", "Ⅻ", "\u0301", "\u00a0", "\u2003", "\t", "\n", " ", "  ", "_", "1", "“", "”", "(", ")",
     "\u0131", "Ø", "æ", "Œ", "Ł", "đ", "Þ", "/", "A/S", "a", "s", "SE", "Sp.", "z", "o.o.", "OOO", "\u041e\u041e\u041e",
     "株式会社", "有限公司", "股份", "㈱", "トヨタ"]
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
