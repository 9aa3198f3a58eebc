"""Fixtures for the report tests: the hand-made sample workspace and backlogs."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from backlogs import hostile_backlog as build_hostile

from icp_triage.core.backlog import Backlog
from icp_triage.workspace import Workspace, open_workspace

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "reports"


@pytest.fixture(scope="session")
def sample_workspace() -> Workspace:
    return open_workspace(SAMPLE / "icp.yml", env={})


@pytest.fixture(scope="session")
def sample_backlog(sample_workspace: Workspace) -> Backlog:
    return sample_workspace.rank(sample_workspace.file_requests(None))


@pytest.fixture(scope="session")
def hostile_backlog() -> Backlog:
    return build_hostile()


@pytest.fixture(scope="session")
def demo_backlog() -> Backlog:
    """The bundled demo's backlog: what ``icp-triage demo`` ranks."""
    with resources.as_file(resources.files("icp_triage.demo_data")) as folder:
        workspace = open_workspace(Path(folder) / "icp.yml", env={})
        return workspace.rank(workspace.file_requests(None))
