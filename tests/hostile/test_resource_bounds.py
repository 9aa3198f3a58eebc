"""No hostile input among the tests makes any command use over 1 GB or run over 10 s
(issue 16, acceptance): each runs in its own process under RLIMIT_AS = 1 GB."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fakes.hostile import hostile_setups

LIMIT_BYTES = 1024**3
LIMIT_SECONDS = 10
CONSOLE = "from icp_triage.console import main; main()"
COMMANDS = [
    ("check",),
    ("accounts", "--format", "json"),
    ("rank", "--input", "r.json", "--format", "json"),
    ("plan", "--input", "r.json", "--capacity", "3"),
    ("explain", "a/b#1", "--input", "r.json"),
]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


@pytest.mark.parametrize("setup", sorted(hostile_setups()))
def test_every_command_stays_within_1_gb_and_10_s(tmp_path: Path, setup: str) -> None:
    for name, text in hostile_setups()[setup].items():
        (tmp_path / name).write_text(text)
    refused = 0
    for args in COMMANDS:
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", CONSOLE, *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=LIMIT_SECONDS * 3,
            preexec_fn=_limit_memory,
        )
        took = time.monotonic() - started
        assert took < LIMIT_SECONDS, f"{setup}: {' '.join(args)} took {took:.1f} s"
        # 0 for a command that does not read the hostile file (check and accounts read no requests)
        assert done.returncode in (0, 2), (
            f"{setup}: {' '.join(args)}: {done.returncode}\n{done.stderr[-2000:]}"
        )
        assert "MemoryError" not in done.stderr and "This is a bug" not in done.stderr, done.stderr[-2000:]
        if done.returncode == 2:
            refused += 1
            assert done.stderr.startswith("Error: "), done.stderr[-2000:]
    assert refused >= 3, f"{setup}: refused by {refused} commands only"
