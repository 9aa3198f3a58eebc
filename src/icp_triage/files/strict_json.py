"""One strict JSON reader for every JSON document a user hands us.

JSON parsers keep the last of two equal keys, so ``{"requests": [...], "requests": []}``
ranked nothing and ``{"author": "alice", "author": "bob"}`` kept bob, without a word (msgspec
does the same: https://github.com/msgspec/msgspec/issues/648). Python reads ``NaN``,
``Infinity`` and ``1e400`` as non-finite floats that poison sums and make our JSON output
unreadable to strict parsers, and a document nested a thousand deep ends in a
RecursionError. ``check_json`` refuses all of these, naming the file and the path inside it
(``requests[0].author``), the way duplicate YAML keys are refused.
"""

from __future__ import annotations

import json
import math
from typing import Any

from icp_triage.errors import DataError
from icp_triage.files.textfile import ErrorType, decode

MAX_DEPTH = 64


class _Repeated(dict):  # type: ignore[type-arg]
    """An object that had ``key`` twice: a marker the walk after parsing reports by path."""

    key: str = ""


class _NonFinite:
    """A number that is not finite: a marker the walk after parsing reports by path."""

    def __init__(self, shown: str) -> None:
        self.shown = shown


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) == len(pairs):
        return data
    seen: set[str] = set()
    marked = _Repeated(data)
    marked.key = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
    return marked


def _float(text: str) -> float | _NonFinite:
    value = float(text)
    return value if math.isfinite(value) else _NonFinite("a number too large for a float")


def _constant(text: str) -> _NonFinite:
    return _NonFinite(text)  # NaN, Infinity or -Infinity: JavaScript's words, not JSON


def _where(path: str) -> str:
    return f" {path}:" if path else ""


def _clean(data: Any) -> bool:
    """Whether nothing needs refusing: no marker, no nesting past MAX_DEPTH.

    The fast pass over containers only, keeping no paths: a 187 MB request file has about
    ten million values, and naming each one's path cost five times this walk. Only when it
    finds something does ``_walk`` go again to name where.
    """
    if isinstance(data, (_Repeated, _NonFinite)):
        return False
    stack: list[tuple[Any, int]] = [(data, 1)] if isinstance(data, (dict, list)) else []
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        if depth > MAX_DEPTH:
            return False
        for child in node.values() if isinstance(node, dict) else node:
            kind = type(child)
            if kind is dict or kind is list:
                push((child, depth + 1))
            elif kind is _Repeated or kind is _NonFinite:
                return False
    return True


def _walk(data: Any, *, label: str, error: ErrorType) -> None:
    """Refuse the first repeated key or too deep a nesting, by path (iteratively)."""
    if _clean(data):
        return
    stack: list[tuple[Any, str, int]] = [(data, "", 1)]
    while stack:
        node, path, depth = stack.pop()
        if isinstance(node, (dict, list)) and depth > MAX_DEPTH:
            raise error(
                f"{label}:{_where(path)} nested deeper than {MAX_DEPTH} levels; not a file this tool reads"
            )
        if isinstance(node, _NonFinite):  # a too large value is not shown: it may be a secret's
            raise error(f"{label}:{_where(path)} expected a finite number, got {node.shown}")
        if isinstance(node, _Repeated):
            raise error(
                f"{label}:{_where(path)} the key '{node.key}' appears twice in one object "
                "(the first value would be lost); keep one"
            )
        if isinstance(node, dict):
            stack.extend((v, f"{path}.{k}" if path else str(k), depth + 1) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in reversed(list(enumerate(node))))


def load_json(text: str | bytes, *, label: str, error: ErrorType = DataError) -> Any:
    """Parse JSON strictly; raises ``error`` naming ``label`` (and the line, or the path) for a
    syntax error, a key given twice in one object, NaN/Infinity or a number too large for a
    float (1e400), or nesting deeper than MAX_DEPTH."""
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_float=_float, parse_constant=_constant)
    except RecursionError:
        raise error(f"{label}: nested deeper than {MAX_DEPTH} levels; not a file this tool reads") from None
    except json.JSONDecodeError as exc:
        raise error(f"{label}: line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}") from None
    except ValueError as exc:  # an integer of over 4,300 digits
        raise error(f"{label}: not valid JSON: {exc}") from None
    _walk(data, label=label, error=error)
    return data


def check_json(raw: bytes, *, label: str, error: ErrorType = DataError) -> None:
    """``load_json`` for its refusals only (a request file is then decoded by msgspec); bytes
    that are not UTF-8 get textfile's error, naming the line."""
    load_json(decode(raw, label=label, error=error), label=label, error=error)
