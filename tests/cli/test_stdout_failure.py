"""A closed or full standard output is one clear error and a non-zero exit, for every
command, ``--version`` and ``--help`` included (issue 16, defect 10)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fakes.waiting import HANG_GUARD

CONSOLE = "from icp_triage.console import main; main()"
COMMANDS = [
    ("check",),
    ("--version",),
    ("--help",),
    ("accounts", "--format", "json"),
    ("rank", "--format", "json"),
    ("rank",),
    ("plan", "--capacity", "5", "--format", "markdown"),
]


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    subprocess.run(
        [sys.executable, "-c", CONSOLE, "demo", "--write", str(folder)], check=True, capture_output=True
    )
    return folder


def run(args: tuple[str, ...], cwd: Path, *, stdout: str) -> subprocess.CompletedProcess[str]:
    if stdout == "closed":
        return subprocess.run(
            [sys.executable, "-c", CONSOLE, *args],
            stdout=None,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            timeout=HANG_GUARD,
            preexec_fn=lambda: os.close(1),
        )
    with open("/dev/full", "w") as full:
        return subprocess.run(
            [sys.executable, "-c", CONSOLE, *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            timeout=HANG_GUARD,
        )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("stdout", ["closed", "full"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_one_error_line_and_exit_1(demo_dir, args, stdout):
    done = run(args, demo_dir, stdout=stdout)
    reason = "it is closed" if stdout == "closed" else "No space left on device"
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[-1] == f"Error: cannot write to standard output: {reason}"
    assert "Traceback" not in done.stderr
    assert "This is a bug" not in done.stderr
    assert done.stderr.count("Error:") == 1


def test_a_report_to_a_file_needs_no_stdout(demo_dir, tmp_path):
    done = run(("rank", "--format", "json", "--output", str(tmp_path / "r.json")), demo_dir, stdout="closed")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r.json").stat().st_size > 0


def test_the_actions_step_too(demo_dir, tmp_path):
    (tmp_path / "event.json").write_text("{}")
    env = {
        **os.environ,
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "issues",
        "GITHUB_EVENT_PATH": str(tmp_path / "missing.json"),
    }
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-c", CONSOLE, "action"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=demo_dir,
            env=env,
            timeout=HANG_GUARD,
        )
    assert done.returncode == 1, done.stderr
    assert (
        done.stderr.strip().splitlines()[-1]
        == "Error: cannot write to standard output: No space left on device"
    )
