"""The one exception tree every surface maps to an exit status or HTTP status.

Each class carries its ``exit_code`` the way ``HTTPException`` carries a status, so the
CLI, the Action and the service translate failures in one place each.
"""

from __future__ import annotations


class TriageError(Exception):
    """Base of every failure icp-triage reports to a user."""

    exit_code: int = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(TriageError):
    """`icp.yml` is missing, malformed or inconsistent; the message names file and path."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.line = line


class DataError(TriageError):
    """An accounts or requests file is malformed; the message names file and row or path."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.line = line


class SourceError(TriageError):
    """A tracker (GitHub, Jira) failed or refused; retrying later may work."""

    exit_code = 1


class PermissionDenied(SourceError):
    """The tracker refused for lack of permission (not a rate limit): the token or user may
    read but not write, for instance. Each adapter raises its own subclass."""


class TrackerUnavailable(SourceError):
    """Every further request would fail the same way: the tracker rejected the credential, or
    a rate limit needs a longer wait than ``max_wait``. Callers stop rather than go on; each
    adapter raises its own subclass."""


class RequestGone(SourceError):
    """The tracker has no such request for this credential (deleted, moved, or hidden from
    it): retrying cannot help. Each adapter raises its own subclass; the service parks the
    delivery at once instead of spending its retries."""


class OutsideSelection(DataError):
    """The tracker, reading a request through the configured selection, found it outside
    (Jira: the JQL no longer matches it): nothing to tag; a live backlog forgets ``key``."""

    def __init__(self, message: str, *, key: str) -> None:
        super().__init__(message)
        self.key = key


class WritesPaused(SourceError):
    """This machine's write budget for a tracker is spent; ``resume_at`` (epoch seconds, None
    when unknown) is when writes may go on. Each adapter that paces writes raises a subclass."""

    def __init__(self, message: str, *, resume_at: float | None) -> None:
        super().__init__(message)
        self.resume_at = resume_at


class RetryLater(SourceError):
    """The tracker asks to wait ``seconds`` (a rate limit) and the client was told not to
    sleep (``sleep_on_limit=False``): the caller reschedules the work instead."""

    def __init__(self, message: str, *, seconds: float) -> None:
        super().__init__(message)
        self.seconds = seconds


class StoreError(TriageError):
    """The local cache or the service's database failed."""

    exit_code = 1
