"""The Markdown sample of the reports guide (docs/guides/pm.md, once the README's) is what the
command prints today (regenerate it if this fails)."""

from __future__ import annotations

import re
from pathlib import Path

from icp_triage import __version__
from icp_triage.reports.render import render_backlog
from icp_triage.reports.story import headline

README = Path(__file__).resolve().parents[2] / "docs" / "guides" / "pm.md"


def test_readme_sample_matches_the_report(sample_backlog):
    text = README.read_text(encoding="utf-8")
    block = re.search(
        r"<!-- sample:rank-markdown -->\n````markdown\n(.*?)````\n<!-- /sample -->", text, re.DOTALL
    )
    assert block, "docs/guides/pm.md lost its rank-markdown sample"
    expected = render_backlog(sample_backlog, "markdown", top=2, headline=headline(sample_backlog))
    normalise = lambda s: s.replace(f"icp-triage {__version__}", "icp-triage VERSION")  # noqa: E731
    assert normalise(block.group(1)) == normalise(expected)
    after = text.split("<details open><summary>Rendered sample</summary>\n\n", 1)[1]
    rendered = after.split("\n</details>\n\n## HTML", 1)[0]
    assert normalise(rendered) == normalise(_bold_headings(expected))


def _bold_headings(markdown: str) -> str:
    """The report with each heading (outside code) as bold text: the README shows it so, so
    that the sample's headings do not join the README's own outline (issue 16, defect 15)."""
    lines, fenced = [], False
    for line in markdown.split("\n"):
        fenced ^= line.startswith("```")
        lines.append(re.sub(r"^#{1,6} (.*)$", r"**\1**", line) if not fenced else line)
    return "\n".join(lines)


def test_the_rendered_sample_adds_no_heading_to_the_readme_outline():
    text = README.read_text(encoding="utf-8")
    after = text.split("<details open><summary>Rendered sample</summary>\n\n", 1)[1]
    rendered = after.split("\n</details>\n\n## HTML", 1)[0]
    fenced, headings = False, []
    for line in rendered.split("\n"):
        fenced ^= line.startswith("```")
        if not fenced and re.match(r"^#{1,6} ", line):
            headings.append(line)
    assert headings == []
    outline = [line for line in _outside_code(text) if line.startswith("## ICP-ranked backlog")]
    assert outline == []


def _outside_code(text: str) -> list[str]:
    lines, fence = [], ""
    for line in text.split("\n"):
        marker = re.match(r"^(`{3,})", line)
        if marker and (not fence or marker.group(1) == fence):
            fence = "" if fence else marker.group(1)
            continue
        if not fence:
            lines.append(line)
    return lines
