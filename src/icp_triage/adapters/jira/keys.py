"""How Jira names an issue: ``PROJ-12``, the project's key and the issue's number.

Built and taken apart here only; the surfaces reach these through ``adapters.dialect``.
"""

from __future__ import annotations

import re

from icp_triage.errors import DataError

_KEY = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*-\d+)\s*$")


def normalise_key(text: str) -> str | None:
    """``fr-12`` -> ``FR-12``; None for text that is no Jira issue key."""
    match = _KEY.match(text)
    return match.group(1).upper() if match else None


def issue_key(project: str, number: int) -> str:
    """The key of issue ``number`` of ``project``: ``PROJ-12``."""
    return f"{project}-{number}"


def split_key(key: str) -> tuple[str, int]:
    """``PROJ-12`` -> (``PROJ``, 12); DataError for a key that is not a Jira issue's."""
    found = normalise_key(key)
    if found is None:
        raise DataError(f"'{key}' is not a Jira issue key (PROJECT-number)")
    project, _, number = found.rpartition("-")
    return project, int(number)
