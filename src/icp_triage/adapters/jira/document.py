"""The triage comment rendered the way each Jira deployment reads it.

Cloud's REST v3 takes comment bodies as Atlassian Document Format
(https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/); Data Center's
v2 takes wiki markup (https://jira.atlassian.com/secure/WikiRendererHelpAction.jspa?section=all).
Raw Markdown would show its asterisks and pipes in either, so the core's comment document
(``core.tags.CommentDoc``: heading, paragraphs, a table, a bullet list, small print) is
rendered here, block by block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from icp_triage.core.tags import Block, BulletList, Heading, Paragraph, Run, Table


def runs(text: str) -> tuple[Run, ...]:
    """A table cell's text as one plain run (the core's cells are plain text)."""
    return (Run(text),) if text else ()


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
