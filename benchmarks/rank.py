"""Time ranking against a bare ``json.load`` of the same request file, and a whole CLI run.

Request bodies and comments are filler of realistic length (about 1 KB per body), since
JSON parse time grows with bytes while ranking cost grows with signals. Both sides are timed
with the cyclic GC off, as the CLI runs.

Targets (issue 12, restating issue 1's, whose "< 2x json.load" and "< 3 s at 100k" lay
below the floor printed here): the whole ``icp-triage rank --format json`` run, what a user
waits for, < 1 s at 10,000 requests and 2,000 accounts, and < 10 s at 100,000 requests and
20,000 accounts, on 2 cores. They are a guard, not a reason to trade the core's readability
for speed. Each is timed at its own size (median of ``--runs``) and printed as holding or not.

It also prints a floor: the part of ranking that no attribution logic, however fast, can
avoid (decoding, the per-account work, constructing the result objects the design asks for,
reading each field once), so how far a target lies from what CPython can do is a figure.

    python benchmarks/rank.py [--requests 100000] [--accounts 20000] [--seed 7] [--runs 3]
                              [--target REQUESTS:ACCOUNTS:SECONDS ...]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import fields
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import make

from icp_triage.adapters.requests_file import load_requests
from icp_triage.core.attribution import AccountIndex
from icp_triage.core.backlog import Backlog
from icp_triage.core.fit import score_all
from icp_triage.core.models import RequestLike
from icp_triage.core.ranking import worth_table
from icp_triage.reports.json_backlog import backlog_chunks
from icp_triage.workspace import Workspace, open_workspace


def best_of(runs: int, fn):  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def write_json(backlog: Backlog, path: Path) -> None:
    """What ``rank --format json --output`` does after ranking."""
    with path.open("wb") as file:
        for chunk in backlog_chunks(backlog):
            file.write(chunk)


def per_account(workspace: Workspace) -> None:
    """The work ranking does once per account, whatever the requests: fit, look-ups, worth."""
    config = workspace.loaded.config
    score_all(workspace.accounts, config.profile)
    AccountIndex.build(workspace.accounts)
    worth_table(workspace.accounts, config.ranking)


def result_objects(backlog: Backlog) -> Callable[[], int]:
    """A timer for constructing the backlog's result objects again, with no logic at all.

    Every item, attribution, contribution and signal is rebuilt by calling its class with
    arguments gathered beforehand, so only the constructor calls are timed: the cost of the
    output the design asks for, which no smarter attribution can avoid.
    """
    calls: list[tuple[type, tuple[object, ...]]] = []
    for item in (*backlog.ranked, *backlog.opportunistic, *backlog.unattributed):
        objects: list[object] = [item]
        attribution = getattr(item, "attribution", None)
        if attribution is not None:
            objects += [attribution, *attribution.best]
        objects += getattr(item, "contributions", ())
        for obj in objects:
            calls.append((type(obj), tuple(getattr(obj, f.name) for f in fields(obj))))  # type: ignore[arg-type]

    def build() -> int:
        return len([cls(*args) for cls, args in calls])

    return build


def read_fields(requests: Sequence[RequestLike]) -> int:
    """Read every field attribution reads, once, with one dictionary look-up per person and
    one lower-cased substring test per text: a pass with no attribution logic at all."""
    seen: dict[str, int] = {}
    found = 0
    for request in requests:
        found += request.author in seen
        found += "requested" in request.body.lower()
        for label in request.labels:
            found += label.casefold().startswith("customer:")
        for comment in request.comments:
            found += comment.author in seen
            found += "requested" in comment.body.lower()
        for reaction in request.reactions:
            found += reaction.user in seen
    return found


TARGETS = ("10000:2000:1", "100000:20000:10")


def cli_command(config: Path, path: Path) -> list[str]:
    """``icp-triage rank --format json`` on the request file, output discarded."""
    exe = ["icp-triage"] if shutil.which("icp-triage") else [sys.executable, "-m", "icp_triage"]
    return [
        *exe,
        "rank",
        "--config",
        str(config),
        "--input",
        str(path),
        "--format",
        "json",
        "--output",
        os.devnull,
    ]


def cli_seconds(config: Path, path: Path, runs: int) -> list[float]:
    env = {k: v for k, v in os.environ.items() if k != "ICP_TRIAGE_ACCOUNTS"}
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cli_command(config, path), check=True, env=env, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return samples


def check_targets(targets: Sequence[str], *, seed: int, runs: int) -> None:
    """Time the whole CLI run at each target's size and say whether the target holds."""
    print("targets (issue 12): whole rank --format json run, median of", runs)
    for target in targets:
        requests, accounts, limit = (float(x) for x in target.split(":"))
        with tempfile.TemporaryDirectory() as tmp:
            config = make(Path(tmp), requests=int(requests), accounts=int(accounts), seed=seed)
            seconds = statistics.median(cli_seconds(config, Path(tmp) / "requests.json", runs))
        verdict = "holds" if seconds < limit else "DOES NOT HOLD"
        label = f"  < {limit:g} s at {int(requests):,} requests / {int(accounts):,} accounts:"
        print(f"{label:<52}{seconds:7.3f} s  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--target",
        action="append",
        metavar="REQUESTS:ACCOUNTS:SECONDS",
        help=f"a whole-run target to check (default: {' and '.join(TARGETS)})",
    )
    args = parser.parse_args()
    gc.disable()  # as the CLI runs (icp_triage.cli.main): both sides are timed without it
    with tempfile.TemporaryDirectory() as tmp:
        config = make(Path(tmp), requests=args.requests, accounts=args.accounts, seed=args.seed)
        path = Path(tmp) / "requests.json"
        size = path.stat().st_size
        t_json, _ = best_of(args.runs, lambda: json.loads(path.read_bytes()))
        workspace = open_workspace(config, env={})
        t_load, requests = best_of(args.runs, lambda: load_requests(path))
        t_rank, backlog = best_of(args.runs, lambda: workspace.rank(requests))
        t_json_out, _ = best_of(args.runs, lambda: write_json(backlog, Path(tmp) / "backlog.json"))
        t_accounts, _ = best_of(args.runs, lambda: per_account(workspace))
        t_objects, built = best_of(args.runs, result_objects(backlog))
        t_read, _ = best_of(args.runs, lambda: read_fields(requests))
        t_cli = min(cli_seconds(config, path, args.runs))
    ranking = t_load + t_rank
    print(f"requests: {args.requests:,}  accounts: {args.accounts:,}  file: {size / 1e6:.1f} MB")
    print(f"json.load of the request file:      {t_json:7.3f} s")
    print(f"load + validate (file source):     {t_load:7.3f} s")
    print(f"attribute + score + rank:           {t_rank:7.3f} s")
    print(f"ranking total (validate + rank):    {ranking:7.3f} s  = {ranking / t_json:.2f}x json.load")
    print(f"JSON output of the backlog to disk: {t_json_out:7.3f} s")
    print(f"attribute + score + rank alone:     {t_rank / t_json:7.2f}x json.load")
    print(f"whole CLI run (rank --format json): {t_cli:7.3f} s  (best of {args.runs})")
    floor = t_load + t_accounts + t_objects + t_read
    print("floor of ranking, with no attribution logic at all:")
    print(f"  load + validate (as above):         {t_load:7.3f} s")
    print(f"  per-account fit, look-ups, worth:   {t_accounts:7.3f} s")
    print(f"{f'  building {built:,} result objects:':<38}{t_objects:7.3f} s")
    print(f"  reading each field once:            {t_read:7.3f} s")
    print(f"  floor total:                        {floor:7.3f} s  = {floor / t_json:.2f}x json.load")
    print(
        f"backlog: {len(backlog.ranked):,} ranked, {len(backlog.opportunistic):,} opportunistic, "
        f"{len(backlog.unattributed):,} unattributed"
    )
    check_targets(args.target or TARGETS, seed=args.seed, runs=args.runs)


if __name__ == "__main__":
    main()
