"""``icp-triage tag`` over a large backlog keeps GitHub's secondary write limits, stops at the
hourly one with what is left, and a later run continues without writing anything twice.

The client's clock and sleep are replaced by one test clock that moves only when the client
waits, so writes go out as fast as the budget allows (the worst case for GitHub's windows),
and the fake GitHub stamps every request with that clock.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from fakes.fake_github import TOKEN
from fakes.helpers import most_in_any_window
from icp_triage.adapters.github.session import WRITES_FILE
from icp_triage.cli.options import TrackerWiring

CONFIG = """\
profile:
  criteria:
    - {attribute: industry, in: [saas], weight: 3}
accounts: accounts.csv
source:
  github: {repo: acme/app, labels: [feature]}
tagging: {comment: false}
"""
ACCOUNTS = "id,name,github_logins,industry\nacct-rocketco,Rocketco Dynamics,alice,saas\n"
ISSUES = 1000
NEW_LABELS = 3  # icp:unattributed, icp:core and icp-fit:A, created once each


class FakeClock:
    """Epoch seconds that move only when slept."""

    def __init__(self, start: float) -> None:
        self.t = start
        self.slept: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds


@pytest.fixture
def clock(fake) -> FakeClock:
    test_clock = FakeClock(fake.state.now.timestamp())
    fake.clock = test_clock.now
    return test_clock


@pytest.fixture
def invoke(invoke, clock):
    """The CLI with a client on the test's clock: its waits move the clock, never sleep."""

    def run(*args: str, env: dict[str, str] | None = None):
        return invoke(*args, env=env, obj=TrackerWiring(clock=clock.now, sleep=clock.sleep))

    return run


@pytest.fixture
def project(tmp_path: Path, fake) -> Path:
    (tmp_path / "icp.yml").write_text(CONFIG)
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    for i in range(ISSUES):
        fake.add_issue(
            "acme/app", title=f"Feature {i}", author="alice" if i % 3 else "stranger", labels=["feature"]
        )
    return tmp_path


def env(tmp_path: Path) -> dict[str, str]:
    return {"GITHUB_TOKEN": TOKEN, "XDG_CACHE_HOME": str(tmp_path / "xdg")}


def label_posts(fake) -> Counter[str]:
    """How many times labels were added to each issue."""
    return Counter(
        c.path.split("/issues/")[1].split("/")[0]
        for c in fake.writes
        if c.method == "POST" and re.search(r"/issues/\d+/labels$", c.path)
    )


class TestBacklogOverTheHourlyBudget:
    def test_stops_resumes_and_never_breaks_a_window(self, project, fake, clock, invoke):
        first = invoke("tag", env=env(project))
        assert first.exit_code == 1, first.output
        announce = next(line for line in first.stderr.splitlines() if line.startswith("Writing "))
        assert announce.startswith(
            f"Writing {ISSUES + NEW_LABELS} change(s) to {ISSUES} issue(s) at GitHub's write budget (80 a minute, "
            "500 an hour, 1 s apart after the first 6): 500 fit in this hour's budget (about 8 min 14 s); "
            "the other 503 issue(s) wait for a re-run after "
        )
        assert (
            "Error: stopped at GitHub's write budget (500 writes an hour) before a secondary-limit block: "
            in (first.stderr)
        )
        assert (
            "497 of 1000 issue(s) that needed changes are written, 503 left. Run the same command again"
            in (first.stderr)
        )
        assert len(fake.writes) == 500
        assert (project / "xdg" / "icp-triage" / "github" / "api.github.com" / WRITES_FILE).is_file()

        # straight away: the hour's budget is still spent, so not one more write
        fake.state.tick(5)
        again = invoke("tag", env=env(project))
        assert again.exit_code == 1 and "0 of 503 issue(s) that needed changes are written" in again.stderr
        assert len(fake.writes) == 500

        # an hour later 500 more go out, and the hour after that the last three
        runs = []
        for _ in range(4):
            clock.t += 3600
            fake.state.tick(3600)
            runs.append(invoke("tag", env=env(project)))
            if runs[-1].exit_code == 0:
                break
        assert [r.exit_code for r in runs] == [1, 0], runs[-1].output
        assert "500 fit in this hour's budget" in runs[0].stderr
        assert runs[1].stdout.startswith(f"Tagged {ISSUES} issue(s): 3 write(s) on 3, 997 already up to date")

        issues = fake.state.repo("acme/app").issues.values()
        assert all(any(x.startswith("icp:") for x in issue.labels) for issue in issues)
        posts = label_posts(fake)
        assert len(posts) == ISSUES and set(posts.values()) == {1}  # every issue once, none twice
        times = [c.at for c in fake.writes]
        assert most_in_any_window(times, 60) <= 80
        assert most_in_any_window(times, 3600) <= 500
        assert len(fake.writes) == ISSUES + NEW_LABELS

        # nothing changed: a further run writes nothing
        clock.t += 60
        fake.state.tick(60)
        assert invoke("tag", env=env(project)).exit_code == 0
        assert len(fake.writes) == ISSUES + NEW_LABELS
