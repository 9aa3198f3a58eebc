"""The HTML report in a real headless Chromium: visible, sortable, filterable, offline, inert.

Needs Debian's ``chromium`` (``.ci/setup-chromium`` installs it) and the ``playwright`` Python
package, driven with ``executable_path`` because Playwright's own browser download cannot
work without the network. Skips when either is missing, unless ``ICP_TRIAGE_REQUIRE_ALL=1``
(CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from fakes.waiting import HANG_GUARD

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "reports"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE = "<img src=x onerror=alert(1)>"


def _unavailable(reason: str) -> None:
    if os.environ.get("ICP_TRIAGE_REQUIRE_ALL") == "1":
        pytest.fail(f"{reason} (ICP_TRIAGE_REQUIRE_ALL=1: browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if executable is None:
        _unavailable(
            "chromium is not installed: run .ci/setup-chromium (apt-get install chromium chromium-driver)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is missing: pip install -e '.[dev]'")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, timeout=HANG_GUARD * 1000
        )
        yield launched
        launched.close()


@pytest.fixture
def report(invoke, tmp_path) -> Path:
    for name in ("icp.yml", "accounts.csv", "requests.json"):
        shutil.copy(SAMPLE / name, tmp_path / name)
    result = invoke("rank", "--format", "html", "--output", "report.html")
    assert result.exit_code == 0, result.output
    return tmp_path / "report.html"


class Watched:
    """A page with every request, dialog and console error it produced recorded."""

    def __init__(self, browser, url: str, **context) -> None:
        self.context = browser.new_context(**context)
        self.context.set_default_timeout(HANG_GUARD * 1000)  # not Playwright's 30 s: waits, not bounds
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url)
        self.page.wait_for_selector("html[data-ready='1']", state="attached")

    def close(self) -> None:
        self.context.close()


def column(page, table: str, index: int) -> list[str]:
    return page.eval_on_selector_all(
        f"#{table} tbody tr:not([hidden])", f"rows => rows.map(r => r.cells[{index}].textContent.trim())"
    )


def numbers(page, table: str, index: int) -> list[str]:
    """The sort values (``data-v``) of a column's visible cells."""
    return page.eval_on_selector_all(
        f"#{table} tbody tr:not([hidden])", f"rows => rows.map(r => r.cells[{index}].dataset.v)"
    )


def test_report_in_chromium(browser, report, tmp_path):
    url = report.as_uri()
    watched = Watched(browser, url, viewport={"width": 1280, "height": 900})
    page = watched.page
    try:
        rows = page.locator("#ranked tbody tr")
        assert rows.count() == 5
        for n in range(5):
            assert rows.nth(n).is_visible()
        assert page.locator("#opportunistic tbody tr").count() == 1

        chart = page.locator("#chart svg")
        assert chart.is_visible()
        assert chart.bounding_box()["width"] > 300
        assert page.locator("#chart circle").count() == 6

        # Sort by ICP value (column 5, by its number): first descending, then ascending. (Every
        # ranked request of the sample has an ICP share of 100% since issue 12: umbrella, the
        # only other requester of acme/app#3, is of unknown fit, so the share cannot sort.)
        page.locator("#ranked th", has_text="ICP value").locator("button").click()
        values = [float(v) for v in numbers(page, "ranked", 5)]
        assert values == sorted(values, reverse=True) and values[-1] == 80000
        page.locator("#ranked th", has_text="ICP value").locator("button").click()
        assert [float(v) for v in numbers(page, "ranked", 5)] == sorted(values)
        assert page.locator("#ranked th[aria-sort='ascending']").count() == 1
        # Sort by key (text) and by rank again.
        page.locator("#ranked th", has_text="#").first.locator("button").click()
        assert column(page, "ranked", 0) == ["5", "4", "3", "2", "1"]

        page.fill("[data-filter-for='ranked']", "sso")
        assert column(page, "ranked", 2) == ["acme/app#1"]
        assert page.locator("[data-count-for='ranked']").inner_text() == "1 of 5 shown"
        page.fill("[data-filter-for='ranked']", "")
        page.select_option("[data-class-for='ranked']", "mixed")
        assert column(page, "ranked", 2) == []
        page.select_option("[data-class-for='ranked']", "icp-core")
        assert len(column(page, "ranked", 2)) == 5
        page.select_option("[data-class-for='ranked']", "")
        assert len(column(page, "ranked", 2)) == 5

        # The hostile title is text, not an element, and nothing ran.
        cell = page.locator("#ranked td.title", has_text="onerror")
        assert cell.is_visible()
        assert cell.inner_text().startswith(HOSTILE)
        assert page.locator("img").count() == 0
        assert watched.dialogs == []
        assert watched.errors == []

        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
    finally:
        watched.close()
    # The only request is the page itself: no font, script, image or favicon left it.
    assert watched.requests == [url]


def test_readable_on_a_phone_and_printable(browser, report, tmp_path):
    url = report.as_uri()
    watched = Watched(browser, url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = watched.page
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
        assert page.locator("#ranked tbody tr").first.is_visible()
        assert page.locator("#chart svg").bounding_box()["width"] <= 390
        page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
        page.emulate_media(media="print")
        assert not page.locator(".controls").first.is_visible()
        assert page.locator("#ranked tbody tr").first.is_visible()
    finally:
        watched.close()
    assert watched.requests == [url]
