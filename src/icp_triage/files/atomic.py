"""Replace a JSON file whole or not at all: the trackers' caches are rewritten on every run,
and a run killed mid-write must leave the previous file readable, never half of a new one.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from icp_triage.errors import StoreError


def write_json_atomically(path: Path, document: Any, *, what: str) -> None:
    """Write ``document`` as compact JSON to a temporary file beside ``path``, then rename it
    over ``path``; StoreError naming ``what`` (``the GitHub cache``) when the disk refuses."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(document, handle, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise StoreError(
            f"{path}: cannot write {what} ({exc.strerror or exc}); pass --cache DIR to use another directory"
        ) from None
