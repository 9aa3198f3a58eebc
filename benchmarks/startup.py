"""Start-up times: ``icp-triage --version``, ``icp-triage demo`` and a bare ``import typer``.

Targets (issue 1): ``--version`` within 1.5x of ``python -c "import typer"`` (pydantic, rich,
PyGithub and jira are imported only by the commands that need them); ``demo`` < 0.6 s.

    python benchmarks/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def timed(command: list[str], runs: int) -> float:
    """Median wall time of ``runs`` runs, after one warm-up run (file cache, .pyc)."""
    subprocess.run(command, check=True, capture_output=True)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    exe = shutil.which("icp-triage") or sys.exit("icp-triage is not on PATH: pip install -e . first")
    typer_import = timed([sys.executable, "-c", "import typer"], args.runs)
    version = timed([exe, "--version"], args.runs)
    demo = timed([exe, "demo"], args.runs)
    print(f"python -c 'import typer':  {typer_import * 1000:6.0f} ms")
    print(
        f"icp-triage --version:      {version * 1000:6.0f} ms  = {version / typer_import:.2f}x (target <= 1.5x)"
    )
    print(f"icp-triage demo:           {demo * 1000:6.0f} ms  (target < 600 ms)")


if __name__ == "__main__":
    main()
