"""Fixtures for the Action tests: GitHub's sample webhook payloads, loaded by name."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "action"


@cache
def _read(name: str) -> dict[str, Any]:
    return json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def load_sample(name: str) -> dict[str, Any]:
    """A fresh copy of ``tests/samples/action/<name>.json`` (tests may change it)."""
    return copy.deepcopy(_read(name))


@pytest.fixture
def sample():
    return load_sample
