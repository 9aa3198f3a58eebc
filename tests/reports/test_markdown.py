"""The Markdown report: escaping, the sections a job summary needs, the 1 MiB budget, Mermaid."""

from __future__ import annotations

import re

import pytest
from backlogs import synthetic_backlog
from markdown_it import MarkdownIt

from icp_triage.core.untrusted import md_text
from icp_triage.reports.accounts_markdown import accounts_markdown
from icp_triage.reports.markdown import (
    SUMMARY_LIMIT,
    backlog_markdown,
    md_link,
    safe_url,
)
from icp_triage.reports.quadrant import mermaid_label, mermaid_number

# A point line as Mermaid's quadrant.jison lexes it: a quoted name, then 1 or 0(.d+)?.
POINT = re.compile(r'^    "[^"`%;\n\[\]:]+": \[(1|0(\.\d+)?), (1|0(\.\d+)?)\]$')
HEADER = re.compile(
    r"^    (title [^\n]+|x-axis [A-Za-z ]+ --> [A-Za-z ]+|y-axis [A-Za-z ]+ --> [A-Za-z ]+|quadrant-[1-4] [A-Za-z ]+)$"
)


def mermaid_blocks(text: str) -> list[list[str]]:
    return [block.splitlines() for block in re.findall(r"```mermaid\n(.*?)```", text, re.DOTALL)]


def assert_valid_quadrant(text: str) -> int:
    """Every line of every mermaid block is one the quadrant grammar accepts; returns points."""
    points = 0
    for lines in mermaid_blocks(text):
        assert lines[0] == "quadrantChart"
        for line in lines[1:]:
            if POINT.match(line):
                points += 1
            else:
                assert HEADER.match(line), line
    return points


def table_shapes(text: str) -> list[tuple[int, set[int]]]:
    """For each GFM table markdown-it finds: its header width and the widths of its rows."""
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    shapes, cells, widths, header = [], 0, set(), 0
    for token in tokens:
        if token.type == "table_open":
            widths, header = set(), 0
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            if header == 0:
                header = cells
            else:
                widths.add(cells)
        elif token.type == "table_close":
            shapes.append((header, widths))
    return shapes


class TestMdText:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("a | b", "a \\| b"),
            ("`x`", "\\`x\\`"),
            ("<img src=x>", "&lt;img src=x&gt;"),
            ("x ]] y", "x \\]\\] y"),
            ("one\ntwo\r\nthree", "one two three"),
            ("- item", "\\- item"),
            ("1. first", "1\\. first"),
            ("0.5", "0.5"),
            ("# head", "\\# head"),
            ("a & b", "a &amp; b"),
        ],
    )
    def test_escapes(self, raw, expected):
        assert md_text(raw) == expected

    def test_mentions_never_ping(self):
        text = md_text("cc @octocat and @org/team")
        assert re.search(r"@\w", text) is None
        assert "@\u200doctocat" in text

    def test_clips_long_text(self):
        assert len(md_text("x" * 500, width=20)) == 20

    def test_only_http_links(self):
        assert safe_url("javascript:alert(1)") is None
        assert safe_url("data:text/html,x") is None
        assert safe_url("https://x.test/a b)") == "https://x.test/a%20b%29"
        assert md_link("k", "javascript:alert(1)") == "k"
        assert md_link("o/r#1", "https://x.test/1") == "[o/r#1](https://x.test/1)"

    @pytest.mark.parametrize(
        "url",
        [
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "ftp://x.test/a",
            "mailto:a@x.test",
            "//evil.test/path",
            "/relative/path",
            " JavaScript:alert(1)",
        ],
    )
    def test_every_other_scheme_is_no_link(self, url):
        # an allowlist: a denylist of javascript: and data: let every other scheme through
        assert safe_url(url) is None
        assert "](" not in md_link("o/r#1", url)


