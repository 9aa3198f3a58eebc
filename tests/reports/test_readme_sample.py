"""The README's Markdown sample is what the command prints today (regenerate it if this fails)."""

from __future__ import annotations

import re
from pathlib import Path

from icp_triage import __version__
from icp_triage.reports.render import render_backlog
from icp_triage.reports.story import headline

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_sample_matches_the_report(sample_backlog):
    text = README.read_text(encoding="utf-8")
    block = re.search(
        r"<!-- sample:rank-markdown -->\n````markdown\n(.*?)````\n<!-- /sample -->", text, re.DOTALL
    )
    assert block, "README.md lost its rank-markdown sample"
    expected = render_backlog(sample_backlog, "markdown", top=2, headline=headline(sample_backlog))
    normalise = lambda s: s.replace(f"icp-triage {__version__}", "icp-triage VERSION")  # noqa: E731
    assert normalise(block.group(1)) == normalise(expected)
    after = text.split("<details open><summary>Rendered sample</summary>\n\n", 1)[1]
    rendered = after.split("\n</details>\n\n### HTML", 1)[0]
    assert normalise(rendered) == normalise(expected)
