"""Count the HTTP requests it takes to read a GitHub backlog: icp-triage's adapter against a
naive PyGithub REST loop (list the issues, then each issue's comments and reactions).

Both run the real PyGithub over HTTP against the fake GitHub of the tests
(tests/fakes/fake_github.py), which counts every request. Targets for the adapter:
ceil(N/100) + 1 requests for a cold sync, 1 for a re-run with nothing changed.

Then a repository with closed issues too, a fifth of them closed as duplicates (issue 12:
their demand counts for their originals, so the sync keeps them) and the rest closed as
completed (issue 15: shipped, kept for `icp-triage shipped`): target ceil(N/100) + 4
requests for a cold sync of N open and as many closed issues (the closed pages ride in the
open pages' requests), 1 for an unchanged re-run.

Last, one issue read alone (``tag --only``, the Action, the service) with its duplicates:
1 request for an issue nothing points at, 1 more per 25 duplicates (closed with "Duplicate of
#N", which leaves a mention on the original's timeline).

    python benchmarks/github_requests.py              # 1,000 and 10,000 issues; 1,000 + 1,000 closed
    python benchmarks/github_requests.py --sizes 500 --closed 500  # other sizes
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

from fakes.fake_github import TOKEN, FakeGitHub  # noqa: E402
from fakes.helpers import Waits, seed, serve  # noqa: E402
from icp_triage.adapters.github import CacheStore, Selection, connect, sync_repository  # noqa: E402

REPO = "acme/app"
COMMENTS, REACTIONS = 5, 3


def adapter(fake: FakeGitHub, cache: Path, *, expected: int | None = None) -> tuple[int, int, float]:
    """Requests for a cold sync and for an unchanged re-run, and the cold sync's seconds;
    ``expected``: how many requests the sync keeps (default: every issue)."""
    waits = Waits(fake)
    client = connect({"GITHUB_TOKEN": TOKEN}, sleep=waits.sleep, clock=waits.clock)
    store = CacheStore(cache, host=client.host)
    fake.reset()
    started = time.perf_counter()
    count = len(sync_repository(client, Selection(REPO), store=store))
    seconds = time.perf_counter() - started
    cold = fake.requests
    assert count == (len(fake.state.repo(REPO).issues) if expected is None else expected), count
    fake.state.tick(3600)
    fake.reset()
    sync_repository(client, Selection(REPO), store=store)
    return cold, fake.requests, seconds


def naive(fake: FakeGitHub) -> tuple[int, float]:
    """The straightforward PyGithub loop: every issue, then its comments and its reactions."""
    from github import Auth, Github

    gh = Github(auth=Auth.Token(TOKEN), per_page=100, retry=None, seconds_between_requests=None)
    fake.reset()
    started = time.perf_counter()
    seen = 0
    for issue in gh.get_repo(REPO).get_issues(state="open"):
        list(issue.get_comments())
        list(issue.get_reactions())
        seen += 1
    assert seen == len(fake.state.repo(REPO).issues), seen
    return fake.requests, time.perf_counter() - started


def with_closed(size: int, cache: Path) -> tuple[int, int, int]:
    """Requests for a cold sync and an unchanged re-run of ``size`` open and ``size`` closed
    issues, every fifth closed one a duplicate of an open one and the rest closed as completed;
    and how many closed issues it kept (all of them: duplicates and shipped)."""
    fake = FakeGitHub()
    seed(fake, REPO, size, comments=COMMENTS, reactions=REACTIONS)
    originals = list(fake.state.repo(REPO).issues.values())
    for n in range(size):
        issue = fake.add_issue(REPO, title=f"Closed {n + 1}")
        duplicate = n % 5 == 0
        if duplicate:
            fake.state.mark_duplicate(issue, originals[n % len(originals)])
        fake.state.close(issue, "DUPLICATE" if duplicate else "COMPLETED")
    fake.state.tick(3600)  # closed an hour before the sync, not within its overlap
    served = serve(fake)
    next(served)
    cold, rerun, _seconds = adapter(fake, cache, expected=size + size)
    served.close()
    return cold, rerun, size


def one_issue(duplicates: int) -> int:
    """Requests to read one issue with ``duplicates`` issues closed as duplicates of it."""
    from icp_triage.adapters.github.reads import fetch_issue

    fake = FakeGitHub()
    original = fake.add_issue(REPO, title="SSO", author="alice")
    for n in range(duplicates):
        issue = fake.add_issue(REPO, title=f"SSO again {n + 1}", author=f"user{n}")
        fake.state.add_comment(issue, "maintainer", f"Duplicate of #{original.number}")
        fake.state.close(issue, "DUPLICATE")
    served = serve(fake)
    next(served)
    waits = Waits(fake)
    client = connect({"GITHUB_TOKEN": TOKEN}, sleep=waits.sleep, clock=waits.clock)
    fake.reset()
    snapshot = fetch_issue(client, REPO, original.number)
    assert len(snapshot.duplicates) == duplicates, len(snapshot.duplicates)
    count = fake.requests
    served.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--closed", type=int, default=1000, help="open and closed issues each (0: skip)")
    args = parser.parse_args()
    print(f"HTTP requests to read every open issue with {COMMENTS} comments and {REACTIONS} thumbs-up each")
    header = f"{'issues':>8} {'adapter cold':>13} {'target':>7} {'re-run':>7} {'naive REST':>11} {'naive/adapter':>14}"
    print(header)
    for size in args.sizes:
        fake = FakeGitHub()
        seed(fake, REPO, size, comments=COMMENTS, reactions=REACTIONS)
        served = serve(fake)
        next(served)
        with tempfile.TemporaryDirectory() as cache:
            cold, rerun, cold_s = adapter(fake, Path(cache))
        rest, rest_s = naive(fake)
        served.close()
        target = math.ceil(size / 100) + 1
        verdict = "ok" if cold <= target and rerun == 1 else "MISSED"
        print(f"{size:>8,} {cold:>13,} {target:>7,} {rerun:>7,} {rest:>11,} {rest / cold:>13.0f}x  {verdict}")
        print(f"{'':>8} time against the in-process fake: adapter {cold_s:.1f} s, naive loop {rest_s:.1f} s")
    if args.closed:
        size = args.closed
        with tempfile.TemporaryDirectory() as cache:
            cold, rerun, kept = with_closed(size, Path(cache))
        target = math.ceil(size / 100) + 4
        verdict = "ok" if cold <= target and rerun == 1 else "MISSED"
        print(
            f"{size:,} open + {size:,} closed issues ({kept:,} kept: a fifth duplicates, the rest shipped): cold sync "
            f"{cold:,} requests (target ceil(N/100)+4 = {target:,}), re-run {rerun:,}  {verdict}"
        )
    counts = ", ".join(f"{n} duplicates {one_issue(n)}" for n in (0, 1, 25, 60))
    print(f"one issue read alone with its duplicates (requests): {counts}")


if __name__ == "__main__":
    main()
