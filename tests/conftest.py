"""Shared fixtures: cheap, file-backed under tmp_path, no network."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from icp_triage.cli import app

# No property test is timed (issue 17): hypothesis's default 200 ms deadline per example and
# its too_slow health check are wall-clock bounds a loaded CI machine fails.
settings.register_profile("icp-triage", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("icp-triage")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Run the CLI in ``tmp_path`` with a clean environment; returns the click Result."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ICP_TRIAGE_ACCOUNTS", raising=False)

    def run(*args: str, env: dict[str, str] | None = None, obj: object = None):
        """``obj``: a ``cli.options.TrackerWiring`` whose clock and sleep the tracker client uses."""
        return runner.invoke(app, list(args), env=env or {}, catch_exceptions=False, obj=obj)

    return run
