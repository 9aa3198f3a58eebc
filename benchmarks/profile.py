"""``profile suggest`` on 50,000 accounts x 30 attributes: target < 5 s on 2 cores.

The population is the planted-truth one of the tests (``tests/core/planted.py``): outcomes
depend on industry and employees, every other attribute is noise. Times the core's
``suggest`` (composite, split, the segment search on every attribute for the best and the
worst customers, the held-out scoring of draft and current profile) and, for scale, reading
the outcome columns and ``profile validate``.

    python benchmarks/profile.py [--accounts 50000] [--attributes 30] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "core"))

from planted import SOUND, population, profile

from icp_triage.core.outcomes import read_outcomes
from icp_triage.core.suggest import suggest
from icp_triage.core.validate import validate

BASE_ATTRIBUTES = 6  # industry, employees, region, plan, job_title, tech_stack
TODAY = date(2026, 12, 1)


def timed(work, runs: int) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=50_000)
    parser.add_argument("--attributes", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    start = time.perf_counter()
    accounts = population(args.accounts, seed=1, noise_attributes=max(0, args.attributes - BASE_ATTRIBUTES))
    print(
        f"building {args.accounts:,} accounts x {args.attributes} attributes: {time.perf_counter() - start:8.3f} s"
    )
    current = profile([{"attribute": "region", "in": ["APAC"]}])
    read, table = timed(lambda: read_outcomes(accounts), args.runs)
    print(f"reading the outcome columns:            {read:8.3f} s")
    took, result = timed(lambda: suggest(accounts, table, current, today=TODAY), args.runs)
    print(f"profile suggest (target < 5 s):         {took:8.3f} s")
    checked, _ = timed(lambda: validate(accounts, profile(SOUND), table, today=TODAY), 1)
    print(f"profile validate:                       {checked:8.3f} s")
    found = ", ".join(f"{d.finding.attribute} (lift {d.finding.lift:.1f})" for d in result.criteria)  # type: ignore[attr-defined]
    held = result.draft_held_out  # type: ignore[attr-defined]
    print(f"drafted criteria: {found or 'none'}")
    if held is not None and held.lift is not None:
        print(f"held-out lift of the draft: {held.lift:.2f}")


if __name__ == "__main__":
    main()
