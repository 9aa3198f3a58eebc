"""``rank --format json`` at 100k requests: the bytes of ``dumps(backlog_dict(...))``, without the dicts.

``json_report.dumps`` builds a dict per item and account and calls ``json.dumps`` per item;
at 100k requests (79 MB) that takes seconds. Here one msgspec Struct per item and per
account, fields in ``item_dict``'s key order, is encoded 1000 items at a time;
``msgspec.json.format(indent=0)`` then gives exactly ``json.dumps``' ``", "`` and ``": "``
separators and escapes (non-ASCII kept, control characters as ``\\u00XX``), and one replace
puts each item on its own line. Tests check the bytes against the generic path.

Where the two writers differ, a batch takes the generic path (``json_line`` per item): a
float that ``repr`` writes in exponent form (``1e-05``, ``1e+16``; msgspec: ``0.00001``,
``1e16``), a non-finite one (``Infinity``; msgspec: ``null``), a type msgspec cannot encode.
Values are of the types ``RankedItem`` declares (str, int, float, bool, None); a datetime or
an Enum, which msgspec encodes but not as ``str()``, would differ.

Rounding is ``_num``'s, ``round(x, 4)`` computed faster (``_round4``). Imported only for
``rank --format json``: msgspec stays out of the other commands' start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import msgspec

from icp_triage.core.backlog import Backlog, RankedItem, UnattributedItem
from icp_triage.reports.json_report import item_dict, json_line, unattributed_dict


class _Trigger(msgspec.Struct, gc=False):
    attribute: str
    date: str
    within_days: int


class _Problem(msgspec.Struct, gc=False):
    name: str
    matched: list[str]


class _Account(msgspec.Struct, gc=False):
    id: str
    name: str
    tier: str
    fit: float | None
    signal: str
    strength: float
    source: str
    triggers: list[_Trigger]


class _Item(msgspec.Struct, gc=False, rename={"klass": "class"}):
    rank: int
    key: str
    title: str
    url: str | None
    klass: str
    icp_value: float | None
    demand: float | None
    icp_share: float | None
    off_icp_demand: float | None
    unknown_demand: float | None
    effort: float | None
    effort_assumed: bool
    value_per_effort: float | None
    low_confidence: bool
    demand_rank: int | None
    problems: list[_Problem]
    urgent: str | None
    value_factor: float | None
    accounts: list[_Account]


class _Unattributed(msgspec.Struct, gc=False):
    key: str
    title: str
    url: str | None
    reasons: list[str]
    problems: list[_Problem]
    urgent: str | None


class _Unusual(Exception):
    """A value this path would not write as ``json.dumps`` does."""


def _plain(value: Any) -> bool:
    """Whether msgspec writes ``value`` as ``json.dumps`` does, as far as numbers go.

    Both write the shortest repr of a float, but for magnitudes below 1e-4 or from 1e16
    ``repr`` switches to an exponent msgspec spells differently; infinities and NaN are
    ``null`` in msgspec and ``Infinity``/``NaN`` in ``json``.
    """
    if value.__class__ is not float:
        return True
    return value == 0 or 1e-4 <= abs(value) < 1e16


def _check(value: Any, plain: set[Any]) -> None:
    """Raise unless ``value`` is plain; ``plain`` caches the verdicts (equal numbers agree)."""
    if not _plain(value):
        raise _Unusual
    plain.add(value)


def _round4(value: Any) -> Any:
    """``round(value, 4)`` (None stays None), three times faster for most floats.

    ``m``, ``value * 1e4`` rounded half-even to an integer (adding and taking away 1.5 * 2**52
    does that below 2**51), is the integer ``round(value, 4)`` picks unless the product's own
    rounding error moved it across a half: below 1e12 that error is under 1.3e-4, so a
    product further than 2e-4 from a half is safe, and ``m / 1e4`` is then the double
    nearest to m * 10**-4, which is what ``round`` returns (a zero keeps the sign of
    ``value``, as in ``round``). Everything else takes ``round`` itself.
    """
    if value.__class__ is float:
        scaled = value * 10000.0
        m = (scaled + 6755399441055744.0) - 6755399441055744.0
        if -0.4998 < scaled - m < 0.4998 and -1e12 < scaled < 1e12:
            return m / 10000.0 if m else value * 0.0
    if value is None:
        return None
    rounded = round(value, 4)
    if not _plain(rounded):
        raise _Unusual
    return rounded


class _Fits(dict):  # type: ignore[type-arg]
    """``round(fit, 2)`` of each distinct non-zero float fit, computed once (there are few)."""

    def __missing__(self, fit: float) -> float:
        rounded = round(fit, 2)
        if not _plain(rounded):
            raise _Unusual
        self[fit] = rounded
        return rounded


def _items(items: Iterable[RankedItem], fits: _Fits, plain: set[Any]) -> list[_Item]:
    """The Structs of ``items``; ``plain`` holds the strengths and efforts already checked."""
    out: list[_Item] = []
    append = out.append
    for item in items:
        accounts: list[_Account] = []
        add = accounts.append
        for c in item.contributions:
            fit, signal = c.fit, c.signal
            if fit.__class__ is float:
                if fit:  # round(±0.0, 2) is ±0.0 (and 0.0 == -0.0 as keys)
                    fit = fits[fit]
            elif fit is not None:
                fit = round(fit, 2)
            strength = signal.strength
            if strength not in plain:
                _check(strength, plain)
            triggers = [_Trigger(t.attribute, t.on.isoformat(), t.within_days) for t in c.triggers]
            add(_Account(c.account_id, c.name, c.tier, fit, signal.kind, strength, signal.source, triggers))
        effort = item.effort
        if effort not in plain:
            _check(effort, plain)
        append(
            _Item(
                item.rank,
                item.key,
                item.title,
                item.url,
                item.klass,
                _round4(item.icp_value),
                _round4(item.demand),
                _round4(item.icp_share),
                _round4(item.off_icp_demand),
                _round4(item.unknown_demand),
                effort,
                item.effort_assumed,
                _round4(item.value_per_effort),
                item.low_confidence,
                item.demand_rank,
                [_Problem(p.name, list(p.matched)) for p in item.problems],
                item.urgent,
                _round4(item.value_factor),
                accounts,
            )
        )
    return out


def _unattributed(items: Iterable[UnattributedItem]) -> list[_Unattributed]:
    return [
        _Unattributed(
            i.key,
            i.title,
            i.url,
            list(i.reasons),
            [_Problem(p.name, list(p.matched)) for p in i.problems],
            i.urgent,
        )
        for i in items
    ]


_encoder = msgspec.json.Encoder()
_BATCH = 1000  # items per encode: some 800 KB, so buffers are reused rather than faulted in


def _list(
    items: Sequence[Any],
    structs: Callable[[Sequence[Any]], list[Any]],
    as_dict: Callable[[Any], dict[str, Any]],
    first_key: bytes,
) -> Iterator[bytes]:
    """A list at the document's second level: ``[``, one item per line, ``]``."""
    if not items:
        yield b"[]"
        return
    yield b"[\n    "
    for start in range(0, len(items), _BATCH):
        batch = items[start : start + _BATCH]
        if start:
            yield b",\n    "
        try:
            text = msgspec.json.format(_encoder.encode(structs(batch)), indent=0)  # [{...}, {...}]
        except (_Unusual, TypeError):  # a value json.dumps writes its own way: let it
            yield ",\n    ".join(json_line(as_dict(i)) for i in batch).encode("utf-8")
            continue
        # '}, {"rank": ' only occurs between two items: a quote inside a string is escaped,
        # and nested objects (accounts) start with another key.
        yield text.replace(b"}, {" + first_key, b"},\n    {" + first_key)[1:-1]
    yield b"\n  ]"


