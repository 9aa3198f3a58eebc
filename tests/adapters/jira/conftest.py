"""Fixtures for the Jira adapter: a fake Jira (Cloud or Data Center) over real HTTP, a session
whose waits are recorded instead of slept, and a cache under tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fakes.fake_jira import JQL, FakeJira, env_for, serve_fake_jira
from icp_triage.adapters.jira import JiraSelection, JiraSession


class Waits:
    """Records every wait and moves the fake's clock instead of sleeping."""

    def __init__(self, fake: FakeJira) -> None:
        self.fake = fake
        self.seconds: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.seconds.append(seconds)
        self.fake.tick(seconds)

    def clock(self) -> float:
        return self.fake.now.timestamp()


@pytest.fixture
def cloud() -> Iterator[FakeJira]:
    with serve_fake_jira(deployment="cloud") as fake:
        yield fake


@pytest.fixture
def dc() -> Iterator[FakeJira]:
    with serve_fake_jira(deployment="datacenter", dc_page=50) as fake:
        yield fake


def open_session(fake: FakeJira, tmp_path: Path, **options: object) -> tuple[JiraSession, Waits]:
    """A session on ``fake`` with the selection ``options`` (jql defaults to the fake's)."""
    waits = Waits(fake)
    selection = JiraSelection(server=fake.base_url, jql=str(options.pop("jql", JQL)), **options)  # type: ignore[arg-type]
    session = JiraSession.open(
        selection, env_for(fake), cache_dir=tmp_path / "cache", sleep=waits.sleep, clock=waits.clock
    )
    return session, waits


@pytest.fixture
def invoke(invoke):
    """The CLI with a tracker client that never sleeps (rate-limit and retry waits are skipped)."""
    from icp_triage.cli.options import TrackerWiring

    def run(*args: str, env: dict[str, str] | None = None):
        return invoke(*args, env=env, obj=TrackerWiring(sleep=lambda _seconds: None))

    return run
