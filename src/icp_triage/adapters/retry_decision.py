"""What a tracker's retry table decides, the same shape for every tracker.

Each adapter's ``policy.decide`` reads its tracker's statuses and headers (GitHub's rate-limit
headers, Atlassian's ``Retry-After``) and answers with a ``Decision``; its client applies it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
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


def retry_after(raw: str | None, *, now: float) -> float | None:
    """The seconds a ``Retry-After`` header asks to wait, as delta-seconds or an HTTP-date
    (RFC 9110 10.2.3, a date in the past is 0); None when absent or anything else: ``nan``,
    ``inf``, a negative. The one parser of the header for every tracker
    and surface: ``float()`` alone took ``nan`` ("waiting nan s", then a crash) and ignored
    a date. The caller clamps the result to its ``max_wait`` (a huge value is a long pause or a "retry
    later", never a tight retry loop against a tracker that asked to be left alone)."""
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            seconds = max(parsedate_to_datetime(text).timestamp() - now, 0.0)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return seconds if math.isfinite(seconds) and seconds >= 0.0 else None


def finite(raw: str | None) -> float | None:
    """A header's number (a reset time), or None for none, a word, ``nan`` or ``inf``."""
    try:
        value = float(raw) if raw is not None else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None
