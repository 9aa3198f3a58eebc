"""Untrusted text never drives the reader's terminal: no escape sequence in table output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ESCAPES = "Esc \u001b[2J\u001b]0;pwned\u0007 title \u202eevil\u202c \u009b31m"


@pytest.fixture
def hostile(sample: Path) -> Path:
    """The sample with escape sequences in every title, an account name and a Requested-by line."""
    path = sample / "requests.json"
    data = json.loads(path.read_text("utf-8"))
    for request in data["requests"]:
        request["title"] = f"{request['key']} {ESCAPES}"
        if request["key"] == "acme/app#5":
            request["body"] = "Requested-by: Nobody \u001b[31m Ltd"
    path.write_text(json.dumps(data), "utf-8")
    accounts = sample / "accounts.csv"
    accounts.write_text(accounts.read_text("utf-8").replace('"Acme, Inc."', '"Acme \u001b[5m Inc"'), "utf-8")
    return sample


def assert_inert(output: str) -> None:
    for bad in ("\x1b", "\x07", "\x9b", "\u202e", "\u202c"):
        assert bad not in output, repr(bad)


class TestNoEscapeReachesTheTerminal:
    def test_rank(self, invoke, hostile):
        result = invoke("rank", "--format", "table")
        assert result.exit_code == 0, result.output
        assert "Esc [2J ]0;pwned title evil" in result.stdout  # the text stays readable
        assert_inert(result.stdout)

    def test_plan(self, invoke, hostile):
        result = invoke("plan", "-C", "20", "--include-opportunistic", "--top", "50")
        assert result.exit_code == 0, result.output
        assert "Esc [2J" in result.stdout
        assert_inert(result.stdout)

    @pytest.mark.parametrize("key", ["acme/app#1", "acme/app#2", "acme/app#5"])
    def test_explain(self, invoke, hostile, key):
        result = invoke("explain", key)
        assert result.exit_code == 0, result.output
        assert "Esc [2J" in result.stdout
        assert_inert(result.stdout)

    def test_accounts(self, invoke, hostile):
        result = invoke("accounts")
        assert result.exit_code == 0, result.output
        assert "Acme" in result.stdout
        assert_inert(result.stdout)

    def test_markdown_drops_bidi_overrides_too(self, invoke, hostile):
        result = invoke("rank", "--format", "markdown")
        assert "Esc \\[2J" in result.stdout
        assert_inert(result.stdout)
