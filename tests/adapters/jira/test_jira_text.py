"""Plain text from ADF and wiki markup, and the comment rendered back as ADF or wiki markup."""

from __future__ import annotations

import pytest

from icp_triage.adapters.jira.document import to_adf, to_wiki
from icp_triage.adapters.jira.text import adf_text, wiki_text
from icp_triage.core.tags import LINE_BREAK, BulletList, Heading, Paragraph, Run, SmallPrint, Table

DOC = (
    Heading("ICP triage"),
    Paragraph(
        (Run("Class:", bold=True), Run(" ICP core · "), Run("Best requester fit:", bold=True), Run(" tier A"))
    ),
    Table(("Requester tier", "Accounts"), (("A", "2"),)),
    BulletList(
        ((Run("Globex: tier A, via "), Run("field", code=True)),), lead=(Run("Requesting accounts:"),)
    ),
    Paragraph((Run("one"), LINE_BREAK, Run("two"))),
    SmallPrint("Written by icp-triage."),
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
    def test_adf_has_real_nodes_and_no_markdown(self) -> None:
        doc = to_adf(DOC)
        kinds = [node["type"] for node in doc["content"]]
        assert kinds == ["heading", "paragraph", "table", "paragraph", "bulletList", "paragraph", "paragraph"]
        assert doc["content"][1]["content"][0] == {
            "type": "text",
            "text": "Class:",
            "marks": [{"type": "strong"}],
        }
        assert {"type": "hardBreak"} in doc["content"][5]["content"]
        assert "**" not in str(doc) and "|" not in str(doc)
        assert adf_text(doc).startswith("ICP triage\nClass: ICP core")

    def test_wiki_markup(self) -> None:
        wiki = to_wiki(DOC)
        assert wiki.startswith("h3. ICP triage\n\n*Class:* ICP core")
        assert "||Requester tier||Accounts||\n|A|2|" in wiki
        assert "Requesting accounts:\n* Globex: tier A, via {{field}}" in wiki
        assert "**" not in wiki

    def test_wiki_escapes_every_markup_character_in_plain_and_bold_text(self) -> None:
        # a backslash escapes in wiki markup, a pipe ends a table cell, a star ends bold
        wiki = to_wiki(
            (
                Paragraph(
                    (Run("Org|Company*", bold=True), Run(r" C:\temp a|b")),
                ),
                Table(("Who",), (("a|b",),)),
            )
        )
        assert wiki.split("\n\n") == [r"*Org\|Company\**" + r" C:\\temp a\|b", "||Who||\n|a\\|b|"]

    def test_a_run_both_bold_and_code_is_bold_in_cloud_as_in_data_center(self) -> None:
        both = (Paragraph((Run("x", bold=True, code=True),)),)
        assert to_adf(both)["content"][0]["content"] == [
            {"type": "text", "text": "x", "marks": [{"type": "strong"}]}
        ]
        assert to_wiki(both) == "*x*"

    def test_an_empty_run_makes_no_empty_text_node(self) -> None:
        # ADF refuses a text node without text: Jira Cloud would answer 400 to the comment
        doc = to_adf((Paragraph((Run("a"), Run(""), Run("b"))),))
        assert doc["content"][0]["content"] == [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]


class TestLines:
    def test_a_line_starting_with_bold_or_a_minus_is_no_list_item(self) -> None:
        assert wiki_text("*Urgent* for Globex\n-5% churn\n* item") == "*Urgent* for Globex\n-5% churn\n- item"

    @pytest.mark.parametrize("level", range(1, 7))
    def test_every_heading_level_loses_its_mark(self, level: int) -> None:
        assert wiki_text(f"h{level}. Requested-by: Globex") == "Requested-by: Globex"

    def test_a_list_items_second_line_is_no_item_of_its_own(self) -> None:
        item = [
            {"type": "text", "text": "SSO"},
            {"type": "hardBreak"},
            {"type": "text", "text": "Requested-by: Globex"},
        ]
        paragraph = {"type": "paragraph", "content": item}
        bullets = {"type": "bulletList", "content": [{"type": "listItem", "content": [paragraph]}]}
        doc = {"type": "doc", "content": [bullets]}
        assert adf_text(doc).split("\n") == ["- SSO", "Requested-by: Globex"]
