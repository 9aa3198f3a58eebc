"""The Markdown report's quadrantChart parses and renders in the real Mermaid library.

GitHub draws ```mermaid blocks with Mermaid; this loads Mermaid 11 (``.ci/setup-mermaid``
installs it from npm) into headless Chromium and renders the chart of the sample and of the
hostile backlog. Two control charts (an unquoted label holding a keyword, a ``1.0``
coordinate) must fail, so a pass means the quoting and number format are what make it work.
Skips when Chromium or Mermaid is missing, unless ``ICP_TRIAGE_REQUIRE_ALL=1``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from test_chromium import CHROMIUM_ARGS, _unavailable

from fakes.waiting import HANG_GUARD

ROOT = Path(__file__).resolve().parents[2]
MERMAID = ROOT / ".ci" / "mermaid" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
RENDER = """async (src) => {
  mermaid.initialize({startOnLoad: false, securityLevel: "strict"});
  try {
    await mermaid.parse(src);
    const {svg} = await mermaid.render("chart" + Math.floor(Math.random() * 1e9), src);
    return {ok: true, points: (svg.match(/class="data-point"/g) || []).length};
  } catch (error) {
    return {ok: false, error: String(error.message || error).split("\\n")[0]};
  }
}"""


@pytest.fixture(scope="module")
def mermaid_page():
    executable = shutil.which("chromium")
    if executable is None:
        _unavailable("chromium is not installed: run .ci/setup-chromium")
    if not MERMAID.is_file():
        _unavailable("mermaid is not installed: run .ci/setup-mermaid (npm install mermaid@11)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, timeout=HANG_GUARD * 1000
        )
        page = browser.new_page()
        page.set_default_timeout(HANG_GUARD * 1000)  # not Playwright's 30 s: waits, not bounds
        page.set_content("<!DOCTYPE html><html><body></body></html>")
        page.add_script_tag(path=str(MERMAID))
        yield page
        browser.close()


def chart_source(markdown: str) -> str:
    return re.search(r"```mermaid\n(.*?)```", markdown, re.DOTALL).group(1)


def test_sample_and_hostile_charts_render(mermaid_page, sample_markdown, hostile_markdown):
    for markdown in (sample_markdown, hostile_markdown):
        source = chart_source(markdown)
        result = mermaid_page.evaluate(RENDER, source)
        assert result["ok"], result
        assert result["points"] == len(re.findall(r'^    ".*": \[', source, re.MULTILINE))


@pytest.mark.parametrize(
    "source",
    ["quadrantChart\n    Fix title x-axis: [0.5, 0.5]\n", "quadrantChart\n    A: [1.0, 0.5]\n"],
)
def test_controls_fail(mermaid_page, source):
    assert not mermaid_page.evaluate(RENDER, source)["ok"]


@pytest.fixture(scope="module")
def sample_markdown():
    from icp_triage.reports.markdown import backlog_markdown
    from icp_triage.workspace import open_workspace

    workspace = open_workspace(ROOT / "tests" / "samples" / "reports" / "icp.yml", env={})
    return backlog_markdown(workspace.rank(workspace.file_requests(None)))


@pytest.fixture(scope="module")
def hostile_markdown():
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "reports"))
    from backlogs import hostile_backlog

    from icp_triage.reports.markdown import backlog_markdown

    return backlog_markdown(hostile_backlog())
