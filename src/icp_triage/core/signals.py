"""What attribution finds on a request: signals that name an account, signals that name none
(with the reason), and the ``Attribution`` that holds them for one request."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Signal, UnmatchedSignal and Attribution are treated as immutable values but are not
# ``frozen``: a frozen dataclass costs about five times as much to construct, and ranking
# 100k requests builds a few hundred thousand of them.


@dataclass(slots=True)
class Signal:
    """One account asking: ``source`` says where, e.g. ``comment by @bob``; ``via`` is the
    key of the duplicate it was found on when it counts for that duplicate's original
    (``core.duplicates``), else empty."""

    account_id: str
    kind: str
    strength: float
    source: str
    evidence: str = ""
    via: str = ""


@dataclass(slots=True)
class UnmatchedSignal:
    """A signal that named no account, and why."""

    kind: str
    value: str
    source: str
    reason: str

    @property
    def candidates(self) -> tuple[str, ...]:
        """The accounts an ambiguous value could be (``core.account_index.AmbiguousReason``)."""
        return getattr(self.reason, "candidates", ())


Hit = tuple[str | None, str, str, str, str, str]
"""A raw signal: (account id or None, kind, value, source, reason when unmatched, evidence)."""


@dataclass(slots=True)
class Attribution:
    """The accounts behind one request: ``best`` holds one signal per account, by account id.

    Ranking 100k requests needs only the matched signals, so ``attribute`` records every
    unmatched one (and who was skipped as a bot or an ignored user) only on request
    (``detail=True``, then ``detailed``). A value: it keeps no reference to the request or
    to the attributor that made it; ``Backlog.attribution_detail`` attributes one request
    again, in detail, from the inputs the backlog records.
    """

    best: tuple[Signal, ...]
    hits: Sequence[Hit]
    strengths: Mapping[str, float]
    skipped_people: tuple[str, ...] = ()  # with detail: the bots' and ignored users' signals
    detailed: bool = False
    vias: Sequence[str] = ()  # per hit, the duplicate it was found on ("": the request's own); or none

    @property
    def signals(self) -> tuple[Signal, ...]:
        """Every signal that named an account, strongest or not."""
        vias = self.vias or [""] * len(self.hits)
        return tuple(
            Signal(found, kind, self.strengths[kind], source, evidence, via)
            for (found, kind, _, source, _, evidence), via in zip(self.hits, vias, strict=True)
            if found
        )

    @property
    def unmatched(self) -> tuple[UnmatchedSignal, ...]:
        """Every signal that named no account, with the reason (all of them when ``detailed``)."""
        return tuple(
            UnmatchedSignal(kind, value, source, reason)
            for found, kind, value, source, reason, _ in self.hits
            if not found
        )

    @property
    def skipped(self) -> tuple[str, ...]:
        """Where a bot or an ignored user signalled (``author @<a bot>``): no customer, so not
        an unmatched signal either, but the reason a request may have no requester (when
        ``detailed``)."""
        return self.skipped_people
