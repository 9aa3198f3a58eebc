"""No hostile input among the tests makes any command use over 1 GB or 10 s of CPU time
(issue 16, acceptance): each runs in its own process under RLIMIT_AS = 1 GB and RLIMIT_CPU.

CPU time, not wall-clock time (issue 17): a loaded CI machine stretches the second many
times over, but not the first."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from fakes.hostile import hostile_setups
from fakes.waiting import HANG_GUARD, child_cpu_seconds

LIMIT_BYTES = 1024**3
LIMIT_CPU_SECONDS = 10
CONSOLE = "from icp_triage.console import main; main()"
COMMANDS = [
    ("check",),
    ("accounts", "--format", "json"),
    ("rank", "--input", "r.json", "--format", "json"),
    ("plan", "--input", "r.json", "--capacity", "3"),
    ("explain", "a/b#1", "--input", "r.json"),
]


def _limit_memory_and_cpu() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))
    # a runaway is stopped by SIGXCPU a little past the bound instead of running on
    resource.setrlimit(resource.RLIMIT_CPU, (LIMIT_CPU_SECONDS + 1, LIMIT_CPU_SECONDS + 2))


@pytest.mark.parametrize("setup", sorted(hostile_setups()))
def test_every_command_stays_within_1_gb_and_10_cpu_seconds(tmp_path: Path, setup: str) -> None:
    for name, text in hostile_setups()[setup].items():
        (tmp_path / name).write_text(text)
    refused = 0
    for args in COMMANDS:
        with child_cpu_seconds() as spent:
            done = subprocess.run(
                [sys.executable, "-c", CONSOLE, *args],
                cwd=tmp_path,
                capture_output=True,
                text=True,
                timeout=HANG_GUARD,
                preexec_fn=_limit_memory_and_cpu,
            )
        took = spent.seconds
        assert took < LIMIT_CPU_SECONDS, f"{setup}: {' '.join(args)} took {took:.1f} s of CPU time"
        # 0 for a command that does not read the hostile file (check and accounts read no requests)
        assert done.returncode in (0, 2), (
            f"{setup}: {' '.join(args)}: {done.returncode}\n{done.stderr[-2000:]}"
        )
        assert "MemoryError" not in done.stderr and "This is a bug" not in done.stderr, done.stderr[-2000:]
        if done.returncode == 2:
            refused += 1
            assert done.stderr.startswith("Error: "), done.stderr[-2000:]
    assert refused >= 3, f"{setup}: refused by {refused} commands only"
