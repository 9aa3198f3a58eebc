"""Read a file as it was at a git revision (``git show REF:./path``), for ``profile diff --against``.

The ref is user input: it goes to git as one item of an argument list (never through a
shell), and a ref that starts with ``-`` is refused so git cannot read it as an option.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from icp_triage.errors import ConfigError


def show_file(ref: str, path: Path) -> str:
    """The text of ``path`` at ``ref`` in the git repository that holds it.

    Raises ConfigError (exit 2) for a ref that is not one, a path not in that revision, or
    no git at all.
    """
    if not ref.strip() or ref.startswith("-") or any(c in ref for c in "\n\r\0"):
        raise ConfigError(f"--against: {ref!r} is not a git revision")
    folder = path.resolve().parent
    try:
        done = subprocess.run(
            ["git", "show", f"{ref}:./{path.name}"],
            cwd=folder,
            capture_output=True,
            check=False,
            timeout=60,
        )
    except FileNotFoundError:
        raise ConfigError("--against needs git, which is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise ConfigError(f"--against {ref}: git show took over 60 s") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConfigError(
            f"--against {ref}: cannot read {path.name} at that revision ({reason[-1] if reason else 'git failed'})"
        )
    try:
        return done.stdout.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{ref}:{path.name}: not UTF-8 text") from None
