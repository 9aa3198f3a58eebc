"""The Action's cost: a clean virtual environment to a finished ``icp-triage action`` on one
``issues.opened`` event (install, then run), and the run alone.

It does what action.yml does: ``python -m venv``, ``pip install`` of this checkout (not
editable), then ``icp-triage action`` in a checkout with ``.github/icp.yml``, the event file
and the runner's output files, against the fake GitHub of ``tests/fakes`` served over HTTP on
127.0.0.1 (so API latency is near zero; on GitHub add its round trips). The install is timed
twice: cold (an empty pip cache: every wheel downloaded from the index) and warm (the cache the
action keeps with ``actions/cache``). Targets (issue 6): the run alone < 1 s plus API latency;
the install as small as the base dependencies allow.

Writes are spaced 1 s apart, as GitHub asks of content-creating requests, so a run that labels
and comments sleeps 1 s between its two writes; the figures show it apart.

    python benchmarks/action.py [--runs 5] [--skip-install]   (needs the dev extra)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fakes.fake_github import TOKEN, FakeGitHub  # noqa: E402
from fakes.http_server import serve_fake_github  # noqa: E402

REPO = "Codertocat/Hello-World"
CONFIG = """\
profile:
  name: Benchmark ICP
  criteria:
    - {attribute: industry, in: [saas], weight: 2}
    - {attribute: employees, range: {min: 100, max: 1000}, weight: 1}
accounts: accounts.csv
"""
ACCOUNTS = "id,name,github_logins,industry,employees\nacme,Acme,Codertocat,saas,300\n"
SIZE_SNIPPET = """
import json, sys
from importlib.metadata import distributions
from pathlib import Path
sizes = {}
for dist in distributions():
    total = 0
    for f in dist.files or []:
        p = Path(dist.locate_file(f))
        if p.is_file():
            total += p.stat().st_size
    sizes[dist.metadata["Name"]] = total
print(json.dumps(sizes))
"""


def _timed(command: list[str], **kwargs: object) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - start


def _step(name: str) -> str:
    """The ``run:`` script of one of action.yml's steps."""
    steps = yaml.safe_load((ROOT / "action.yml").read_text())["runs"]["steps"]
    return next(step["run"] for step in steps if step.get("name") == name)


def install(work: Path, pip_cache: Path) -> tuple[float, Path]:
    """Run action.yml's install step under bash as the runner would; seconds and the bin dir."""
    script, output = work / "install.sh", work / "install-output"
    script.write_text(_step("Install icp-triage"))
    output.write_text("")
    env = {
        **os.environ,
        "RUNNER_TEMP": str(work),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_ACTION_PATH": str(ROOT),
        "ICP_TRIAGE_PYTHON": sys.executable,
        "ICP_TRIAGE_VERSION": "",
        "PIP_CACHE_DIR": str(pip_cache),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_INPUT": "1",
    }
    seconds = _timed(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], env=env)
    lines = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return seconds, Path(lines["bin"])


