"""Duplicates add up: a request the tracker marks as a duplicate of another is not ranked, and
its signals count for the original (the canonical), each account once. DESIGN.md, "Formulas".

The most requested features are the ones filed many times; a customer's +1 on an issue closed
as a duplicate would otherwise never reach the request that is ranked. ``resolve`` reads the
marks (``RequestLike.duplicate_of``) of a backlog: a chain (A duplicates B, B duplicates C)
resolves to the last request in it that is not itself folded. A mark that cannot be followed
leaves the duplicate's demand where it is, on the duplicate, with a note: its canonical is not
in the backlog (closed, another project, a pull request), the marks form a cycle, or the issue
was closed as a duplicate without naming of what. ``Duplicates.attribute`` then attributes a
canonical with its duplicates' signals, each remembering the duplicate it came through.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from icp_triage.core.attribution import Attributor
from icp_triage.core.models import RequestLike
from icp_triage.core.signals import Attribution, Hit
from icp_triage.errors import DataError

SHOWN = 5  # keys named per note; the rest are counted


def through(key: str, canonical: str, shorten: Callable[[str, str], str]) -> str:
    """What a signal's source gains when it counts for ``canonical`` from the duplicate ``key``:
    ``+1 by @initech`` becomes ``+1 by @initech on #212, a duplicate of #189``."""
    return f" on {shorten(key, canonical)}, a duplicate of {shorten(canonical, key)}"


@dataclass(frozen=True)
class Duplicates:
    """Which requests of a backlog fold into which: ``folded`` maps each canonical's key to its
    duplicates (every request whose chain ends there, in the backlog's order), ``canonical``
    each folded duplicate's (casefolded) key to its canonical's key; ``notes`` say which marks
    were not followed and why."""

    folded: Mapping[str, tuple[RequestLike, ...]] = field(default_factory=dict)
    canonical: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def is_folded(self, key: str) -> bool:
        """Whether ``key`` is a duplicate whose demand counts for another request (not ranked)."""
        return bool(self.canonical) and key.casefold() in self.canonical

    def canonical_of(self, key: str) -> str | None:
        """The key of the request that ``key``'s demand counts for, when it is a folded duplicate."""
        return self.canonical.get(key.casefold())

    def attribute(self, attributor: Attributor, request: RequestLike, *, detail: bool = False) -> Attribution:
        """``request``'s attribution with its duplicates' signals added (``Attributor.fold``):
        each account once, at its strongest signal on any of them, the request's own first on
        a tie. Every signal from a duplicate says so in its ``source`` and ``via``."""
        own = attributor.attribute(request, detail=detail)
        duplicates = self.folded.get(request.key)
        if not duplicates:
            return own
        parts = []
        for duplicate in duplicates:
            found = attributor.attribute(duplicate, detail=detail)
            suffix = through(duplicate.key, request.key, attributor.conventions.short_reference)
            hits: list[Hit] = [
                (a, k, value, source + suffix, r, e) for a, k, value, source, r, e in found.hits
            ]
            skipped = tuple(where + suffix for where in found.skipped_people)
            parts.append(
                (
                    duplicate.key,
                    Attribution((), hits, found.strengths, skipped_people=skipped, detailed=found.detailed),
                )
            )
        return attributor.fold(own, parts)


NONE = Duplicates()


def resolve(requests: Sequence[RequestLike]) -> Duplicates:
    """The duplicates of ``requests`` and their canonicals, from each request's mark.

    Keys compare ignoring case (GitHub's owner and repository names do). Linear in the
    backlog: each request's chain is followed once, and every request on it is settled.
    """
    marked = [r for r in requests if r.duplicate_of is not None]
    if not marked:
        return NONE
    by_key = {r.key.casefold(): r for r in requests}
    settled: dict[str, str] = {}  # where each request's demand goes: its own key, or a canonical's
    outside: list[str] = []
    cycles: list[list[str]] = []
    unnamed: list[str] = []
    for request in marked:
        chain: list[str] = []
        on_chain: dict[str, int] = {}  # a key's place in ``chain``: a long chain stays linear
        current = request
        while True:
            key = current.key.casefold()
            if key in settled:
                end = settled[key]
                break
            if key in on_chain:  # a cycle: each request on it keeps its demand
                at = on_chain[key]
                cycle = [by_key[member].key for member in chain[at:]]
                settled.update((k.casefold(), k) for k in cycle)
                cycles.append(cycle)
                chain, end = chain[:at], current.key
                break
            mark = current.duplicate_of
            target = None if mark is None or mark.key is None else by_key.get(mark.key.casefold())
            if target is None:  # not a duplicate, or a mark that cannot be followed
                if mark is not None and mark.key is None:
                    unnamed.append(current.key)
                elif mark is not None:
                    outside.append(f"{current.key} (of {mark.key})")
                settled[key] = end = current.key
                break
            on_chain[key] = len(chain)
            chain.append(key)
            current = target
        for member in chain:
            settled[member] = end
    folded: dict[str, list[RequestLike]] = {}
    canonical: dict[str, str] = {}
    for request in requests:  # in the backlog's order, so each canonical's duplicates are too
        key = request.key.casefold()
        end = settled.get(key, request.key)
        if end.casefold() != key:
            canonical[key] = end
            folded.setdefault(end, []).append(request)
    notes = (
        _note(
            outside,
            "1 request marked as a duplicate of a request outside the backlog keeps its own demand",
            "{n} requests marked as duplicates of requests outside the backlog keep their own demand",
        ),
        _note(
            [" -> ".join([*cycle, cycle[0]]) for cycle in cycles],
            "1 cycle of duplicate marks: each request in it keeps its own demand",
            "{n} cycles of duplicate marks: each request in them keeps its own demand",
        ),
        _note(
            unnamed,
            "1 request closed as a duplicate without naming the original (no duplicate mark, no "
            "'Duplicate of #N' comment) keeps its own demand",
            "{n} requests closed as duplicates without naming the original (no duplicate mark, no "
            "'Duplicate of #N' comment) keep their own demand",
        ),
    )
    return Duplicates({k: tuple(v) for k, v in folded.items()}, canonical, tuple(n for n in notes if n))


def with_duplicates(requests: Sequence[RequestLike], key: str) -> list[RequestLike]:
    """Request ``key`` and the duplicates whose demand counts for it: what ranking that one
    request needs (``tag --only``); empty when no request has the key. Raises DataError when
    ``key`` is a duplicate itself: never tagged, its demand is on its original's tags."""
    found = [r for r in requests if r.key == key]
    if not found:
        return []
    duplicates = resolve(requests)
    canonical = duplicates.canonical_of(key)
    if canonical is not None:
        raise DataError(
            f"{key}: a duplicate of {canonical}, not tagged itself: its demand counts on {canonical}"
        )
    return [*found, *duplicates.folded.get(key, ())]


def _note(items: list[str], one: str, many: str) -> str:
    """One line for one kind of mark not followed, naming the first SHOWN."""
    if not items:
        return ""
    shown = "; ".join(items[:SHOWN]) + (f"; and {len(items) - SHOWN} more" if len(items) > SHOWN else "")
    return f"Duplicates: {one if len(items) == 1 else many.format(n=len(items))}: {shown}."
