"""Hostile titles and account names through every format of every report stay well-formed and inert."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from backlogs import HOSTILE_NAMES, HOSTILE_TITLES
from markdown_it import MarkdownIt
from test_markdown import assert_valid_quadrant, table_shapes

from icp_triage.core.explain import explain
from icp_triage.core.planning import plan
from icp_triage.reports.render import (
    FORMATS,
    render_accounts,
    render_backlog,
    render_explanation,
    render_plan,
)

FORMULA = ("=", "+", "-", "@", "\t", "\r")
# The tags our own Markdown writes; anything else in the rendered HTML came from a title.
MARKDOWN_TAGS = {
    "h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "a", "strong", "em", "ul", "li",
    "blockquote", "sub", "details", "summary", "pre", "code", "br", "s",
}  # fmt: skip


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag):
        self._in_script = False


def elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def documents(backlog):
    """(noun, format, text) for every report of the hostile backlog."""
    first = backlog.ranked[0].key
    unattributed = backlog.unattributed[0].key
    explanations = [explain(backlog, k) for k in (first, backlog.opportunistic[0].key, unattributed)]
    planned = plan(backlog, 3, include_opportunistic=True)
    for fmt in FORMATS:
        yield "rank", fmt, render_backlog(backlog, fmt, headline=backlog.ranked[0].title)
        yield "accounts", fmt, render_accounts(backlog.accounts, backlog.fits, fmt)
        for e in explanations:
            yield "explain", fmt, render_explanation(e, fmt, accounts=backlog.accounts)
        yield "plan", fmt, render_plan(planned, fmt)


@pytest.fixture(scope="module")
def rendered(hostile_backlog):
    return list(documents(hostile_backlog))


def of(rendered, fmt):
    return [(noun, text) for noun, f, text in rendered if f == fmt]


def test_the_hostile_backlog_covers_every_list(hostile_backlog):
    assert hostile_backlog.ranked and hostile_backlog.opportunistic and hostile_backlog.unattributed


def test_json_round_trips_the_titles(rendered, hostile_backlog):
    titles = set()
    for _, text in of(rendered, "json"):
        data = json.loads(text)
        found = re.findall(r'"title": ("(?:[^"\\]|\\.)*")', text)
        titles.update(json.loads(t) for t in found)
        assert data
    assert set(HOSTILE_TITLES) <= titles | {i.title for i in hostile_backlog.unattributed}


def test_csv_is_rectangular_and_never_a_formula(rendered):
    for noun, text in of(rendered, "csv"):
        rows = list(csv.reader(io.StringIO(text)))
        assert len({len(r) for r in rows}) == 1, noun
        for row in rows[1:]:
            for cell in row:
                stripped = cell.lstrip(" \n")
                if stripped.startswith(FORMULA):
                    float(cell)  # only a number may start with - or +


def test_csv_keeps_the_text_after_the_guard(rendered):
    rank_csv = next(text for noun, text in of(rendered, "csv") if noun == "rank")
    cells = {c for row in csv.reader(io.StringIO(rank_csv)) for c in row}
    assert "'" + '=HYPERLINK("http://evil.example","click")' in cells
    assert "'@SUM(A1:A2)" in cells


def test_markdown_stays_inert(rendered):
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    for noun, text in of(rendered, "markdown"):
        for header, widths in table_shapes(text):
            assert widths <= {header}, noun
        assert re.search(r"@\w", text) is None, noun  # no mention can ping
        html = md.render(text)
        parsed = elements(html)
        assert {tag for tag, _ in parsed.tags} <= MARKDOWN_TAGS, noun
        for tag, attrs in parsed.tags:
            assert not any(name.startswith("on") for name in attrs), noun
            if tag == "a":
                assert (attrs.get("href") or "").startswith(("https://", "http://")), noun
        if noun == "rank":
            assert_valid_quadrant(text)
            assert "```mermaid" in text


def test_html_has_no_injected_element(rendered):
    for noun, text in of(rendered, "html"):
        parsed = elements(text)
        tags = [tag for tag, _ in parsed.tags]
        assert tags.count("script") == 1, noun
        assert "img" not in tags and "i" not in tags, noun
        assert "<img" not in text and "<b>Bold" not in text and "<i>Co" not in text, noun
        for tag, attrs in parsed.tags:
            assert not any(name.startswith("on") for name in attrs), (noun, tag, attrs)
            href = attrs.get("href")
            if href is not None and tag == "a":
                assert href.startswith(("https://", "http://")), noun
        assert "&lt;img src=x onerror=alert(1)&gt;" in text or noun in ("accounts", "plan", "explain")


def test_html_shows_hostile_names_as_text(rendered):
    accounts = next(text for noun, text in of(rendered, "html") if noun == "accounts")
    assert "&lt;b&gt;Bold&lt;/b&gt; Ltd" in accounts
    assert "{{ 7*7 }}" in next(text for noun, text in of(rendered, "html") if noun == "rank")


def test_tables_print_markup_literally(rendered):
    text = next(text for noun, text in of(rendered, "table") if noun == "rank")
    assert "[bold]rich markup[/bold]" in text
    assert HOSTILE_NAMES[0].split()[0] in next(t for n, t in of(rendered, "table") if n == "accounts")
