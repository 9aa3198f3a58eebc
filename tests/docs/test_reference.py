"""The hand-written reference pages against the code: the JSON output's keys are the keys the
commands print, every environment variable the code reads is listed, and every message the
troubleshooting page names is one the code can print."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SRC = ROOT / "src" / "icp_triage"


def _keys(page: str, name: str) -> list[str]:
    """The keys of the table after ``<!-- keys: name -->``."""
    text = (DOCS / page).read_text(encoding="utf-8")
    table = text.split(f"<!-- keys: {name} -->\n", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", table, re.M)


@pytest.fixture(scope="module")
def demo_json(tmp_path_factory) -> dict:
    from typer.testing import CliRunner

    from icp_triage.cli import app

    folder = tmp_path_factory.mktemp("demo")
    runner = CliRunner()
    assert runner.invoke(app, ["demo", "--write", str(folder)]).exit_code == 0
    config = str(folder / "icp.yml")
    backlog = runner.invoke(app, ["rank", "--config", config, "--format", "json"])
    accounts = runner.invoke(app, ["accounts", "--config", config, "--format", "json"])
    enrich = runner.invoke(app, ["accounts", "--config", config, "--enrich", "--format", "json"])
    trend = runner.invoke(app, ["trend", "--config", config, "--format", "json"])
    shipped = runner.invoke(app, ["shipped", "--config", config, "--format", "json"])
    return {
        "backlog": json.loads(backlog.stdout),
        "accounts": json.loads(accounts.stdout),
        "enrich": json.loads(enrich.stdout),
        "trend": json.loads(trend.stdout),
        "shipped": json.loads(shipped.stdout),
    }


def test_json_reference_keys_are_the_printed_keys(demo_json):
    backlog = demo_json["backlog"]
    assert _keys("reference/json.md", "backlog") == list(backlog)
    request = backlog["ranked"][0]
    assert _keys("reference/json.md", "request") == list(request)
    assert list(backlog["opportunistic"][0]) == list(request)
    assert list(backlog["unknown_fit"][0]) == list(request)
    assert _keys("reference/json.md", "account") == list(request["accounts"][0])
    assert _keys("reference/json.md", "unattributed") == list(backlog["unattributed"][0])
    assert _keys("reference/json.md", "accounts") == list(demo_json["accounts"][0])
    assert _keys("reference/json.md", "enrich") == list(demo_json["enrich"][0])
    assert _keys("reference/json.md", "shipped") == list(demo_json["shipped"])
    trend = demo_json["trend"]
    assert _keys("reference/json.md", "trend") == list(trend)
    assert _keys("reference/json.md", "trend-period") == list(trend["periods"][0])
    assert _keys("reference/json.md", "trend-verdict") == list(trend["verdicts"][0])


def _variables_read() -> set[str]:
    names = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and re.fullmatch(
                r"(ICP_TRIAGE|GITHUB|GH|JIRA|RUNNER)_[A-Z0-9_]+", value
            ):
                names.add(value)
    return names


def test_every_environment_variable_the_code_reads_is_listed():
    page = (DOCS / "reference" / "environment.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", page))
    read = _variables_read()
    assert {"ICP_TRIAGE_ACCOUNTS", "ICP_TRIAGE_DATABASE_URL", "JIRA_TOKEN"} <= read  # a control
    assert read - listed == set()


def _plain(text: str) -> str:
    """Lower-case words only: punctuation and quoting differ between a message and its code."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split()) + " "


def _source_text() -> str:
    """Every module's text with adjacent string literals joined and f-string fields dropped:
    what is left of the messages the code can print, as plain words."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    text = re.sub(r"\"\s*\n\s*f?\"", "", text)
    return _plain(re.sub(r"\{[^{}\n]*\}", " ", text))


def _windows(message: str) -> list[list[str]]:
    """Runs of four words of a message, each as its literal pieces: the example's own values
    (paths, keys, quoted words, numbers, variable names) are no literal text of the code, so
    they split a run rather than belong to it."""
    windows = []
    words = message.replace("...", " ").split()
    for i in range(len(words) - 3):
        pieces, current = [], []
        for word in words[i : i + 4]:
            if re.search(r"[./#\[\]$'0-9]|[A-Z_]{5}", word):
                pieces, current = [*pieces, current] if current else pieces, []
            else:
                current.append(_plain(word).strip())
        pieces = [" ".join(p) for p in ([*pieces, current] if current else pieces)]
        if sum(len(p.split()) for p in pieces) >= 2:
            windows.append(pieces)
    return windows


def test_every_troubleshooting_message_is_one_the_code_prints():
    """Most of each message's wording is in src/, so the page cannot keep a message that was
    reworded or removed (its values, such as a file name, differ by design)."""
    page = (DOCS / "troubleshooting.md").read_text(encoding="utf-8")
    messages = re.findall(r"^\| `Error: (.+?)` \|", page, re.M)
    assert len(messages) >= 25
    source = _source_text()
    unknown = []
    for message in messages:
        windows = _windows(message)
        found = [w for w in windows if all(piece in source for piece in w)]
        if not windows or len(found) * 2 < len(windows):
            unknown.append(message)
    assert unknown == []
