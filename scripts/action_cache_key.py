"""Print the cache key of the action's virtual environment (standard library only).

Run by action.yml before icp-triage is installed, because the workflow expression
``hashFiles()`` cannot read the action's own directory. A restored venv is only usable where
it was built, with what it was built from, so the key names all of it: the runner's OS and
architecture, the Python implementation and exact version with the interpreter's path (a
venv links to it), the venv's own path (its scripts name it), and what is installed: the
``version`` input, or for the action's own checkout every file of its package (pyproject.toml
and src/), so any commit that changes the code changes the key.

Usage: ``python action_cache_key.py VENV_PATH`` with ``ICP_TRIAGE_VERSION``, ``RUNNER_OS``
and ``RUNNER_ARCH`` in the environment.
"""

from __future__ import annotations

import hashlib
import os
import platform
import sys
from collections.abc import Mapping
from pathlib import Path

PREFIX = "icp-triage-venv"


def _source_digest(action_path: Path, digest: hashlib._Hash) -> None:
    """Feed pyproject.toml and every file under src/ (path and bytes, in a stable order)."""
    files = [action_path / "pyproject.toml", *sorted((action_path / "src").rglob("*"))]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(action_path).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")


def cache_key(action_path: Path, venv: str, *, env: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    version = env.get("ICP_TRIAGE_VERSION", "").strip()
    digest.update(b"version\0" + version.encode() + b"\0")
    if not version:
        _source_digest(action_path, digest)
    interpreter = os.path.realpath(sys.executable)
    digest.update(f"{interpreter}\0{sys.version}\0{venv}\0".encode())
    runner_os = env.get("RUNNER_OS") or platform.system()
    arch = env.get("RUNNER_ARCH") or platform.machine()
    python = f"{sys.implementation.name}{'.'.join(map(str, sys.version_info[:3]))}"
    return f"{PREFIX}-{runner_os}-{arch}-{python}-{digest.hexdigest()[:24]}"


if __name__ == "__main__":
    venv_path = sys.argv[1] if len(sys.argv) > 1 else ""
    print(cache_key(Path(__file__).resolve().parents[1], venv_path, env=dict(os.environ)))
