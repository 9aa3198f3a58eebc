"""The triage comment as a document, rendered the way each Jira deployment reads it.

Cloud's REST v3 takes comment bodies as Atlassian Document Format
(https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/); Data Center's
v2 takes wiki markup. Raw Markdown would show its asterisks and pipes in either, so the
comment is a small tree of blocks (heading, paragraph, table, bullet list, small print)
rendered here. ``from_markdown`` reads that tree back out of the core's Markdown comment
(``core.tagging.desired_tags``: a fixed, simple shape) until the core hands out the
document itself (INTERFACE.md, issue 11).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from icp_triage.core.attribution import OWN_COMMENT_MARKER


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    bold: bool = False
    code: bool = False


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    runs: tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[tuple[Run, ...], ...]


@dataclass(frozen=True, slots=True)
class SmallPrint:
    text: str


Block = Heading | Paragraph | Table | BulletList | SmallPrint
_RUN = re.compile(r"\*\*(.+?)\*\*|`([^`]+)`")


def runs(text: str) -> tuple[Run, ...]:
    """``**bold**`` and ```code``` spans of one Markdown line as runs."""
    found: list[Run] = []
    at = 0
    for match in _RUN.finditer(text):
        if match.start() > at:
            found.append(Run(text[at : match.start()]))
        found.append(Run(match.group(1), bold=True) if match.group(1) else Run(match.group(2), code=True))
        at = match.end()
    if at < len(text):
        found.append(Run(text[at:]))
    return tuple(found)


def from_markdown(text: str) -> tuple[Block, ...]:
    """The blocks of the core's Markdown comment (heading, paragraphs, one table, bullets,
    a ``<sub>`` footer); the hidden marker line is dropped: Jira finds the comment by an
    issue property instead."""
    blocks: list[Block] = []
    table: list[tuple[str, ...]] = []
    bullets: list[tuple[Run, ...]] = []

    def flush() -> None:
        if table:
            blocks.append(Table(table[0], tuple(table[1:])))
            table.clear()
        if bullets:
            blocks.append(BulletList(tuple(bullets)))
            bullets.clear()

    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = tuple(c.strip() for c in stripped.strip("|").split("|"))
            if not all(set(c) <= {"-", ":"} for c in cells):
                table.append(cells)
            continue
        if stripped.startswith("- "):
            bullets.append(runs(stripped[2:]))
            continue
        flush()
        if not stripped or stripped == OWN_COMMENT_MARKER:
            continue
        if stripped.startswith("#"):
            blocks.append(Heading(stripped.lstrip("#").strip()))
        elif stripped.startswith("<sub>"):
            blocks.append(SmallPrint(re.sub(r"</?sub>", "", stripped)))
        else:
            blocks.append(Paragraph(runs(stripped)))
    flush()
    return tuple(blocks)


def _text_node(run: Run) -> dict[str, Any]:
    if run.text == "\n":
        return {"type": "hardBreak"}
    node: dict[str, Any] = {"type": "text", "text": run.text}
    marks = [{"type": "strong"}] if run.bold else [{"type": "code"}] if run.code else []
    if marks:
        node["marks"] = marks
    return node


def _paragraph(items: Sequence[Run]) -> dict[str, Any]:
    return {"type": "paragraph", "content": [_text_node(r) for r in items if r.text]}


def to_adf(blocks: Sequence[Block]) -> dict[str, Any]:
    """An ADF ``doc`` (version 1) for Cloud's REST v3."""
    content: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, Heading):
            content.append(
                {"type": "heading", "attrs": {"level": 3}, "content": [_text_node(Run(block.text))]}
            )
        elif isinstance(block, Paragraph):
            content.append(_paragraph(block.runs))
        elif isinstance(block, Table):

            def row(cells: Sequence[str], kind: str) -> dict[str, Any]:
                return {
                    "type": "tableRow",
                    "content": [{"type": kind, "attrs": {}, "content": [_paragraph(runs(c))]} for c in cells],
                }

            content.append(
                {
                    "type": "table",
                    "attrs": {"isNumberColumnEnabled": False, "layout": "default"},
                    "content": [row(block.header, "tableHeader"), *(row(r, "tableCell") for r in block.rows)],
                }
            )
        elif isinstance(block, BulletList):
            lead = getattr(block, "lead", ())  # the core's list may carry its introducing line
            if lead:
                content.append(_paragraph(lead))
            content.append(
                {
                    "type": "bulletList",
                    "content": [{"type": "listItem", "content": [_paragraph(item)]} for item in block.items],
                }
            )
        else:
            content.append(
                {
                    "type": "paragraph",
                    "content": [{"type": "text", "text": block.text, "marks": [{"type": "em"}]}],
                }
            )
    return {"type": "doc", "version": 1, "content": content}


_WIKI_SPECIAL = re.compile(r"([\\*_{}\[\]|^~?+#-])")


def _escape(text: str) -> str:
    return _WIKI_SPECIAL.sub(r"\\\1", text)


def _wiki_runs(items: Sequence[Run]) -> str:
    return "".join(
        f"*{_escape(r.text)}*" if r.bold else f"{{{{{r.text}}}}}" if r.code else _escape(r.text)
        for r in items
    )


def to_wiki(blocks: Sequence[Block]) -> str:
    """Jira wiki markup for Data Center's REST v2."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            lines.append(f"h3. {_escape(block.text)}")
        elif isinstance(block, Paragraph):
            lines.append(_wiki_runs(block.runs))
        elif isinstance(block, Table):
            lines.append("||" + "||".join(_wiki_runs(runs(c)) for c in block.header) + "||")
            lines += ["|" + "|".join(_wiki_runs(runs(c)) for c in r) + "|" for r in block.rows]
        elif isinstance(block, BulletList):
            lead = getattr(block, "lead", ())
            if lead:
                lines.append(_wiki_runs(lead))
            lines += [f"* {_wiki_runs(item)}" for item in block.items]
        else:
            lines.append(f"_{_escape(block.text)}_")
        lines.append("")
    return "\n".join(lines).rstrip("\n")
