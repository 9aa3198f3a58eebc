"""Count the HTTP requests it takes to read a Jira backlog with icp-triage's Jira adapter.

The real ``jira`` client talks over HTTP to the fake Jira of the tests (tests/fakes/fake_jira.py),
which counts every request and grants 100 issues a page, as Cloud does. Each issue has a
customer field and 3 comments. Targets: at most ceil(N/100) + 2 requests for a cold read
(the field list and serverInfo, since ``deployment`` is left to detection, then the pages),
at most 2 for an unchanged re-run (a count, then the issues updated since).

    python benchmarks/jira_requests.py                    # 1,000 and 10,000 issues, Cloud and DC
    python benchmarks/jira_requests.py --sizes 500 --deployments cloud
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fakes.fake_jira import FakeJira, env_for, serve_fake_jira  # noqa: E402
from icp_triage.adapters.jira import JiraSelection, JiraSession  # noqa: E402

COMMENTS = 3
SELECT = "com.atlassian.jira.plugin.system.customfieldtypes:select"


def seed(fake: FakeJira, size: int) -> None:
    fake.add_field("customfield_10010", "Customer", SELECT, "option")
    for user in ("alice", "bob", "carol"):
        fake.add_user(user, user.title())
    for n in range(1, size + 1):
        issue = fake.add_issue(
            f"FR-{n}",
            f"Feature {n}",
            reporter="alice",
            description=f"Please build {n}.\nRequested-by: acme.com",
            customfield_10010={"value": f"Customer {n % 50}"},
        )
        for c in range(COMMENTS):
            fake.add_comment(issue, ("bob", "carol", "alice")[c], f"comment {c}")
    fake.tick(3600)  # the issues were last touched an hour before the first read


def measure(fake: FakeJira, cache: Path) -> tuple[int, int, float, int]:
    """Requests for a cold read and for an unchanged re-run an hour later, the cold read's
    seconds, and how many issues it read."""

    def session() -> JiraSession:
        selection = JiraSelection(server=fake.base_url, jql="project = FR", customer_field="Customer")
        return JiraSession.open(
            selection, env_for(fake), cache_dir=cache, sleep=fake.tick, clock=lambda: fake.now.timestamp()
        )

    fake.calls.clear()
    started = time.perf_counter()
    read = len(session().backlog())
    seconds = time.perf_counter() - started
    cold = len(fake.calls)
    fake.tick(3600)
    fake.calls.clear()
    session().backlog()
    return cold, len(fake.calls), seconds, read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--deployments", nargs="+", default=["cloud", "datacenter"], choices=["cloud", "datacenter"]
    )
    args = parser.parse_args()
    print(
        f"HTTP requests to read every issue of a JQL (customer field, {COMMENTS} comments each), 100 a page"
    )
    print(
        f"{'deployment':>11} {'issues':>8} {'cold':>6} {'target':>7} {'re-run':>7} {'target':>7}  verdict   cold time"
    )
    for deployment in args.deployments:
        for size in args.sizes:
            with (
                serve_fake_jira(deployment=deployment, dc_page=100) as fake,
                tempfile.TemporaryDirectory() as cache,
            ):
                seed(fake, size)
                cold, rerun, seconds, read = measure(fake, Path(cache))
            assert read == size, read
            target = math.ceil(size / 100) + 2
            verdict = "holds" if cold <= target and rerun <= 2 else "MISSED"
            print(
                f"{deployment:>11} {size:>8,} {cold:>6,} {target:>7,} {rerun:>7,} {2:>7,}  {verdict:<8} {seconds:6.1f} s"
            )


if __name__ == "__main__":
    main()
