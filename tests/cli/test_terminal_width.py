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
        line.startswith("hidden to fit 80 columns: ICP share, requesters") for line in map(str.strip, lines)
    )


def test_the_demo_at_80_columns_keeps_the_raw_rank_beside_the_icp_rank() -> None:
    """Issue 17: an 80-column terminal hid ``raw #`` first, the tool's whole point (the ICP
    rank against the rank by raw demand); the share and the tier mix go instead."""
    lines = run_in_terminal("demo", "--top", "5")
    header = next(i for i, line in enumerate(lines) if line.split()[:1] == ["#"])
    assert lines[header - 1].split()[:1] == ["raw"] and lines[header].split()[:3] == ["#", "#", "key"]
    first = lines[header + 2].split()
    assert first[0] == "1" and first[1].startswith("#") and first[1][1:].isdigit()


def test_the_plan_at_80_columns_keeps_its_reason_whole(tmp_path) -> None:
    """Issue 17: at 80 columns the deferred list cut its reason to "no capacity left: needs…";
    the class and the title give way instead, and the caption says so."""
    from importlib import resources

    with resources.as_file(resources.files("icp_triage.demo_data")) as folder:
        lines = run_in_terminal("plan", "--config", str(folder / "icp.yml"), "--capacity", "20")
    assert max(len(line) for line in lines) <= 80, max(lines, key=len)
    reasons = [line for line in lines if "no capacity left" in line]
    assert reasons and all(re.search(r"no capacity left: needs \d+, \d+ left(;|\s*$)", r) for r in reasons)
    assert any(line.strip().startswith("hidden to fit 80 columns: class, title") for line in lines)


def test_piped_output_honours_columns_when_it_is_set() -> None:
    """Issue 17: piped output was always 140 columns, so ``icp-triage demo | head`` in an
    80-column window wrapped into a mess; ``COLUMNS`` is honoured when set, as other tools do."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    piped = subprocess.run(
        [sys.executable, "-m", "icp_triage", "demo"],
        env={**env, "COLUMNS": "80"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert max(len(line) for line in piped) <= 80, max(piped, key=len)
    assert "raw" in piped[1].split() and "#" in piped[2].split()
    assert "would rank #1; by ICP value it is opportunistic" in " ".join(piped)
    unset = subprocess.run(
        [sys.executable, "-m", "icp_triage", "demo"], env=env, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert max(len(line) for line in unset) > 80  # without COLUMNS: the fixed 140


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


def test_profile_suggest_wraps_its_message_between_words() -> None:
    """Issue 17: ``profile suggest``'s message was one 170-character comment line that broke
    mid-word at the edge of an 80-column terminal; it wraps between words, each line a comment."""
    from importlib import resources

    with resources.as_file(resources.files("icp_triage.demo_data")) as folder:
        lines = run_in_terminal("profile", "suggest", "--config", str(folder / "icp.yml"))
    assert max(len(line) for line in lines) <= 80, max(lines, key=len)
    comments = [line for line in lines if line.startswith("#")]
    assert len(comments) >= 3 and all(line.startswith(("# ", "#   ")) for line in comments)
    assert "must hold validation.min_accounts (10) customers" in " ".join(
        line.lstrip("# ") for line in comments
    )
