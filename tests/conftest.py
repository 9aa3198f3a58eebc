"""Shared fixtures: cheap, file-backed under tmp_path, no network."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from icp_triage.cli import app


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
