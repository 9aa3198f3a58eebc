"""Plain text from the two forms Jira stores rich text in, one block per line.

Cloud's REST v3 sends descriptions and comments as Atlassian Document Format (ADF), a JSON
tree (https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/);
Data Center's v2 sends wiki markup
(https://jira.atlassian.com/secure/WikiRendererHelpAction.jspa?section=all). Attribution
looks for ``Requested-by:`` at the start of a line, so every paragraph, list item, table
cell and panel line becomes a line of its own and markup around it goes away.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

_BLOCKS_WITH_CHILDREN = {
    "doc",
    "blockquote",
    "panel",
    "expand",
    "nestedExpand",
    "layoutSection",
    "layoutColumn",
    "table",
    "tableRow",
    "bulletList",
    "orderedList",
    "mediaSingle",
    "mediaGroup",
}


MAX_DEPTH = 64
"""ADF nesting deeper than this is not read (no editor makes it; a hostile answer nested 400
inline levels deep ran Python out of stack): its text is left out, the rest is read."""


def _children(node: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """A node's child nodes; a ``content`` that is no list (``content: 5``) has none."""
    content = node.get("content")
    return [c for c in content if isinstance(c, Mapping)] if isinstance(content, list) else []


def _inline(node: Mapping[str, Any], depth: int = 0) -> str:
    kind = node.get("type")
    attrs = node.get("attrs")
    attrs = attrs if isinstance(attrs, Mapping) else {}
    if kind == "text":
        return str(node.get("text") or "")
    if kind == "hardBreak":
        return "\n"
    if kind in ("mention", "emoji", "status"):
        return str(attrs.get("text") or attrs.get("shortName") or "")
    if kind in ("inlineCard", "blockCard"):
        return str(attrs.get("url") or "")
    if kind == "date":
        return str(attrs.get("timestamp") or "")
    if depth >= MAX_DEPTH:
        return ""
    return "".join(_inline(c, depth + 1) for c in _children(node))


def _adf_lines(node: Mapping[str, Any], prefix: str = "", depth: int = 0) -> Iterator[str]:
    kind = node.get("type")
    children = _children(node) if depth < MAX_DEPTH else []
    deeper = depth + 1
    if kind in ("paragraph", "heading", "codeBlock"):
        text = "".join(_inline(c, deeper) for c in children)
        for i, line in enumerate(text.split("\n")):
            yield (prefix if i == 0 else "") + line
    elif kind == "listItem":
        for i, child in enumerate(children):
            yield from _adf_lines(child, "- " if i == 0 else "", deeper)
    elif kind in ("tableCell", "tableHeader"):
        for child in children:
            yield from _adf_lines(child, depth=deeper)
    elif kind == "rule":
        yield ""
    elif kind in _BLOCKS_WITH_CHILDREN or children:
        for child in children:
            yield from _adf_lines(child, depth=deeper)
    elif kind is not None:
        text = _inline(node, deeper)
        if text:
            yield text


def adf_text(document: Any) -> str:
    """The text of an ADF document (a dict with ``type: doc``); a string is returned as is."""
    if document is None:
        return ""
    if isinstance(document, str):
        return document
    if not isinstance(document, Mapping):
        return str(document)
    return "\n".join(_adf_lines(document)).strip("\n")


_MACRO = re.compile(
    r"\{(?:panel|quote|noformat|code|color|info|note|warning|tip|expand)(?::[^}]*)?\}", re.IGNORECASE
)
_HEADING = re.compile(r"^\s*h[1-6]\.\s*")
_BULLET = re.compile(r"^\s*[*#-]+\s+")


def _mono(text: str) -> str:
    """``{{code}}`` as its text, each from a ``{{`` to the first ``}}`` after it, in linear
    time: the lazy pattern it replaces (``{{(.*?)}}``) scanned to the line's end from every
    ``{{`` without a closing ``}}`` (64,000 braces took 26 s). ``text`` is one line."""
    out: list[str] = []
    at = 0
    while (start := text.find("{{", at)) >= 0 and (end := text.find("}}", start + 2)) >= 0:
        out.append(text[at:start])
        out.append(text[start + 2 : end])
        at = end + 2
    out.append(text[at:])
    return "".join(out)


class _Next:
    """The next position at or after ``start`` where ``char`` occurs (``len(text)`` for none),
    for ``start`` that never decreases: each call resumes the previous scan, so a whole pass
    costs one scan of ``text``."""

    def __init__(self, text: str, char: str) -> None:
        self.text, self.char, self.found = text, char, -1

    def __call__(self, start: int) -> int:
        if self.found < start and self.found != len(self.text):
            found = self.text.find(self.char, start)
            self.found = len(self.text) if found < 0 else found
        return self.found


def _links(text: str) -> str:
    """``[text|url]`` links as their text (the text has no ``|`` or ``]``, the url no ``]``;
    neither is empty), in linear time: the pattern it replaces rescanned the rest of the text
    from every ``[`` (64,000 brackets took 14 s)."""
    bar, close = _Next(text, "|"), _Next(text, "]")
    out: list[str] = []
    at = 0
    while (start := text.find("[", at)) >= 0:
        stop = min(bar(start + 1), close(start + 1))  # the link text runs to the first | or ]
        if stop == len(text):
            break  # no | or ] after this [: no link starts here or later
        end = close(stop + 1) if stop < len(text) and text[stop] == "|" and stop > start + 1 else -1
        if end < 0 or end == len(text) or end == stop + 1:
            out.append(text[at : start + 1])
            at = start + 1
            continue
        out.append(text[at:start])
        out.append(text[start + 1 : stop])
        at = end + 1
    out.append(text[at:])
    return "".join(out)


def wiki_text(markup: Any) -> str:
    """The text of Jira wiki markup: macros and heading marks dropped, table cells and list
    items on lines of their own, ``[text|url]`` links as their text."""
    if markup is None:
        return ""
    if not isinstance(markup, str):
        return adf_text(markup)  # a v3 answer reached a v2 reader: still text
    lines: list[str] = []
    for raw in markup.replace("\r\n", "\n").split("\n"):
        line = _MACRO.sub("\n", _mono(raw))  # {{code}} first: it holds "{code}"
        for part in line.split("\n"):
            stripped = part.strip()
            if stripped.startswith("|"):
                cells = [c.strip() for c in re.split(r"\|\|?", stripped.strip("|"))]
                lines.extend(_plain(c) for c in cells if c)
                continue
            if _HEADING.match(part):
                part = _HEADING.sub("", part)
            elif _BULLET.match(part):
                part = "- " + _BULLET.sub("", part)
            lines.append(_plain(part) if stripped else part.strip())
    return "\n".join(lines).strip("\n")


def _plain(text: str) -> str:
    return _mono(_links(text))
