"""Fixtures for the GitHub adapter: the fake GitHub behind ``responses``, a client whose
waits are recorded instead of slept, and a cache under tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fakes.fake_github import TOKEN, FakeGitHub
from fakes.helpers import Waits, serve
from icp_triage.adapters.github import CacheStore, GithubClient, connect


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    yield from serve(FakeGitHub())


@pytest.fixture
def waits(fake: FakeGitHub) -> Waits:
    return Waits(fake)


@pytest.fixture
def client(fake: FakeGitHub, waits: Waits) -> GithubClient:
    return connect({"GITHUB_TOKEN": TOKEN}, sleep=waits.sleep, clock=waits.clock, max_wait=900)


@pytest.fixture
def store(tmp_path: Path, client: GithubClient) -> CacheStore:
    return CacheStore(tmp_path / "cache", host=client.host)
