"""Plain text from ADF and wiki markup, and the comment rendered back as ADF or wiki markup."""

from __future__ import annotations

from icp_triage.adapters.jira.document import (
    BulletList,
    Heading,
    Paragraph,
    SmallPrint,
    Table,
    from_markdown,
    to_adf,
    to_wiki,
)
from icp_triage.adapters.jira.text import adf_text, wiki_text
from icp_triage.core.attribution import OWN_COMMENT_MARKER

MARKDOWN = "\n".join(
    [
        OWN_COMMENT_MARKER,
        "### ICP triage",
        "",
        "**Class:** ICP core · **Best requester fit:** tier A",
        "",
        "| Requester tier | Accounts |",
        "|---|---|",
        "| A | 2 |",
        "",
        "- Globex: tier A, via `field`",
        "",
        "<sub>Written by icp-triage.</sub>",
    ]
)


class TestText:
    def test_adf_mentions_hard_breaks_and_nested_lists(self) -> None:
        doc = {
            "type": "doc",
            "version": 1,
            "content": [
                {
                    "type": "paragraph",
                    "content": [
                        {"type": "mention", "attrs": {"id": "x", "text": "@Jane"}},
                        {"type": "text", "text": " asked"},
                        {"type": "hardBreak"},
                        {"type": "text", "text": "Requested-by: ", "marks": [{"type": "strong"}]},
                        {"type": "text", "text": "Globex"},
                    ],
                },
                {
                    "type": "orderedList",
                    "content": [
                        {
                            "type": "listItem",
                            "content": [
                                {"type": "paragraph", "content": [{"type": "text", "text": "one"}]},
                                {
                                    "type": "bulletList",
                                    "content": [
                                        {
                                            "type": "listItem",
                                            "content": [
                                                {
                                                    "type": "paragraph",
                                                    "content": [
                                                        {"type": "text", "text": "Requested-by: Hooli"}
                                                    ],
                                                }
                                            ],
                                        }
                                    ],
                                },
                            ],
                        }
                    ],
                },
            ],
        }
        assert adf_text(doc).split("\n") == [
            "@Jane asked",
            "Requested-by: Globex",
            "- one",
            "- Requested-by: Hooli",
        ]

    def test_wiki_links_monospace_and_quote(self) -> None:
        text = wiki_text("{quote}Requested-by: [Globex|https://globex.com]{quote}\n* see {{code}}")
        assert "Requested-by: Globex" in text.split("\n") and "- see code" in text.split("\n")

    def test_empty_bodies(self) -> None:
        assert adf_text(None) == "" and wiki_text(None) == ""


class TestDocument:
    def test_the_core_markdown_becomes_blocks_without_the_marker(self) -> None:
        blocks = from_markdown(MARKDOWN)
        assert [type(b) for b in blocks] == [Heading, Paragraph, Table, BulletList, SmallPrint]
        assert blocks[2] == Table(("Requester tier", "Accounts"), (("A", "2"),))

    def test_adf_has_real_nodes_and_no_markdown(self) -> None:
        doc = to_adf(from_markdown(MARKDOWN))
        kinds = [node["type"] for node in doc["content"]]
        assert kinds == ["heading", "paragraph", "table", "bulletList", "paragraph"]
        bold = doc["content"][1]["content"][0]
        assert bold == {"type": "text", "text": "Class:", "marks": [{"type": "strong"}]}
        assert "**" not in str(doc) and "|" not in str(doc) and OWN_COMMENT_MARKER not in str(doc)
        assert adf_text(doc).startswith("ICP triage\nClass: ICP core")

    def test_wiki_markup(self) -> None:
        wiki = to_wiki(from_markdown(MARKDOWN))
        assert wiki.startswith("h3. ICP triage\n\n*Class:* ICP core")
        assert "||Requester tier||Accounts||\n|A|2|" in wiki
        assert "* Globex: tier A, via {{field}}" in wiki
        assert "**" not in wiki