class TestMermaid:
    def test_numbers_follow_the_lexer(self):
        assert [mermaid_number(v) for v in (0.0, 1.0, 0.5, 0.12345, 1.2, -3, 0.9999)] == [
            "0",
            "1",
            "0.5",
            "0.123",
            "1",
            "0",
            "1",
        ]

    def test_labels_lose_what_the_grammar_reads(self):
        label = mermaid_label('a "b" `c` %%{init}%% ; [0.1, 0.2] : <x>')
        assert not set(label) & set('"`%;[]:<>')
        assert mermaid_label("") == "?"


class TestBacklogMarkdown:
    def test_has_every_section(self, sample_backlog):
        text = backlog_markdown(sample_backlog, headline="Story")
        assert "## ICP-ranked backlog: Mid-market SaaS (version 2026-11)" in text
        assert "### Ranked by ICP value (5)" in text
        assert "[acme/app#3](https://github.com/acme/app/issues/3)" in text
        assert "### Feature opportunism (1)" in text
        assert "| $2.9M |" in text  # off-ICP demand of the SAP export
        assert "Hooli (anti)" in text
        assert "### Unattributed (1)" in text
        assert "> Story" in text
        assert assert_valid_quadrant(text) == 6

    def test_tables_are_well_formed(self, sample_backlog):
        for header, rows in table_shapes(backlog_markdown(sample_backlog)):
            assert rows <= {header}

    def test_names_can_be_withheld(self, sample_backlog):
        text = backlog_markdown(sample_backlog, names=False)
        assert "Hooli" not in text
        assert "| anti, D, A |" in text

    def test_withheld_names_cover_ambiguous_matches_in_reasons(self):
        from icp_triage.core.models import Account, RawRequest
        from icp_triage.core.ranking import rank
        from icp_triage.core.settings import Profile

        accounts = [
            Account(id="acme-eu", name="Acme Europe", github_logins=("jo",)),
            Account(id="acme-us", name="Acme US", github_logins=("jo",)),
        ]
        profile = Profile.model_validate({"criteria": [{"attribute": "industry", "in": ["saas"]}]})
        backlog = rank([RawRequest(key="k", title="SSO", author="jo")], accounts, profile)
        public = backlog_markdown(backlog, names=False)
        assert "'jo' is ambiguous: it matches 2 accounts" in public
        assert "acme-eu" not in public and "acme-us" not in public
        assert "it matches accounts acme-eu, acme-us" in backlog_markdown(backlog)

    def test_top_limits_rows_with_a_note(self, sample_backlog):
        text = backlog_markdown(sample_backlog, top=2)
        assert (
            "_Showing 2 of 5 ranked requests: --top 2 keeps the first 2 of each list in every format._"
            in text
        )

    def test_stays_under_the_budget_with_a_note(self):
        backlog = synthetic_backlog(3000, 400)
        text = backlog_markdown(backlog, max_bytes=60_000)
        assert len(text.encode("utf-8")) <= 60_000
        assert "a GitHub job summary holds at most 1024 KiB" in text
        assert "```mermaid" in text
        for header, rows in table_shapes(text):
            assert rows <= {header}

    def test_default_budget_is_under_the_job_summary_limit(self):
        backlog = synthetic_backlog(12000, 1500)
        text = backlog_markdown(backlog)
        assert len(text.encode("utf-8")) < SUMMARY_LIMIT

    def test_empty_backlog(self, sample_backlog):
        empty = type(sample_backlog)("P", "1", "accounts", [], [], [], {}, {})
        text = backlog_markdown(empty)
        assert "_No attributed request to plot._" in text
        assert "Every request was attributed" in text


class TestAccountsMarkdown:
    def test_lists_accounts_best_first(self, sample_workspace, sample_backlog):
        text = accounts_markdown(sample_backlog.accounts, sample_backlog.fits)
        assert text.startswith("## Accounts (6)")
        assert "| umbrella | Umbrella | unknown | ? |" in text
        assert "@\u200devil/team \\| \\`Corp\\` &lt;b&gt;x&lt;/b&gt; =1+1" in text
        for header, rows in table_shapes(text):
            assert rows <= {header}