def backlog_chunks(backlog: Backlog, *, top: int | None = None) -> Iterator[bytes]:
    """``dumps(backlog_dict(backlog, top=top))`` in UTF-8, some 800 KB at a time.

    ``top`` keeps the first N of each list, as in every format (reports/top.py).

    Chunks rather than one bytes object: at 100k requests a fresh 79 MB buffer costs more in
    page faults than the encoding, and ``emit`` writes each chunk as it comes.
    """
    fits = _Fits()
    plain: set[Any] = set()

    def items(batch: Sequence[RankedItem]) -> list[_Item]:
        return _items(batch, fits, plain)

    profile = {"name": backlog.profile_name, "version": backlog.profile_version}
    yield b'{\n  "profile": ' + json_line(profile).encode("utf-8") + b',\n  "ranked": '
    yield from _list(backlog.ranked[:top] if top else backlog.ranked, items, item_dict, b'"rank": ')
    yield b',\n  "opportunistic": '
    opportunistic = backlog.opportunistic[:top] if top else backlog.opportunistic
    yield from _list(opportunistic, items, item_dict, b'"rank": ')
    yield b',\n  "unknown_fit": '
    unknown_fit = backlog.unknown_fit[:top] if top else backlog.unknown_fit
    yield from _list(unknown_fit, items, item_dict, b'"rank": ')
    yield b',\n  "unattributed": '
    unattributed = backlog.unattributed[:top] if top else backlog.unattributed
    yield from _list(unattributed, _unattributed, unattributed_dict, b'"key": ')
    yield b"\n}\n"
