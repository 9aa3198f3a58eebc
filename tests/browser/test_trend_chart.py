"""The trend page's inline SVG chart renders in headless Chromium: the lines, the interval band
and the verdict's mark are drawn with a size, on a page that loads nothing; and the Markdown's
Mermaid ``xychart-beta`` parses and renders in the real Mermaid library.

``python tests/browser/test_trend_chart.py OUT.png`` takes the screenshot the PM guide shows
(docs/assets/trend-chart.png). Skips as test_chromium.py does when Chromium is missing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from test_chromium import browser  # noqa: F401 - the fixture
from test_mermaid import MERMAID, RENDER

ROOT = Path(__file__).resolve().parents[2]


def _demo_trend(fmt: str) -> str:
    from icp_triage.core.trend import trend
    from icp_triage.reports.render import render_trend
    from icp_triage.workspace import open_workspace

    workspace = open_workspace(ROOT / "src" / "icp_triage" / "demo_data" / "icp.yml", env={})
    return render_trend(trend(workspace.rank(workspace.file_requests(None))), fmt)


def test_the_trend_chart_renders_offline(browser, tmp_path: Path) -> None:  # noqa: F811
    page_file = tmp_path / "trend.html"
    page_file.write_text(_demo_trend("html"), encoding="utf-8")
    page = browser.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.goto(page_file.as_uri())
    chart = page.locator("#trend-chart svg")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 150
    assert page.locator("#trend-chart polyline").count() == 2  # ICP and off-profile shares
    band = page.locator("#trend-chart polygon.band").bounding_box()
    assert band is not None and band["height"] > 10
    assert page.locator("#trend-chart circle.point").count() == 8  # 4 quarters, 2 lines
    assert "rose" in page.locator("#trend-chart").inner_text()  # the verdict's mark
    assert fetched == []
    page.close()


def test_the_trend_markdown_chart_renders_in_mermaid(browser) -> None:  # noqa: F811
    if not MERMAID.is_file():
        pytest.skip("mermaid is not installed: run .ci/setup-mermaid (npm install mermaid@11)")
    page = browser.new_page()
    page.set_content("<!DOCTYPE html><html><body></body></html>")
    page.add_script_tag(path=str(MERMAID))
    source = re.search(r"```mermaid\n(.*?)```", _demo_trend("markdown"), re.DOTALL).group(1)
    result = page.evaluate(RENDER, source)
    assert result["ok"], result
    broken = source.replace("x-axis [", "x-axis ")  # a control: the grammar is really checked
    assert not page.evaluate(RENDER, broken)["ok"]
    page.close()


def screenshot(out: Path) -> None:  # pragma: no cover - run by hand for the docs
    import shutil
    import tempfile

    from playwright.sync_api import sync_playwright
    from test_chromium import CHROMIUM_ARGS

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        page_file = Path(tmp) / "trend.html"
        page_file.write_text(_demo_trend("html"), encoding="utf-8")
        launched = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = launched.new_page(viewport={"width": 760, "height": 900}, device_scale_factor=2)
        page.goto(page_file.as_uri())
        page.locator("#trend-chart").screenshot(path=str(out))
        launched.close()


if __name__ == "__main__":  # pragma: no cover
    sys.path.insert(0, str(ROOT / "tests"))
    screenshot(Path(sys.argv[1]))
