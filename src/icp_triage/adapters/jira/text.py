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


def _inline(node: Mapping[str, Any]) -> str:
    kind = node.get("type")
    attrs = node.get("attrs") or {}
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
    return "".join(_inline(c) for c in node.get("content") or [] if isinstance(c, Mapping))


def _adf_lines(node: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    kind = node.get("type")
    children = [c for c in node.get("content") or [] if isinstance(c, Mapping)]
    if kind in ("paragraph", "heading", "codeBlock"):
        text = "".join(_inline(c) for c in children)
        for i, line in enumerate(text.split("\n")):
            yield (prefix if i == 0 else "") + line
    elif kind == "listItem":
        for i, child in enumerate(children):
            yield from _adf_lines(child, "- " if i == 0 else "")
    elif kind in ("tableCell", "tableHeader"):
        for child in children:
            yield from _adf_lines(child)
    elif kind == "rule":
        yield ""
    elif kind in _BLOCKS_WITH_CHILDREN or children:
        for child in children:
            yield from _adf_lines(child)
    elif kind is not None:
        text = _inline(node)
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
_LINK = re.compile(r"\[([^|\]]+)\|[^\]]+\]")
_MONO = re.compile(r"\{\{(.*?)\}\}")


def wiki_text(markup: Any) -> str:
    """The text of Jira wiki markup: macros and heading marks dropped, table cells and list
    items on lines of their own, ``[text|url]`` links as their text."""
    if markup is None:
        return ""
    if not isinstance(markup, str):
        return adf_text(markup)  # a v3 answer reached a v2 reader: still text
    lines: list[str] = []
    for raw in markup.replace("\r\n", "\n").split("\n"):
        line = _MACRO.sub("\n", _MONO.sub(r"\1", raw))  # {{code}} first: it holds "{code}"
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
    return _MONO.sub(r"\1", _LINK.sub(r"\1", text))
