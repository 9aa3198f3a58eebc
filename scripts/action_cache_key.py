"""Print the action's pip cache key: OS, Python version, and what pip will install.

Run by action.yml before icp-triage is installed (standard library only), because the
workflow expression ``hashFiles()`` cannot read the action's own directory. The key changes
when the dependencies can: pyproject.toml or the ``version`` input (``ICP_TRIAGE_VERSION``).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path


def cache_key(action_path: Path, *, env: dict[str, str]) -> str:
    digest = hashlib.sha256()
    pyproject = action_path / "pyproject.toml"
    digest.update(pyproject.read_bytes() if pyproject.is_file() else b"")
    digest.update(b"\0" + env.get("ICP_TRIAGE_VERSION", "").encode())
    python = f"py{sys.version_info[0]}.{sys.version_info[1]}"
    return f"icp-triage-pip-{env.get('RUNNER_OS', sys.platform)}-{python}-{digest.hexdigest()[:20]}"


if __name__ == "__main__":
    print(cache_key(Path(__file__).resolve().parents[1], env=dict(os.environ)))
