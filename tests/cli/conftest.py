"""Fixtures shared by the CLI tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "reports"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The hand-made reports sample (icp.yml, accounts.csv, requests.json) in the test's folder."""
    for name in ("icp.yml", "accounts.csv", "requests.json"):
        shutil.copy(SAMPLE / name, tmp_path / name)
    return tmp_path
