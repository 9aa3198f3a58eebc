"""The Jira sync cache: one JSON file per server and JQL, holding its issues.

Layout: ``<root>/jira/<host>/<digest of the selection>.json`` with ``{"format",
"selection", "deployment", "fields", "synced_at", "full_synced_at", "issues": [...]}``, plus
``resume_after`` and ``resume_started`` while a cold read is unfinished. ``selection`` (JQL,
field names, what is read) must match or the file is ignored, so changing the config
re-reads. ``synced_at`` is Jira's own clock (the ``Date`` of a response), in epoch seconds.
The resolved field ids and the deployment are kept too, so an unchanged re-run needs no
field list. A file that cannot be read is treated as absent; writes are atomic, as the
GitHub cache's are (``icp_triage.adapters.github.cache``).
"""

from __future__ import annotations

import hashlib
import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from icp_triage.adapters.jira.fields import FieldMap
from icp_triage.adapters.jira.translate import JiraIssue
from icp_triage.files.atomic import write_json_atomically

CACHE_FORMAT = 2  # 2: comments carry their times, votes the issue's update, issues state_reason and closed_at; an older cache is read again


@dataclass
class JiraState:
    """What the selection looked like at ``synced_at``: its issues by key."""

    selection: dict[str, Any]
    deployment: str
    fields: FieldMap
    synced_at: float | None = None
    full_synced_at: float | None = None
    issues: dict[str, JiraIssue] = field(default_factory=dict)
    resume_after: str | None = None  # where an interrupted cold read continues (token or offset)
    resume_started: float | None = None


def _safe(part: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in part.lower())


def key_order(key: str) -> tuple[str, int]:
    """``FR-12`` sorts before ``FR-100``."""
    project, _, number = key.rpartition("-")
    return (project, int(number)) if number.isdigit() else (key, 0)


class JiraCache:
    """Read and write JiraState files under ``root`` for one server."""

    def __init__(self, root: Path, *, server: str) -> None:
        self.root = root
        parsed = urllib.parse.urlparse(server)
        self.host = _safe(f"{parsed.hostname or server}{parsed.path}".rstrip("/"))

    def path(self, selection: Mapping[str, Any]) -> Path:
        digest = hashlib.sha256(json.dumps(selection, sort_keys=True).encode()).hexdigest()[:20]
        return self.root / "jira" / self.host / f"{digest}.json"

    def load(self, selection: Mapping[str, Any]) -> JiraState | None:
        """The stored state, or None when absent, unreadable, older-format or for another selection."""
        try:
            raw = json.loads(self.path(selection).read_text(encoding="utf-8"))
            if raw.get("format") != CACHE_FORMAT or raw.get("selection") != dict(selection):
                return None
            issues = [JiraIssue.from_dict(i) for i in raw.get("issues") or []]
            return JiraState(
                selection=dict(selection),
                deployment=str(raw["deployment"]),
                fields=FieldMap.from_dict(raw.get("fields") or {}),
                synced_at=raw.get("synced_at"),
                full_synced_at=raw.get("full_synced_at"),
                issues={i.request.key: i for i in issues},
                resume_after=raw.get("resume_after"),
                resume_started=raw.get("resume_started"),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def save(self, state: JiraState) -> None:
        """Write atomically; StoreError (exit 1) when the directory is not writable."""
        document = {
            "format": CACHE_FORMAT,
            "selection": state.selection,
            "deployment": state.deployment,
            "fields": state.fields.as_dict(),
            "synced_at": state.synced_at,
            "full_synced_at": state.full_synced_at,
            **(
                {"resume_after": state.resume_after, "resume_started": state.resume_started}
                if state.resume_after
                else {}
            ),
            "issues": [state.issues[k].as_dict() for k in sorted(state.issues, key=key_order)],
        }
        path = self.path(state.selection)
        write_json_atomically(path, document, what="the Jira cache")
