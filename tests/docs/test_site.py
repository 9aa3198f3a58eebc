"""The documentation site as readers get it: built strict, every page reachable from the
navigation by following links, every internal link and anchor resolving, and the reference
pages holding what the code says today.

``.ci/run`` builds the site once (``mkdocs build --strict``) and names it in
``ICP_TRIAGE_SITE``; without it the fixture builds it here (a few seconds).
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import docs_hooks  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    given = os.environ.get("ICP_TRIAGE_SITE")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    return out


class _Page(HTMLParser):
    """The links and the ids of one page; ``nav`` holds the links inside the navigation."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.nav: list[str] = []
        self.ids: set[str] = set()
        self._nav_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "nav":
            self._nav_depth += 1
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
            if self._nav_depth:
                self.nav.append(str(found["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _pages(site: Path) -> set[Path]:
    return {p for p in site.rglob("*.html") if p.name != "404.html"}


def _target(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link leads to; None for other sites."""
    if urlparse(href).scheme or href.startswith(("mailto:", "//")):
        return None
    base = "file://" + str(page)
    url, fragment = urldefrag(urljoin(base, href))
    path = Path(unquote(urlparse(url).path))
    if path.is_dir() or str(path).endswith("/"):
        path = path / "index.html"
    return path, fragment


def test_every_page_is_reachable_from_the_navigation(site):
    """Following only the navigation's links from the front page reaches every page."""
    start = site / "index.html"
    seen, todo = {start}, [start]
    while todo:
        page = todo.pop()
        for href in _parse(page).nav:
            target = _target(site, page, href)
            if target and target[0].suffix == ".html" and target[0].is_file() and target[0] not in seen:
                seen.add(target[0])
                todo.append(target[0])
    unreachable = sorted(str(p.relative_to(site)) for p in _pages(site) - seen)
    assert unreachable == []


def test_every_internal_link_and_anchor_resolves(site):
    broken = []
    ids: dict[Path, set[str]] = {}
    for page in sorted(_pages(site)):
        for href in _parse(page).links:
            target = _target(site, page, href)
            if target is None:
                continue
            path, fragment = target
            if not path.is_file():
                broken.append(f"{page.relative_to(site)}: {href}")
            elif fragment and path.suffix == ".html":
                if path not in ids:
                    ids[path] = _parse(path).ids
                if fragment not in ids[path]:
                    broken.append(f"{page.relative_to(site)}: {href} (no such anchor)")
    assert broken == []


def test_the_commands_reference_is_every_commands_help_today(site):
    """Generated while the site builds, so it is what each command prints now."""
    text = html.unescape((site / "reference" / "commands" / "index.html").read_text(encoding="utf-8"))
    paths = docs_hooks.commands()
    assert {"rank", "tag", "serve", "profile suggest", "db upgrade", "config schema"} <= {
        " ".join(p) for p in paths
    }
    for path in [(), *paths]:
        usage = docs_hooks.help_text(path).splitlines()[0]
        assert usage in text, usage
        assert f"icp-triage {' '.join(path)}".strip() in text


def test_the_config_reference_has_every_section_of_the_schema(site):
    from icp_triage.config.editor_schema import icp_schema, icp_schema_text

    page = _parse(site / "reference" / "config" / "index.html")
    for name in icp_schema()["$defs"]:
        assert name.lower() in page.ids, name
    assert (site / "icp.schema.json").read_text(encoding="utf-8") == icp_schema_text()