class TestAccountsMarkdownBudget:
    """A CRM export of thousands of accounts still fits a job summary, with a note."""

    def test_stays_under_the_budget_and_says_how_many_it_left_out(self):
        backlog = synthetic_backlog(10, 2000)
        text = accounts_markdown(backlog.accounts, backlog.fits, max_bytes=20_000)
        assert len(text.encode("utf-8")) <= 20_000
        shown = sum(1 for line in text.splitlines() if line.startswith("| ")) - 1
        assert 0 < shown < 2000
        assert f"_Showing {shown:,} of 2,000 accounts (a GitHub job summary holds at most 1024 KiB)" in text


@pytest.fixture(scope="module")
def strays():
    """120 requests no known account asked for."""
    from backlogs import hostile_profile

    from icp_triage.core.models import RawRequest
    from icp_triage.core.ranking import rank

    requests = [RawRequest(key=f"o/r#{n}", title=f"Stray {n}", author="nobody") for n in range(120)]
    return rank(requests, [], hostile_profile())


class TestUnattributedTop:
    """--top N keeps the first N of each list, the unattributed one too (it stopped at 50)."""

    @staticmethod
    def listed(text: str) -> int:
        return sum(1 for line in text.splitlines() if line.startswith("- ") and "Stray" in line)

    def test_top_80_lists_80(self, strays):
        text = backlog_markdown(strays, top=80)
        assert self.listed(text) == 80
        assert "- _and 40 more: --top 80 keeps the first 80 of each list in every format_" in text

    def test_without_top_50_by_default(self, strays):
        text = backlog_markdown(strays)
        assert self.listed(text) == 50
        assert "- _and 70 more_" in text


class TestBudgetCountsBytes:
    """Issue 16, defect 16: the budget is UTF-8 bytes, not characters: non-ASCII text fits too."""

    def test_non_ascii_titles_and_names_stay_under_the_byte_budget(self):
        from icp_triage.core.models import Account, RawRequest
        from icp_triage.core.ranking import rank
        from icp_triage.core.settings import Profile

        profile = Profile.model_validate(
            {"criteria": [{"attribute": "industry", "in": ["saas"], "weight": 1}]}
        )
        accounts = [
            Account(
                id=f"a{i}",
                name="株式会社テスト" * 5 + str(i),
                github_logins=(f"u{i}",),
                attributes={"industry": "saas"},
            )
            for i in range(40)
        ]
        requests = [
            RawRequest(key=f"o/r#{n}", title="日本語のタイトル" * 8 + str(n), author=f"u{n % 40}")
            for n in range(400)
        ]
        text = backlog_markdown(rank(requests, accounts, profile), max_bytes=12_000)
        assert len(text.encode("utf-8")) <= 12_000
        assert "left out" in text or "Showing" in text or "at most" in text

    @pytest.mark.parametrize("max_bytes", [5_000, 14_000, 20_000, 32_000])
    def test_long_keys_of_four_byte_characters_stay_under_the_byte_budget(self, max_bytes):
        # a request file's key is anyone's text and is not clipped: 1,500 characters, 6,000 bytes
        from icp_triage.core.models import Account, RawRequest
        from icp_triage.core.ranking import rank
        from icp_triage.core.settings import Profile

        profile = Profile.model_validate(
            {"criteria": [{"attribute": "industry", "in": ["saas"], "weight": 1}]}
        )
        accounts = [
            Account(id=f"a{i}", name="😀" * 40, github_logins=(f"u{i}",), attributes={"industry": "saas"})
            for i in range(10)
        ]
        requests = [
            RawRequest(key="😀" * 1500 + f"#{n}", title="😀" * 80, author=f"u{n % 10}") for n in range(40)
        ]
        text = backlog_markdown(rank(requests, accounts, profile), max_bytes=max_bytes)
        assert len(text.encode("utf-8")) <= max_bytes