def sizes(bin_dir: Path) -> dict[str, int]:
    """Bytes installed per distribution in the venv of ``bin_dir``."""
    out = subprocess.run(
        [str(bin_dir / "python"), "-c", SIZE_SNIPPET], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


class Checkout:
    """A repository checkout and the runner's files, as action.yml's run step sees them."""

    def __init__(self, root: Path, fake: FakeGitHub) -> None:
        self.root, self.fake = root, fake
        (root / "ws" / ".github").mkdir(parents=True)
        (root / "ws" / ".github" / "icp.yml").write_text(CONFIG)
        (root / "ws" / ".github" / "accounts.csv").write_text(ACCOUNTS)
        self.payload = json.loads((ROOT / "tests/samples/action/issues.opened.json").read_text())

    def run(self, exe: Path, number: int) -> tuple[float, str]:
        self.payload["issue"]["number"] = number
        event = self.root / "event.json"
        event.write_text(json.dumps(self.payload))
        for name in ("output", "summary"):
            (self.root / name).write_text("")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.root),
            "GITHUB_ACTIONS": "true",
            "GITHUB_EVENT_NAME": "issues",
            "GITHUB_EVENT_PATH": str(event),
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_WORKSPACE": str(self.root / "ws"),
            "GITHUB_OUTPUT": str(self.root / "output"),
            "GITHUB_STEP_SUMMARY": str(self.root / "summary"),
            "RUNNER_TEMP": str(self.root),
            "GITHUB_API_URL": self.fake.api_url,
            "GITHUB_GRAPHQL_URL": self.fake.api_url + "/graphql",
            "GITHUB_TOKEN": TOKEN,
            "ICP_TRIAGE_CONFIG": ".github/icp.yml",
            "ICP_TRIAGE_MODE": "auto",
            "ICP_TRIAGE_DRY_RUN": "false",
        }
        start = time.perf_counter()
        done = subprocess.run(
            [str(exe), "action"], env=env, cwd=self.root / "ws", capture_output=True, text=True
        )
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"icp-triage action failed ({done.returncode}):\n{done.stdout}{done.stderr}")
        return elapsed, done.stdout.strip().splitlines()[-1]


@contextmanager
def fake_with_issues(count: int) -> Iterator[FakeGitHub]:
    with serve_fake_github() as fake:
        for number in range(1, count + 1):
            fake.add_issue(REPO, number=number, title=f"Feature {number}", author="Codertocat")
        yield fake


def _mb(size: float) -> str:
    return f"{size / 1e6:6.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of each kind for the medians")
    parser.add_argument(
        "--skip-install", action="store_true", help="time only the run, with this Python's icp-triage"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="icp-action-bench-"))
    try:
        pip_cache = work / "pip-cache"
        if args.skip_install:
            exe = Path(shutil.which("icp-triage") or sys.exit("icp-triage is not on PATH"))
        else:
            cold, _ = install(work, pip_cache)
            warm, bin_dir = install(work, pip_cache)
            exe = bin_dir / "icp-triage"
            dist_sizes = sizes(bin_dir)
            total = sum(dist_sizes.values())
            print(
                f"Install (action.yml's install step: venv + pip install of this checkout), Python {sys.version.split()[0]}:"
            )
            print(f"  cold pip cache: {cold:5.1f} s    warm pip cache (actions/cache hit): {warm:5.1f} s")
            print("  (the cache saves downloads only: from a local index or mirror the two are alike)")
            print(f"  installed: {_mb(total)} in {len(dist_sizes)} distributions; the largest:")
            for name, size in sorted(dist_sizes.items(), key=lambda kv: -kv[1])[:8]:
                print(f"    {name:24s} {_mb(size)}")
        with fake_with_issues(2 * args.runs + 1) as fake:
            checkout = Checkout(work / "run", fake)
            first, line = checkout.run(exe, 1)
            first_requests = fake.requests
            new, again = [], []
            for number in range(2, args.runs + 2):
                fake.reset()
                new.append(checkout.run(exe, number)[0])
                new_requests = fake.requests
                fake.reset()
                again.append(checkout.run(exe, number)[0])
                again_requests = fake.requests
        print(f"Run alone (icp-triage action, issues.opened, median of {args.runs}):")
        print(
            f"  first issue in the repository: {first:5.2f} s  ({first_requests} requests: read, 2 labels created, add, comment)"
        )
        print(
            f"  a new issue:                   {statistics.median(new):5.2f} s  ({new_requests} requests: read, add labels, "
            f"comment; includes the 1 s pause between writes: {statistics.median(new) - 1:4.2f} s without it)"
        )
        print(
            f"  re-run, nothing to change:     {statistics.median(again):5.2f} s  ({again_requests} request: the read)"
        )
        print(f"  last log line: {line}")
        if not args.skip_install:
            print(
                f"Clean venv to a finished run on a new issue: {warm + statistics.median(new):5.1f} s with a warm "
                f"pip cache, {cold + statistics.median(new):5.1f} s cold"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
