"""What went wrong with a job, named as an operator would say it, and how long a pause may last.

A delivery that keeps failing is parked with its last error in words: ``unreachable`` (DNS,
connect, TLS: the tracker never answered), ``rate limited``, ``refused`` (401/403: the
credential), ``gone`` (404: the request no longer exists), ``server error`` (the tracker
answered 5xx). Each counts a try, so ``max_attempts`` applies whatever the cause; a rate
limit counts only when it lasts longer than ``limits.max_wait`` (a short one is waited out).

Every pause the service derives from a tracker's answer (a ``Retry-After`` in seconds or as
an HTTP-date, read by the adapters' one parser ``retry_decision.retry_after``; a reset time)
passes through ``clamp_pause``: the header comes from outside,
and a ``1e10`` or ``nan`` in it must not stop a tracker until the year 2350.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from icp_triage.errors import PermissionDenied, RequestGone, RetryLater, SourceError, TrackerUnavailable

Kind = Literal["unreachable", "rate limited", "refused", "gone", "server error", "error"]
UNKNOWN_PAUSE = 60.0  # seconds, for a wait the tracker gave as nothing a number can say
_UNREACHABLE = (
    "connectionerror",
    "connecttimeout",
    "readtimeout",
    "timeout",
    "sslerror",
    "nameresolution",
    "name or service not known",
    "could not be reached",
    "no answer",
    "max retries exceeded",
)


class Permanent(Exception):
    """Retrying cannot help (no handler for the tracker, a source no longer configured,
    settings to mend): park at once, with the words of the exception."""


class TrackerTrouble(Exception):
    """The tracker kept failing and the client's next retry would wait longer than
    ``max_wait``: a try that failed, named by what the client last reported."""

    def __init__(self, kind: Kind, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Failure:
    """One job's failure: its kind, the words stored as the delivery's ``last_error``, the
    pause a rate limit asks for (None otherwise), and whether retrying can help at all."""

    kind: Kind
    text: str
    pause: float | None = None
    permanent: bool = False

    @property
    def error(self) -> str:
        return f"{self.kind}: {self.text}"


def clamp_pause(seconds: float, max_pause: float) -> float:
    """``seconds`` as a pause within [0, ``max_pause``]; nan (no number at all) waits a minute."""
    if math.isnan(seconds):
        return min(UNKNOWN_PAUSE, max_pause)
    return min(max(0.0, seconds), max_pause)


def kind_of_notice(text: str) -> Kind:
    """What a client's "waiting N s" notice says it waits for: no answer, or a failing server."""
    lowered = text.lower()
    if any(mark in lowered for mark in _UNREACHABLE):
        return "unreachable"
    if "rate limit" in lowered or "429" in lowered:
        return "rate limited"
    return "server error"


def name(exc: BaseException, *, max_pause: float) -> Failure:
    """``exc``, raised by a job, as a named failure."""
    if isinstance(exc, RetryLater):
        return Failure("rate limited", str(exc), pause=clamp_pause(exc.seconds, max_pause))
    if isinstance(exc, TrackerTrouble):
        return Failure(exc.kind, str(exc))
    if isinstance(exc, Permanent):
        return Failure("refused" if "credential" in str(exc).lower() else "error", str(exc), permanent=True)
    if isinstance(exc, RequestGone):
        return Failure("gone", str(exc), permanent=True)
    if isinstance(exc, PermissionDenied):
        return Failure("refused", str(exc))
    text = str(exc)
    lowered = text.lower()
    if isinstance(exc, SourceError):
        if any(mark in lowered for mark in _UNREACHABLE):
            return Failure("unreachable", text)
        if isinstance(exc, TrackerUnavailable) and ("401" in text or "rejected the token" in lowered):
            return Failure("refused", text)
        if isinstance(exc, TrackerUnavailable) and "rate limit" in lowered:
            return Failure("rate limited", text)
        return Failure("server error", text)
    if any(mark in lowered for mark in _UNREACHABLE[:6]):
        return Failure("unreachable", f"{type(exc).__name__}: {text}")
    return Failure("error", f"{type(exc).__name__}: {text}")
