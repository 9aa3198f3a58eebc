"""The Action's settings, read from the environment action.yml and the runner set.

action.yml passes every input through ``env:`` (never pasted into a script), under these
names: ``ICP_TRIAGE_CONFIG``, ``ICP_TRIAGE_MODE``, ``ICP_TRIAGE_DRY_RUN``,
``ICP_TRIAGE_ACCOUNTS`` (read by the accounts loader) and ``GITHUB_TOKEN``. The runner sets
``GITHUB_EVENT_NAME``, ``GITHUB_EVENT_PATH``, ``GITHUB_REPOSITORY``, ``GITHUB_WORKSPACE``,
``RUNNER_TEMP``, ``GITHUB_OUTPUT`` and ``GITHUB_STEP_SUMMARY``
(https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/store-information-in-variables#default-environment-variables).
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from icp_triage.action.events import MODES, Mode
from icp_triage.errors import ConfigError, DataError
from icp_triage.files.strict_json import load_json

DEFAULT_CONFIG = ".github/icp.yml"
_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off", "")


@dataclass(frozen=True)
class ActionSettings:
    """Everything ``icp-triage action`` needs to know before it reads the config."""

    event_name: str
    event_path: Path | None
    repository: str | None
    config: Path
    mode: Mode
    dry_run: bool
    report: Path

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str],
        *,
        cwd: Path,
        config: Path | None = None,
        mode: str | None = None,
        dry_run: bool | None = None,
    ) -> ActionSettings:
        """Settings from ``env``; arguments given on the command line win over it.

        Raises ConfigError (exit 2) for a missing event name, an unknown mode or a dry-run
        value that is not a boolean.
        """
        event_name = env.get("GITHUB_EVENT_NAME", "").strip()
        if not event_name:
            raise ConfigError(
                "GITHUB_EVENT_NAME is not set: `icp-triage action` runs as a step of a GitHub Actions "
                "workflow (to try it locally, set GITHUB_EVENT_NAME and GITHUB_EVENT_PATH to an event "
                "and its payload file)"
            )
        chosen_mode = (mode if mode is not None else env.get("ICP_TRIAGE_MODE", "")).strip().lower() or "auto"
        if chosen_mode not in MODES:
            raise ConfigError(f"mode: expected one of {', '.join(MODES)}, got {chosen_mode!r}")
        event_path = env.get("GITHUB_EVENT_PATH", "").strip()
        temp = Path(env.get("RUNNER_TEMP") or tempfile.gettempdir())
        return cls(
            event_name=event_name,
            event_path=Path(event_path) if event_path else None,
            repository=env.get("GITHUB_REPOSITORY", "").strip() or None,
            config=config or cwd / (env.get("ICP_TRIAGE_CONFIG", "").strip() or DEFAULT_CONFIG),
            mode=chosen_mode,  # narrowed to Mode by the check against MODES
            dry_run=dry_run
            if dry_run is not None
            else parse_bool(env.get("ICP_TRIAGE_DRY_RUN", ""), "dry-run"),
            report=temp / "icp-triage" / "backlog.md",
        )


def parse_bool(text: str, name: str) -> bool:
    """An Actions input as a boolean (``true``/``false`` and the usual spellings)."""
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}: expected true or false, got {text!r}")


def read_event(path: Path | None, *, event_name: str) -> dict[str, Any]:
    """The webhook payload GitHub wrote to ``GITHUB_EVENT_PATH``; DataError when unreadable.

    A ``schedule`` run may come without a file; that is an empty payload, not an error.
    """
    if path is None:
        if event_name in ("schedule", "workflow_dispatch"):
            return {}
        raise DataError(f"GITHUB_EVENT_PATH is not set: the {event_name} event's payload is needed")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"{path}: cannot read the event payload ({exc.strerror})") from None
    except ValueError as exc:
        raise DataError(f"{path}: the event payload is not JSON ({exc})") from None
    try:
        # strict_json bounds the nesting: a payload nested thousands of levels deep ended
        # in a RecursionError ("This is a bug") before (issue 17, defect 4)
        data = load_json(text, label=f"{path}: the event payload")
    except DataError:
        raise
    except ValueError as exc:
        raise DataError(f"{path}: the event payload is not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise DataError(f"{path}: the event payload is not a JSON object")
    return data
