"""``icp-triage demo`` in a real 80-column terminal (a pty): what a first-time user sees."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios

from fakes.waiting import HANG_GUARD

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def run_in_terminal(*args: str, columns: int = 80, expect: int = 0) -> list[str]:
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    process = subprocess.Popen(
        [sys.executable, "-m", "icp_triage", *args], stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=HANG_GUARD) == expect
    return ANSI.sub("", b"".join(chunks).decode()).replace("\r", "").splitlines()


def test_the_demo_fits_80_columns_and_its_story_wraps_between_words() -> None:
    lines = run_in_terminal("demo", "--top", "5")
    assert max(len(line) for line in lines) <= 80, max(lines, key=len)
    story = [line for line in lines if line.startswith("By raw demand")]
    assert story and len(story[0]) <= 80
    start = lines.index(story[0])
    paragraph = " ".join(lines[start : start + 5])
    assert "would rank #1; by ICP value it is opportunistic" in paragraph  # no word cut at the edge
    assert any(
        line.startswith("hidden to fit 80 columns: problem, raw #, ICP share")
        for line in map(str.strip, lines)
    )


def test_check_wraps_its_long_lines_between_words() -> None:
    from importlib import resources

    with resources.as_file(resources.files("icp_triage.demo_data")) as folder:
        lines = run_in_terminal("check", "--config", str(folder / "icp.yml"))
    assert max(len(line) for line in lines) <= 80, max(lines, key=len)
    outcomes = next(i for i, line in enumerate(lines) if line.startswith("Outcomes (accounts with a value)"))
    continued = lines[outcomes + 1]
    assert continued.startswith("  ") and not continued.startswith("   ")  # a hanging indent of two
    assert "`icp-triage profile validate` tests the profile" in " ".join(
        part.strip() for part in lines[outcomes : outcomes + 4]
    )


def test_an_error_paragraph_wraps_between_words(tmp_path) -> None:
    from importlib import resources

    with resources.as_file(resources.files("icp_triage.demo_data")) as folder:
        config = folder / "icp.yml"
        lines = run_in_terminal("rank", "--config", str(config), "--output", str(config), expect=2)
    assert len(lines) > 1 and max(len(line) for line in lines) <= 80, lines
    assert lines[0].startswith("Error: ") and all(line.startswith("  ") for line in lines[1:])
    assert "writing the report there would destroy it. Choose another file name." in " ".join(
        line.strip() for line in lines
    )
