"""Time ranking and every report format on a large synthetic backlog.

Why: a real backlog export can hold 100k requests; the Markdown report must still fit a
GitHub job summary (1 MiB) and the HTML report must stay a page a browser opens quickly.
This prints, per format, the render time and the output size, so a regression shows.

    python benchmarks/formats.py                      # 100k requests, 20k accounts
    python benchmarks/formats.py --requests 5000 --out benchmarks/out

Seeded: the same arguments give the same backlog.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import make

from icp_triage.core.planning import plan
from icp_triage.reports.render import FORMATS, render_backlog, render_plan
from icp_triage.workspace import open_workspace


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--capacity", type=float, default=40)
    parser.add_argument("--out", type=Path, help="also write each report to this folder")
    parser.add_argument("--skip", nargs="*", default=[], help="formats to leave out (e.g. table)")
    args = parser.parse_args(argv)
    gc.disable()  # as the CLI runs

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        config = make(Path(tmp), requests=args.requests, accounts=args.accounts, seed=args.seed)
        workspace = open_workspace(config, env={})
        requests = workspace.file_requests(Path(tmp) / "requests.json")
        print(f"generated and loaded {len(requests):,} requests in {time.perf_counter() - started:.1f}s")
        started = time.perf_counter()
        backlog = workspace.rank(requests)
    print(
        f"rank: {time.perf_counter() - started:.2f}s ({len(backlog.ranked):,} ranked, "
        f"{len(backlog.opportunistic):,} opportunistic, {len(backlog.unattributed):,} unattributed)"
    )
    started = time.perf_counter()
    sprint = plan(backlog, args.capacity)
    print(f"plan --capacity {args.capacity:g}: {time.perf_counter() - started:.2f}s ({sprint.method})")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    print(f"{'report':<10} {'format':<9} {'seconds':>8} {'bytes':>13}")
    for noun, render in (
        ("rank", lambda fmt: render_backlog(backlog, fmt)),
        ("plan", lambda fmt: render_plan(sprint, fmt)),
    ):
        for fmt in FORMATS:
            if fmt in args.skip:
                continue
            started = time.perf_counter()
            text = render(fmt)
            elapsed = time.perf_counter() - started
            size = len(text.encode("utf-8"))
            print(f"{noun:<10} {fmt:<9} {elapsed:>8.2f} {size:>13,}")
            if args.out:
                suffix = {"table": "txt", "markdown": "md"}.get(fmt, fmt)
                (args.out / f"{noun}.{suffix}").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
