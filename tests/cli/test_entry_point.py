"""The console entry point as a user runs it: a separate process, its output and exit status.

``main`` ends a ranking run with ``os._exit`` (see cli/lifetime.py), so these check that
nothing is lost on the way: the whole output arrives, on stdout and in ``--output`` files,
every exit status is the one the command meant, and a reader that stops early is no error.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fakes.waiting import HANG_GUARD, wait_until

MAIN = "from icp_triage.cli import main; main()"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", MAIN, *args], capture_output=True, text=True, cwd=cwd, timeout=HANG_GUARD
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    subprocess.run(
        [sys.executable, "-c", MAIN, "demo", "--write", str(folder)], check=True, capture_output=True
    )
    return folder


def test_rank_json_on_stdout_arrives_whole(demo_dir: Path) -> None:
    done = run("rank", "--format", "json", cwd=demo_dir)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)  # cut short, it would not parse
    lists = ("ranked", "opportunistic", "unknown_fit", "unattributed")
    assert sum(len(data[name]) for name in lists) == 119


def test_rank_to_a_file_arrives_whole(demo_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "backlog.csv"
    done = run("rank", "--format", "csv", "--output", str(target), cwd=demo_dir)
    assert done.returncode == 0, done.stderr
    assert "Wrote" in done.stderr
    assert target.read_text(encoding="utf-8").count("\n") > 100


def test_plan_and_explain_exit_zero_with_their_output(demo_dir: Path) -> None:
    plan = run("plan", "--capacity", "10", "--format", "json", cwd=demo_dir)
    assert plan.returncode == 0, plan.stderr
    assert json.loads(plan.stdout)["capacity"] == 10
    ranked = json.loads(run("rank", "--format", "json", cwd=demo_dir).stdout)["ranked"][0]["key"]
    explained = run("explain", ranked, "--format", "json", cwd=demo_dir)
    assert explained.returncode == 0, explained.stderr
    assert ranked in explained.stdout


def test_bad_input_still_exits_2(demo_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "requests.json"
    broken.write_text('{"requests": [{"title": "no key"}]}', encoding="utf-8")
    done = run("rank", "--input", str(broken), cwd=demo_dir)
    assert done.returncode == 2
    assert "requests[0].key" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unknown_request_key_exits_2_after_ranking(demo_dir: Path) -> None:
    done = run("explain", "no/such#999", cwd=demo_dir)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_a_reader_that_stops_early_is_not_an_error(demo_dir: Path) -> None:
    """``icp-triage rank | head -1``: the pipe closes under a large write."""
    with subprocess.Popen(
        [sys.executable, "-c", MAIN, "rank", "--format", "json"],
        cwd=demo_dir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()
        errors = process.stderr.read().decode()
        status = process.wait(timeout=HANG_GUARD)
    assert "Traceback" not in errors
    assert "Error" not in errors
    assert status == 0


def pipe_into(reader: list[str], *args: str, cwd: Path) -> tuple[int, str, bytes]:
    """``icp-triage ARGS | READER``: our exit status and stderr, and what the reader printed."""
    with subprocess.Popen(
        [sys.executable, "-c", MAIN, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as writer:
        assert writer.stdout is not None and writer.stderr is not None
        with subprocess.Popen(reader, stdin=writer.stdout, stdout=subprocess.PIPE) as head:
            writer.stdout.close()  # only the reader holds the pipe now, as in a shell
            shown, _ = head.communicate(timeout=HANG_GUARD)
        errors = writer.stderr.read().decode()
        return writer.wait(timeout=HANG_GUARD), errors, shown


def test_rank_json_into_head_ends_quietly(demo_dir: Path) -> None:
    """``rank -f json | head -c 100``: 90 kB, more than a pipe holds, so the pipe always breaks."""
    status, errors, shown = pipe_into(["head", "-c", "100"], "rank", "--format", "json", cwd=demo_dir)
    assert shown.startswith(b"{") and b'"profile"' in shown and len(shown) == 100
    assert errors == ""
    assert status == 0


def test_demo_into_head_ends_quietly(demo_dir: Path) -> None:
    status, errors, shown = pipe_into(["head", "-1"], "demo", cwd=demo_dir)
    assert b"Ranked backlog" in shown
    assert errors == ""
    assert status == 0


@pytest.mark.parametrize("args", [("demo",), ("rank",), ("rank", "--format", "csv")])
def test_a_reader_gone_before_the_first_write_is_not_an_error(demo_dir: Path, args) -> None:
    """The pipe is closed before the command writes at all: every write breaks, every time."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-c", MAIN, *args],
            cwd=demo_dir,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=HANG_GUARD,
        )
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 0


def test_sigterm_interrupts_as_ctrl_c_does(demo_dir: Path, tmp_path: Path) -> None:
    # A request file that never arrives: the command waits reading it until it is stopped.
    fifo = tmp_path / "never.json"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [sys.executable, "-c", MAIN, "rank", "--input", str(fifo)],
        cwd=demo_dir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    writer: int | None = None

    def opened() -> bool:  # true once the command opened the file: it runs, its handlers set
        nonlocal writer
        try:
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                raise
        return writer is not None

    try:
        # however long a loaded machine takes to start it: a wait for the event, not a bound
        wait_until(opened, "the command opening its input", alive=lambda: process.poll() is None)
        # Sent again while the process lives: in one loaded CI run the first SIGTERM, sent as
        # the command's open() of the FIFO returned, was never acted on and the test hung;
        # a command that ignored SIGTERM would still hang here and fail at HANG_GUARD.
        deadline = time.monotonic() + HANG_GUARD
        while process.poll() is None and time.monotonic() < deadline:
            process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=1.0)
        _, err = process.communicate(timeout=HANG_GUARD)
    finally:
        process.kill()
        if writer is not None:
            os.close(writer)
    # the same path as Ctrl-C: work in progress is kept (a GitHub sync saves its pages)
    assert process.returncode == 130
    assert "Interrupted." in err and "Traceback" not in err
