"""Counts read as English: "1 request", "1 account changes tier" (issue 17: "1 requests",
"1 accounts change tier")."""

from __future__ import annotations

import json


def _one_request(sample) -> None:
    path = sample / "requests.json"
    data = json.loads(path.read_text())
    data["requests"] = [r for r in data["requests"] if r["key"] == "acme/app#1"]
    path.write_text(json.dumps(data))


def test_a_backlog_of_one_request_says_one_request(invoke, sample) -> None:
    _one_request(sample)
    ranked = invoke("rank")
    assert ranked.exit_code == 0, ranked.output
    assert "Ranked backlog: 1 request by ICP value" in ranked.stdout
    missing = invoke("explain", "--rank", "3")
    assert missing.exit_code == 2
    assert "the ranked backlog holds 1 request (" in " ".join(missing.stderr.split())


def test_a_profile_diff_moving_one_account_says_one_account_changes_tier(invoke, sample) -> None:
    _one_request(sample)
    old = sample / "old.yml"
    old.write_text((sample / "icp.yml").read_text())
    new = sample / "icp.yml"
    # only "evil" (150 employees) leaves the range: its fit, and so its tier, change
    new.write_text(new.read_text().replace("range: {min: 100, max: 1000}", "range: {min: 200, max: 1000}"))
    diffed = invoke("profile", "diff", str(old), str(new))
    assert diffed.exit_code == 0, diffed.output
    text = " ".join(diffed.stdout.split())
    assert "Of 1 request," in text
    assert "; 1 account changes tier." in text
    assert "1 accounts" not in text and "1 requests" not in text
