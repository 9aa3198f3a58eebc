"""The local sync cache: one JSON file per repository, holding its requests as RawRequest.

Layout: ``<root>/github/<api host>/<owner>/<name>.json`` with
``{"format", "repo", "selection", "synced_at", "full_synced_at", "requests": [RawRequest...]}``,
plus ``resume_after`` and ``resume_started`` while a cold sync is unfinished. The host
keeps github.com and a GHES instance apart; ``selection`` (state, labels, query) must
match the configured one or the file is ignored, so changing the filter re-syncs.
``synced_at`` is GitHub's own clock (the ``Date`` of the sync's first response) so a
skewed local clock cannot lose updates. A file that cannot be read is treated as absent
and rewritten: a cache is never worth failing a run for. Writes are atomic (a temporary
file, then ``os.replace``) so an interrupted run leaves the previous cache intact.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from icp_triage.adapters.github.names import split_key
from icp_triage.core.models import RawRequest
from icp_triage.files.atomic import write_json_atomically

CACHE_FORMAT = 3  # 2: duplicate marks; 3: signal times, and closed-as-completed issues with state_reason and closed_at. An older cache is read again


@functools.cache
def _requests_adapter() -> TypeAdapter[list[RawRequest]]:
    """Built on first use: the Action's one-issue path opens the store but never loads a sync."""
    return TypeAdapter(list[RawRequest])


def default_cache_dir(env: Mapping[str, str], *, platform: str = sys.platform) -> Path:
    """The user cache directory for icp-triage: ``$XDG_CACHE_HOME/icp-triage`` (default
    ``~/.cache``) on Linux, ``~/Library/Caches`` on macOS, ``%LOCALAPPDATA%`` on Windows."""
    home = Path(env.get("HOME") or Path.home())
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]) / "icp-triage"
    if platform == "darwin":
        return home / "Library" / "Caches" / "icp-triage"
    if platform.startswith("win") and env.get("LOCALAPPDATA"):
        return Path(env["LOCALAPPDATA"]) / "icp-triage" / "Cache"
    return home / ".cache" / "icp-triage"


@dataclass
class RepoState:
    """What one repository looked like at ``synced_at``: its requests by issue number."""

    repo: str
    selection: dict[str, Any]
    synced_at: str | None = None
    full_synced_at: str | None = None
    requests: dict[int, RawRequest] = field(default_factory=dict)
    # A cold sync that failed part-way: the cursor after its last complete page and the
    # GitHub time it started, so the next run continues from there instead of starting over.
    resume_after: str | None = None
    resume_started: str | None = None


def _safe(part: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in part.lower())


class CacheStore:
    """Read and write RepoState files under ``root``."""

    def __init__(self, root: Path, *, host: str) -> None:
        self.root = root
        self.host = host

    def path(self, repo: str) -> Path:
        owner, name = repo.split("/", 1)
        return self.root / "github" / _safe(self.host) / _safe(owner) / f"{_safe(name)}.json"

    def load(self, repo: str, selection: Mapping[str, Any]) -> RepoState | None:
        """The stored state, or None when absent, unreadable, older-format or for another selection."""
        try:
            raw = json.loads(self.path(repo).read_text(encoding="utf-8"))
            if raw.get("format") != CACHE_FORMAT or raw.get("selection") != dict(selection):
                return None
            requests = _requests_adapter().validate_python(raw.get("requests") or [])
            return RepoState(
                repo=repo,
                selection=dict(selection),
                synced_at=raw.get("synced_at"),
                full_synced_at=raw.get("full_synced_at"),
                requests={split_key(r.key)[1]: r for r in requests},
                resume_after=raw.get("resume_after"),
                resume_started=raw.get("resume_started"),
            )
        except (OSError, ValueError, ValidationError, AttributeError, IndexError):
            return None

    def save(self, state: RepoState) -> None:
        """Write atomically; raises StoreError (exit 1) when the directory is not writable."""
        document = {
            "format": CACHE_FORMAT,
            "repo": state.repo,
            "selection": state.selection,
            "synced_at": state.synced_at,
            "full_synced_at": state.full_synced_at,
            **(
                {"resume_after": state.resume_after, "resume_started": state.resume_started}
                if state.resume_after
                else {}
            ),
            "requests": [
                r.model_dump(mode="json", exclude_defaults=True) for _, r in sorted(state.requests.items())
            ],
        }
        self._write(self.path(state.repo), document)

    def load_json(self, name: str) -> dict[str, Any]:
        """A small side file (e.g. org memberships) for this host; empty when unreadable."""
        try:
            data = json.loads((self.root / "github" / _safe(self.host) / name).read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def save_json(self, name: str, data: Mapping[str, Any]) -> None:
        self._write(self.root / "github" / _safe(self.host) / name, data)

    def _write(self, path: Path, document: Any) -> None:
        write_json_atomically(path, document, what="the GitHub cache")
