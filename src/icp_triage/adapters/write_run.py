"""One tagging run's writes, whatever the tracker: a failing issue does not hold up the rest.

A failed write skips the rest of its issue's writes (its state is unknown until the next
run reads it) and the other issues go on, so one issue that always fails (locked, a comment
too long) cannot block the backlog. A failure that every later write would repeat stops at
once: a tracker that is unavailable (``TrackerUnavailable``: a rejected credential, a wait
over ``max_wait``), or a refusal (``PermissionDenied``) before any write landed.
Either way the message names each issue that failed, one line each: a re-run retries them.
Each tagger keeps its own order, pacing and budget around ``make``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar

from icp_triage.errors import PermissionDenied, SourceError, TrackerUnavailable


class _Write(Protocol):
    @property
    def target(self) -> str: ...

    def describe(self) -> str: ...


W = TypeVar("W", bound=_Write)


class WriteRun(Generic[W]):
    """``writes`` made one ``make`` at a time by ``apply``; ``finish`` raises the summary.

    ``is_issue`` tells an issue's target from a repository's (GitHub
    creates labels per repository), for the count of issues in the summary.
    """

    def __init__(
        self,
        writes: Sequence[W],
        apply: Callable[[W], object],
        *,
        echo: Callable[[str], None] | None = None,
        is_issue: Callable[[str], bool] = lambda target: True,
    ) -> None:
        self.writes = writes
        self.failed: dict[str, str] = {}
        self.landed = 0
        self._apply = apply
        self._echo = echo
        self._is_issue = is_issue

    def make(self, write: W) -> None:
        """Apply ``write`` unless its issue already failed; a fatal error is raised with the
        issues that failed before it appended."""
        if write.target in self.failed:
            return
        try:
            self._apply(write)
        except SourceError as exc:
            if isinstance(exc, TrackerUnavailable) or (isinstance(exc, PermissionDenied) and not self.landed):
                if self.failed:
                    exc.message = f"{exc.message}\n{self.failures()}"
                    exc.args = (exc.message,)
                raise
            self.failed[write.target] = exc.message
            return
        self.landed += 1
        if self._echo is not None:
            self._echo(write.describe())

    def failures(self) -> str:
        """One line per issue (or repository) whose writes failed, under a count."""
        issues = len({w.target for w in self.writes if self._is_issue(w.target)})
        targets = len({w.target for w in self.writes})
        others = "the other writes were made, and " if len(self.failed) < targets else ""
        head = f"could not tag {len(self.failed)} of {issues} issue{'s' if issues != 1 else ''}; {others}a re-run retries:"
        return "\n".join([head, *(f"  {target}: {message}" for target, message in self.failed.items())])

    def finish(self) -> int:
        """How many writes there were; a SourceError naming each failed issue if any failed."""
        if self.failed:
            raise SourceError(self.failures())
        return len(self.writes)
