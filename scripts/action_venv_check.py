"""Stamp a built venv, or check that a restored one is whole (standard library only).

``stamp VENV KEY`` writes ``VENV/icp-triage-venv.json``: the cache key it was built under and
the number and total size of its files. ``check VENV KEY`` exits 0 only when that stamp is
there, names the same key and still matches the tree: an interrupted or partial restore, a
truncated file or a venv built for another key is rebuilt, never used. (action.yml then also
runs ``icp-triage --version`` from the venv before trusting it.) Files are counted, not
hashed, so the check costs tens of milliseconds; the stamp itself is left out.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

STAMP = "icp-triage-venv.json"


def measure(venv: Path) -> dict[str, int]:
    files = size = 0
    for root, _dirs, names in os.walk(venv):
        for name in names:
            path = os.path.join(root, name)
            if name == STAMP and root == str(venv):
                continue
            if os.path.islink(path):
                files += 1
                continue
            files += 1
            size += os.path.getsize(path)
    return {"files": files, "bytes": size}


def stamp(venv: Path, key: str) -> None:
    (venv / STAMP).write_text(json.dumps({"key": key, **measure(venv)}), encoding="utf-8")


def check(venv: Path, key: str) -> str:
    """'' when whole, else why not (one line for the log)."""
    try:
        recorded = json.loads((venv / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "it has no complete-install stamp"
    if not isinstance(recorded, dict) or recorded.get("key") != key:
        return "it was built for another cache key"
    found = measure(venv)
    if found != {"files": recorded.get("files"), "bytes": recorded.get("bytes")}:
        return (
            f"it holds {found['files']} files ({found['bytes']} bytes) where the install left "
            f"{recorded.get('files')} ({recorded.get('bytes')} bytes)"
        )
    return ""


if __name__ == "__main__":
    command, venv_dir, cache_key = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    if command == "stamp":
        stamp(venv_dir, cache_key)
    else:
        reason = check(venv_dir, cache_key)
        if reason:
            print(reason)
            sys.exit(1)
