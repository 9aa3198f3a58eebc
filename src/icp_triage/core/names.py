"""Normalise the ways people write a company, a domain or a login so they can be matched.

``"ACME, Inc."``, ``"acme inc"`` and ``"Acme"`` are one company; ``"https://www.Acme.io/x"``,
``"jane@acme.io"`` and ``"acme.io"`` are one domain.
"""

from __future__ import annotations

import re
import unicodedata

LEGAL_SUFFIXES = frozenset(
    [
        # English-speaking
        "inc",
        "incorporated",
        "llc",
        "llp",
        "lp",
        "ltd",
        "limited",
        "corp",
        "corporation",
        "co",
        "company",
        "plc",
        "pty",
        "pte",
        "pvt",  # India: "Pvt. Ltd."
        # continental Europe ("A/S" and "A.Ş." arrive here as "as")
        "gmbh",
        "ag",
        "kg",
        "kgaa",
        "se",
        "sa",
        "sas",
        "sarl",
        "sl",
        "spa",
        "srl",
        "bv",
        "nv",
        "oy",
        "oyj",
        "ab",
        "as",
        "asa",
        "aps",
        "kft",
        "sro",
        "ooo",
        "\u043e\u043e\u043e",  # Cyrillic "ooo", as Russian companies write it
        "ltda",
        "kk",  # Japan, in Latin letters: "K.K."
    ]
)
_SUFFIX_PHRASES = (("sp", "z", "oo"),)  # Poland: "Sp. z o.o."
"""Legal forms of several words, none of which is a suffix alone ("z" is no legal form)."""
_PHRASE_ENDS = frozenset(phrase[-1] for phrase in _SUFFIX_PHRASES)
_CJK_FORM = "(?:股份有限公司|有限公司|株式会社|有限会社|合同会社|\\(株\\))"
_CJK_BEFORE = re.compile(rf"^\s*{_CJK_FORM}\s*(?=\S)")
_CJK_AFTER = re.compile(rf"(?<=\S)\s*{_CJK_FORM}\s*$")
"""Chinese and Japanese legal forms, written before or after the name without a space
("株式会社トヨタ", "字节跳动有限公司"), so no split into words finds them; "㈱" folds to "(株)"."""
_LETTERS = str.maketrans(
    {"\u0131": "i", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
)
"""Latin letters NFKD does not decompose, as people write them without the mark ("Oresund" for
"Øresund", "YAZILIM" for Turkish "Yaz\u0131l\u0131m"); capitals are already case-folded to these."""
_SLASHED = re.compile(r"(?<!\w)(\w)/(\w)(?!\w)")  # "a/s", "i/s" -> "as", "is"
_PUNCT = re.compile(r"[^\w\s]+")
_INITIALS = re.compile(r"\b\w(?:\.\w)+\b\.?")  # "s.a.", "b.v", "l.l.c." -> "sa", "bv", "llc"
# Hosts in their ASCII (IDNA) form: an internationalised label is "xn--" punycode, the TLD too
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


def _fold(text: str) -> str:
    """Case- and accent-insensitive form: NFKD without combining marks, case-folded, and the
    few letters NFKD leaves alone (ø, dotless i, æ, ł...) spelt as their plain Latin stand-ins.

    ASCII text (nearly every CRM name) has no decompositions and no combining marks, so it
    only needs case-folding; the per-character pass is for the rest.
    """
    if text.isascii():
        return text.casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    # most accented names are ASCII once their marks are gone: only the rest can hold a letter
    # to spell plainly, and translate with multi-letter stand-ins is the slow kind
    return text if text.isascii() else text.translate(_LETTERS)


def _undot_initials(match: re.Match[str]) -> str:
    return match.group().replace(".", "")


def normalize_name(text: str) -> str:
    """Case-, accent- and punctuation-insensitive company name without legal suffixes."""
    text = _fold(text).replace("&", " and ")
    # isascii is O(1) on a str, and every CJK form holds one of these three characters
    if not text.isascii() and ("社" in text or "司" in text or "株" in text):
        text = _CJK_AFTER.sub("", _CJK_BEFORE.sub("", text, count=1), count=1)
    if "." in text:  # every initialism has a dot; most names have none
        text = _INITIALS.sub(_undot_initials, text)
    if "/" in text:
        text = _SLASHED.sub(r"\1\2", text)
    # str.split() splits on the same whitespace as \s and drops empty words, so no
    # separate collapse-and-strip pass is needed
    words = _PUNCT.sub(" ", text).split()
    while len(words) > 1:
        last = words[-1]
        if last in LEGAL_SUFFIXES or last == "and":
            words.pop()  # "Acme & Co." -> "acme and co" -> "acme"
        elif last in _PHRASE_ENDS and (phrase := _phrase_at_end(words)):
            del words[-len(phrase) :]
        else:
            break
    return " ".join(words)


def _phrase_at_end(words: list[str]) -> tuple[str, ...] | None:
    """The legal form of several words that ``words`` end with, leaving a name before it."""
    for phrase in _SUFFIX_PHRASES:
        if len(words) > len(phrase) and tuple(words[-len(phrase) :]) == phrase:
            return phrase
    return None


def as_domain(text: str) -> str | None:
    """The host named by an e-mail address, URL or bare domain, lower-cased, an
    internationalised one in its ``xn--`` form; else None."""
    text = text.strip().casefold()
    if text.endswith(">") and "<" in text:  # "Jane Doe <jane@acme.io>", as git trailers write it
        text = text[text.rindex("<") + 1 : -1].strip()
    if "@" in text:
        text = text.rsplit("@", 1)[1]
    elif "://" in text:
        text = text.split("://", 1)[1]
    text = text.split("/", 1)[0].split(":", 1)[0].rstrip(".")
    if text.startswith("www."):
        text = text[4:]
    if not text.isascii():
        # "bücher.de" is "xn--bcher-kva.de" on the wire; the account's cell and the e-mail
        # may spell it either way, and both come through here, so both meet in that form.
        # https://docs.python.org/3/library/codecs.html#module-encodings.idna
        try:
            text = text.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    return text if _DOMAIN.match(text) else None


def parent_domains(domain: str) -> list[str]:
    """``eu.acme.io`` -> ``[eu.acme.io, acme.io]``: a subdomain belongs to its parent's owner."""
    parts = domain.split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)]


def normalize_login(login: str) -> str:
    return login.strip().lstrip("@").casefold()


def normalize_attribute(name: str) -> str:
    """An account attribute's name as CSV headers and criteria both spell it: ``Tech Stack``,
    ``tech-stack`` and ``tech_stack`` are one attribute, so a criterion written as the CRM
    export's header finds its column."""
    return "_".join(name.strip().lower().replace("-", " ").split())
