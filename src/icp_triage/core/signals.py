"""What attribution finds on a request: signals that name an account, signals that name none
(with the reason), and the ``Attribution`` that holds them for one request."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from icp_triage.core.models import RequestLike

if TYPE_CHECKING:
    from icp_triage.core.attribution import Attributor


# Signal, UnmatchedSignal and Attribution are treated as immutable values but are not
# ``frozen``: a frozen dataclass costs about five times as much to construct, and ranking
# 100k requests builds a few hundred thousand of them.


@dataclass(slots=True)
class Signal:
    """One account asking: ``source`` says where, e.g. ``comment by @bob``."""

    account_id: str
    kind: str
    strength: float
    source: str
    evidence: str = ""


@dataclass(slots=True)
class UnmatchedSignal:
    """A signal that named no account, and why."""

    kind: str
    value: str
    source: str
    reason: str


Hit = tuple[str | None, str, str, str, str, str]
"""A raw signal: (account id or None, kind, value, source, reason when unmatched, evidence)."""


@dataclass(slots=True)
class Attribution:
    """The accounts behind one request: ``best`` holds one signal per account, by account id.

    Ranking 100k requests needs only the matched signals, so ``attribute`` records unmatched
    ones only on request (``detail=True``); the ``unmatched`` view re-reads the request in
    detail when asked, so no reason is ever lost, only deferred.
    """

    best: tuple[Signal, ...]
    hits: Sequence[Hit]
    strengths: Mapping[str, float]
    request: RequestLike | None = None
    attributor: Attributor | None = None
    skipped_people: tuple[str, ...] = ()  # with detail: the bots' and ignored users' signals

    @property
    def signals(self) -> tuple[Signal, ...]:
        """Every signal that named an account, strongest or not."""
        return tuple(
            Signal(found, kind, self.strengths[kind], source, evidence)
            for found, kind, _, source, _, evidence in self.hits
            if found
        )

    @property
    def unmatched(self) -> tuple[UnmatchedSignal, ...]:
        """Every signal that named no account, with the reason."""
        return tuple(
            UnmatchedSignal(kind, value, source, reason)
            for found, kind, value, source, reason, _ in self._detail().hits
            if not found
        )

    @property
    def skipped(self) -> tuple[str, ...]:
        """Where a bot or an ignored user signalled (``author @dependabot[bot]``): no customer,
        so not an unmatched signal either, but the reason a request may have no requester."""
        return self._detail().skipped_people

    def _detail(self) -> Attribution:
        if self.request is not None and self.attributor is not None:
            return self.attributor.attribute(self.request, detail=True)
        return self
