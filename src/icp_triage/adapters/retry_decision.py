"""What a tracker's retry table decides, the same shape for every tracker.

Each adapter's ``policy.decide`` reads its tracker's statuses and headers (GitHub's rate-limit
headers, Atlassian's ``Retry-After``) and answers with a ``Decision``; its client applies it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Action = Literal["retry", "fail", "too_long"]
"""``too_long``: retry with a smaller page (GitHub's 502/504 on a query that ran too long)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """Retry after ``wait`` seconds, or fail; ``reason`` explains either to a user."""

    action: Action
    wait: float = 0.0
    reason: str = ""


def header(headers: Mapping[str, str], name: str) -> str | None:
    """A header's value, whatever case the server or the HTTP stack gave its name (``name``
    lower-case)."""
    for key, value in headers.items():
        if key.lower() == name:
            return str(value)
    return None
