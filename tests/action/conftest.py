"""Fixtures for the Action tests; the helpers live in ``action_harness``."""

from __future__ import annotations

from pathlib import Path

import pytest
from action_harness import Checkout, load_sample


@pytest.fixture
def sample():
    return load_sample


@pytest.fixture
def checkout(tmp_path: Path) -> Checkout:
    return Checkout(tmp_path)
