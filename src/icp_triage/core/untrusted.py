"""Untrusted text (titles, keys, account names, signal sources) made inert for one line of
output, or for inline GitHub-flavoured Markdown (a report, a tracker comment).

Anyone can open an issue, so a title may carry terminal escape sequences: ``ESC [2J`` clears
the reader's screen, ``ESC ]0;...BEL`` retitles the window, and bidi overrides (U+202E) make
text read backwards, hiding what it says. Rich prints such characters as they are, and
Markdown renderers pass them on, so every report puts untrusted text through ``one_line``
first: C0 and C1 control characters (Unicode category Cc) become spaces, bidi embedding,
override and isolate characters are dropped, and whitespace runs collapse to one space.
"""

from __future__ import annotations

import re

_CONTROLS = {code: " " for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))}  # exactly category Cc
_BIDI: dict[int, str | None] = {code: None for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_INERT = str.maketrans({**_CONTROLS, **_BIDI})
_INERT_LINES = str.maketrans({**{c: r for c, r in _CONTROLS.items() if c != 0x0A}, **_BIDI})
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^([-+=#]|\d+[.)](?=\s|$))")
_ZWJ = "\u200d"


def one_line(value: object) -> str:
    """``value`` as text on one line with no control or bidi-override character."""
    return " ".join(str(value).translate(_INERT).split())


def inert(value: object) -> str:
    """``value`` as text with no control or bidi-override character but its line breaks: for a
    message (an error, a warning) that quotes untrusted values and has lines of its own."""
    return str(value).translate(_INERT_LINES)


def clip(value: object, width: int) -> str:
    """``one_line(value)`` in at most ``width`` characters, ending with "…" when cut."""
    text = one_line(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def md_text(value: object, *, width: int | None = None) -> str:
    """Untrusted text as inert inline Markdown on one line (safe in a table cell): Markdown
    punctuation backslash-escaped, ``<``, ``>`` and ``&`` as entities (no raw HTML reaches
    GitHub's renderer), and a zero-width joiner after every ``@`` so ``@org/team`` in a title
    never pings anyone. The Markdown reports and the GitHub adapter's comment both use it."""
    text = one_line(value)
    if width is not None and len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _LINE_START.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], text)
    return text.replace("@", "@" + _ZWJ)
