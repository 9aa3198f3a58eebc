"""The scheduled run's job summary holds the last quarter's ICP adherence, and no account name."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc).timestamp()  # the last whole quarter: 2026-Q3


def closed(number: int, author: str, estimate: float, when: str) -> dict[str, object]:
    return {
        "key": f"Codertocat/Hello-World#{number}",
        "title": f"Shipped {number}",
        "author": author,
        "estimate": estimate,
        "state": "closed",
        "state_reason": "completed",
        "closed_at": when,
    }


@pytest.fixture
def shipped(checkout):
    requests = [
        {"key": "Codertocat/Hello-World#1", "title": "Open", "author": "Codertocat", "estimate": 2},
        closed(10, "Codertocat", 3, "2026-08-01T00:00:00Z"),  # Acme: ICP
        closed(11, "hubot", 1, "2026-09-30T23:59:00Z"),  # Globex: off-profile
        closed(12, "hubot", 8, "2026-10-01T00:00:00Z"),  # this quarter: not the last one
        closed(13, "Codertocat", 5, "2026-06-30T23:59:00Z"),  # the quarter before
    ]
    (checkout.workspace / ".github" / "requests.json").write_text(json.dumps({"requests": requests}))
    checkout.config.write_text(checkout.config.read_text() + "source: {file: requests.json}\n")
    return checkout


@pytest.mark.parametrize("disclose", ["tier-only", "full"])
def test_summary_holds_the_last_quarters_adherence_and_no_account_name(shipped, sample, disclose):
    shipped.config.write_text(shipped.config.read_text() + f"tagging: {{disclose: {disclose}}}\n")
    result = shipped.run("schedule", sample("schedule"), clock=lambda: NOW)
    assert result.code == 0, result.stdout
    section = result.summary[result.summary.index("### ICP adherence: what shipped in 2026-Q3") :]
    rows = [line.strip("| ").split(" | ") for line in section.splitlines() if line.startswith("| ")]
    head, *body = rows
    assert [row[0] for row in body] == ["2026-Q3", "open backlog"]  # the last quarter only
    quarter, backlog = (dict(zip(head, row, strict=True)) for row in body)
    assert (quarter["Requests"], quarter["Effort"]) == ("2", "4")
    assert (quarter["icp-core"], quarter["opportunistic"], quarter["mixed"]) == (
        "75.0% (3)",
        "25.0% (1)",
        "0.0% (0)",
    )
    assert (backlog["Requests"], backlog["icp-core"]) == ("1", "100.0% (2)")
    for name in ("Acme", "Globex", "acme", "globex", "Codertocat", "hubot"):
        assert name not in section
    assert "today's accounts and profile" in section
    report = shipped.temp / "icp-triage" / "backlog.md"
    assert result.summary == report.read_text()


def test_a_quarter_with_nothing_shipped_says_so(checkout, sample):
    checkout.config.write_text(checkout.config.read_text() + "source: {file: requests.json}\n")
    (checkout.workspace / ".github" / "requests.json").write_text(
        json.dumps({"requests": [{"key": "Codertocat/Hello-World#1", "author": "Codertocat"}]})
    )
    result = checkout.run("schedule", sample("schedule"), clock=lambda: NOW)
    assert "_No request was closed as completed in 2026-Q3._" in result.summary
