"""`icp-triage shipped` on the demo data: its planted shipped issues (scripts/make_demo_data.py,
SHIPPED) give adherence shares worked out by hand, and `--accounts` lists their planted askers.

By hand, with the demo's profile (icp_tiers A and B, weight_by arr, core_share 0.6,
opportunistic_share 0.3):
- 2026-Q2: #112 stonequay (D) opportunistic, 5 points; #115 mossgate (A) icp-core, 5 points:
  icp-core 5/10 = 50.0%, opportunistic 50.0%.
- 2026-Q3: #121 quillfeather + ledgerlark (A) icp-core, 5; #127 orchardly (A) icp-core, 3;
  #133 hollowmere (anti) opportunistic, 8; #139 cobaltfern (A, $88k) + gristmill (C, $185k):
  ICP share 88/273 = 32% (between 30% and 60%, no anti account) mixed, no estimate: the median
  of the known shipped efforts 5, 5, 5, 3, 8, 2 is 5; #142 filed by a stranger, unattributed, 2.
  Effort 23: icp-core 8/23 = 34.8%, mixed 5/23 = 21.7%, opportunistic 8/23 = 34.8%,
  unattributed 2/23 = 8.7%.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from importlib import resources
from pathlib import Path

import pytest

from icp_triage.core.tiers import RequestClass

ASKERS = {
    "trellisight/app#112": {("stonequay", "D")},
    "trellisight/app#115": {("mossgate", "A")},
    "trellisight/app#121": {("quillfeather", "A"), ("ledgerlark", "A")},
    "trellisight/app#127": {("orchardly", "A")},
    "trellisight/app#133": {("hollowmere", "anti")},
    "trellisight/app#139": {("cobaltfern", "A"), ("gristmill", "C")},
    "trellisight/app#142": set(),
}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    with resources.as_file(resources.files("icp_triage.demo_data")) as folder:
        for name in ("icp.yml", "accounts.csv", "requests.json"):
            shutil.copy(folder / name, tmp_path / name)
    return tmp_path


def test_adherence_shares_are_the_hand_computed_ones(invoke, demo):
    result = invoke("shipped", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    periods = {p["period"]: p for p in data["periods"]}
    assert list(periods) == ["2026-Q2", "2026-Q3"]
    q2, q3 = periods["2026-Q2"], periods["2026-Q3"]
    assert (q2["effort"], q2["requests"]) == (10, 2)
    assert {k: v["share"] for k, v in q2["classes"].items() if v["share"]} == {
        "icp-core": 0.5,
        "opportunistic": 0.5,
    }
    assert (q3["effort"], q3["requests"]) == (23, 5)
    assert {k: v["effort"] for k, v in q3["classes"].items() if v["effort"]} == {
        "icp-core": 8,
        "mixed": 5,
        "opportunistic": 8,
        "unattributed": 2,
    }
    assert q3["classes"]["icp-core"]["share"] == round(8 / 23, 4)
    assert q3["classes"]["unattributed"]["share"] == round(2 / 23, 4)
    assert list(q3["classes"]) == [str(k) for k in RequestClass]  # every class, in the one order
    (median,) = [s for s in q3["shipped"] if s["effort_assumed"]]
    assert (median["key"], median["effort"], median["class"]) == ("trellisight/app#139", 5, "mixed")
    # the open backlog beside it: every open request, none of the shipped ones
    assert data["backlog"]["requests"] == sum(v["requests"] for v in data["backlog"]["classes"].values())
    assert "today's accounts and profile" in data["notes"][0]
    assert "Warning: Classes are today's" in result.stderr


def test_the_table_says_the_classes_are_todays_and_shows_the_shares(invoke, demo):
    result = invoke("shipped")
    assert result.exit_code == 0, result.output
    assert "ranked with today's accounts and profile" in result.stdout
    lines = result.stdout.splitlines()
    head = next(line for line in lines if line.startswith("period ")).split()
    q3 = next(line for line in lines if line.startswith("2026-Q3 ")).split()
    cells = dict(zip(head, [*q3[:3], *(" ".join(q3[i : i + 2]) for i in range(3, len(q3), 2))], strict=True))
    assert (cells["requests"], cells["effort"]) == ("5", "23")
    assert (cells["icp-core"], cells["mixed"]) == ("34.8% (8)", "21.7% (5)")
    assert (cells["opportunistic"], cells["unattributed"]) == ("34.8% (8)", "8.7% (2)")


def test_since_and_by_month(invoke, demo):
    data = json.loads(invoke("shipped", "--since", "2026-08-01", "--by", "month", "-f", "json").stdout)
    assert [p["period"] for p in data["periods"]] == ["2026-08", "2026-09"]
    assert [s["key"] for p in data["periods"] for s in p["shipped"]] == [
        "trellisight/app#127",
        "trellisight/app#133",
        "trellisight/app#139",
        "trellisight/app#142",
    ]


def test_accounts_list_is_csv_first_and_matches_the_planted_askers(invoke, demo):
    result = invoke("shipped", "--accounts")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    found: dict[str, set[tuple[str, str]]] = {}
    for row in rows:
        found.setdefault(row["key"], set())
        if row["account_id"]:
            assert row["signal"] == f"label customer:{row['account_id']}"
            found[row["key"]].add((row["account_id"], row["tier"]))
    assert found == ASKERS
    assert {r["account"] for r in rows if r["account_id"] == "hollowmere"} == {"Hollowmere Freight Group"}


def test_accounts_list_as_json(invoke, demo):
    data = json.loads(invoke("shipped", "--accounts", "-f", "json").stdout)
    found = {s["key"]: {(a["id"], a["tier"]) for a in s["accounts"]} for s in data["shipped"]}
    assert found == ASKERS


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_accounts_are_never_written_in_a_format_made_to_be_published(invoke, demo, fmt):
    result = invoke("shipped", "--accounts", "-f", fmt)
    assert result.exit_code == 2
    assert "names customers" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "html", "json"])
def test_no_format_of_the_adherence_names_an_account(invoke, demo, fmt):
    out = invoke("shipped", "-f", fmt).stdout
    assert "2026-Q3" in out
    for name in ("Hollowmere", "hollowmere", "Quillfeather", "stonequay", "gristmill"):
        assert name not in out


def test_a_bad_since_is_a_usage_error(invoke, demo):
    result = invoke("shipped", "--since", "last year")
    assert result.exit_code == 2
    assert "'last year': expected a date such as 2026-07-01" in result.stderr


def test_rank_leaves_the_shipped_requests_out(invoke, demo):
    data = json.loads(invoke("rank", "-f", "json").stdout)
    keys = {i["key"] for part in ("ranked", "opportunistic", "unattributed") for i in data[part]}
    assert keys and not keys & set(ASKERS)
