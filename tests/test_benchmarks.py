"""The benchmark scripts still run and print every figure their targets are judged by.

Nothing here is timed: the figures are read by people from the scripts' output. This only
keeps a script from rotting unnoticed when the code it measures changes shape.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from fakes.waiting import HANG_GUARD

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SECONDS = r"\s+\d+\.\d{3} s"


def test_rank_benchmark_prints_its_figures_and_the_floor() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "rank.py"),
            *("--requests", "300", "--accounts", "60", "--runs", "1", "--target", "400:80:30"),
        ],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for label in (
        "json.load of the request file:",
        "load + validate (file source):",
        "attribute + score + rank:",
        "whole CLI run (rank --format json):",
        "per-account fit, look-ups, worth:",
        "reading each field once:",
        "floor total:",
    ):
        assert re.search(re.escape(label) + SECONDS, out), f"no figure for {label!r} in:\n{out}"
    assert re.search(r"ranking total .*= \d+\.\d\dx json\.load", out)
    assert re.search(r"floor total:" + SECONDS + r"\s+= \d+\.\d\dx json\.load", out)
    built = re.search(r"building ([\d,]+) result objects:" + SECONDS, out)
    assert built and int(built.group(1).replace(",", "")) > 300  # items and their parts
    assert re.search(r"  < 30 s at 400 requests / 80 accounts:" + SECONDS + r"  (holds|DOES NOT HOLD)\n", out)


def test_action_benchmark_prints_the_run_alone() -> None:
    """(a) and (b) install from the package index, too slow and networked for a test: the run
    alone, with this environment's icp-triage, keeps the script and its fake GitHub working."""
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "action.py"), "--skip-install", "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(
        r"a new issue: +\d+\.\d\d s  \(CPU \d+\.\d\d s; 3 requests: .*target < 0\.5 s \+ API latency: (holds|DOES NOT HOLD)\)",
        out,
    ), out
    assert re.search(r"unchanged: +\d+\.\d\d s  \(CPU \d+\.\d\d s; 1 request: the read\)", out), out


def test_webhook_load_benchmark_prints_its_figures() -> None:
    pytest = __import__("pytest")
    pytest.importorskip("sqlalchemy", reason="the service extra is not installed")
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "webhook_load.py"), "--rate", "40", "--seconds", "1", "--issues", "10",
         "--databases", "sqlite", "--layout", "worker-process",
         # waits end on the event; these only stop a hang (a loaded machine is slow, not wrong)
         "--drain-timeout", str(HANG_GUARD), "--start-timeout", str(HANG_GUARD)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(r"accepted \(202\): 40  = \d+\.\d/s; other answers: none", out), out
    assert re.search(r"ack latency: p50 \d+\.\d ms  p99 \d+\.\d ms", out), out
    assert "lost (acknowledged, not stored): 0; done 40" in out, out
    assert re.search(r"queue drained \d+\.\d\d s after the last delivery", out), out
    assert re.search(r"target p99 < 100 ms at 200/s, nothing lost: (holds|DOES NOT HOLD)", out), out
    assert "in one `icp-triage worker` process" in out, out  # the worker command drained the queue
    assert re.search(r"floor \(Starlette: HMAC \+ one insert\): \d+\.\d\d ms CPU per delivery; "
                     r"serve / floor = \d+\.\d\dx", out), out  # fmt: skip


def test_profile_benchmark_prints_its_figures() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "profile.py"),
            "--accounts",
            "800",
            "--attributes",
            "12",
            "--runs",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for label in ("reading the outcome columns:", "profile suggest (target < 5 s):", "profile validate:"):
        assert re.search(re.escape(label) + SECONDS, out), f"no figure for {label!r} in:\n{out}"
    assert "drafted criteria: " in out and "industry" in out


def test_jira_requests_benchmark_prints_its_counts_and_verdicts() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "jira_requests.py"), "--sizes", "250"],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert result.returncode == 0, result.stderr
    for deployment in ("cloud", "datacenter"):
        assert re.search(rf"{deployment}\s+250\s+5\s+5\s+2\s+2\s+holds", result.stdout), result.stdout


def test_github_requests_benchmark_prints_the_closed_issues_figure() -> None:
    """Issue 12's target: 1,000 open + 1,000 closed issues (a fifth duplicates, the rest closed
    as completed: kept as shipped since issue 15) in at most ceil(N/100) + 4 requests; the
    closed pages ride in the open pages' requests."""
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "github_requests.py"), "--sizes", "100", "--closed", "1000"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"\s+100\s+1\s+2\s+1\s+202\s+202x\s+ok", result.stdout), result.stdout
    assert (
        "1,000 open + 1,000 closed issues (1,000 kept: a fifth duplicates, the rest shipped): cold sync 10 requests "
        "(target ceil(N/100)+4 = 14), re-run 1  ok"
    ) in result.stdout, result.stdout
    # one issue alone: 1 request, 1 more per 25 duplicates
    assert (
        "one issue read alone with its duplicates (requests): 0 duplicates 1, 1 duplicates 2, "
        "25 duplicates 2, 60 duplicates 4"
    ) in result.stdout, result.stdout
