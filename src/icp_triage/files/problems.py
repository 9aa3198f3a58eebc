"""Turn pydantic validation errors into one paragraph a user can act on.

``icp.yml: profile.criteria[2].range.min: expected a number, got 'ten' (line 14)``: the
file, the path inside it, what was expected, and the line when the text is YAML.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

Loc = tuple[str | int, ...]

_EXPECTED = {
    "float_parsing": "expected a number",
    "float_type": "expected a number",
    "finite_number": "expected a finite number",
    "int_parsing": "expected a whole number",
    "int_type": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_parsing": "expected true or false",
    "bool_type": "expected true or false",
    "string_type": "expected text",
    "list_type": "expected a list",
    "tuple_type": "expected a list",
    "dict_type": "expected a mapping (key: value)",
    "model_type": "expected a mapping (key: value)",
    "model_attributes_type": "expected a mapping (key: value)",
    "datetime_parsing": "expected a date-time such as 2026-01-02T00:00:00Z",
    "datetime_from_date_parsing": "expected a date-time such as 2026-01-02T00:00:00Z",
    "datetime_type": "expected a date-time such as 2026-01-02T00:00:00Z",
}


def format_loc(loc: Sequence[str | int]) -> str:
    """``("profile", "criteria", 2, "range")`` -> ``profile.criteria[2].range``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _real_loc(loc: Sequence[str | int], data: Any) -> Loc:
    """Drop pydantic's union and validator tags, keeping only keys present in the data."""
    kept: list[str | int] = []
    node: Any = data
    last = len(loc) - 1
    for i, part in enumerate(loc):
        if (isinstance(node, Mapping) and isinstance(part, str) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            kept.append(part)
            node = node[part]  # type: ignore[index]  # narrowed by the test above
        elif i == last and isinstance(part, str) and isinstance(node, Mapping) and not _is_tag(part):
            kept.append(part)  # a missing or unknown key: name it even though it is absent
    return tuple(kept)


def _is_tag(part: str) -> bool:
    return "[" in part or part in {"str", "int", "float", "bool", "list", "dict", "none"}


def _shown(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(
    error: Mapping[str, Any], vocabulary: Iterable[str], places: Mapping[str, Collection[str]], loc: Loc = ()
) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return "required, but missing"
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])
        section = ".".join(str(p) for p in loc[:-1] if isinstance(p, str))
        homes = sorted(set(places.get(key, ())) - {section})
        if homes:  # a real key in the wrong section: "did you mean 'weight_by'" helped nobody
            return f"{key} belongs under {' or '.join(f'{h}:' if h else 'the top level' for h in homes[:3])}"
        close = difflib.get_close_matches(key, sorted(set(vocabulary)), n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown key '{key}'{hint}"
    if kind in _EXPECTED:
        return f"{_EXPECTED[kind]}, got {_shown(value)}"
    if kind == "literal_error":
        return f"expected {error['ctx']['expected']}, got {_shown(value)}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        op = {
            "greater_than": ">",
            "greater_than_equal": ">=",
            "less_than": "<",
            "less_than_equal": "<=",
        }[kind]
        bound = next(iter(error.get("ctx", {}).values()), "")
        return f"must be {op} {bound}, got {_shown(value)}"
    if kind in ("too_short", "string_too_short"):
        least = error.get("ctx", {}).get("min_length", 1)
        if least > 1:
            return f"must have at least {least} {'characters' if kind == 'string_too_short' else 'items'}"
        return "must not be empty"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind == "json_invalid":
        return f"not valid JSON: {error.get('ctx', {}).get('error', error['msg'])}"
    return str(error["msg"])


def model_vocabulary(model: type[BaseModel]) -> set[str]:
    """Every field name and alias reachable from ``model``: the words "did you mean" offers."""
    return set(model_places(model))


def model_places(model: type[BaseModel]) -> dict[str, set[str]]:
    """Each field name or alias reachable from ``model`` -> the sections that hold it, as
    dotted paths ("ranking", "" for the top level; list items add nothing): a key written
    in the wrong section is told where it belongs."""
    places: dict[str, set[str]] = {}

    def walk(cls: type[BaseModel], path: str, seen: frozenset[type[BaseModel]]) -> None:
        if cls in seen:
            return
        for name, info in cls.model_fields.items():
            key = info.alias or name
            places.setdefault(key, set()).add(path)
            for sub in _models_in(info.annotation):
                walk(sub, f"{path}.{key}" if path else key, seen | {cls})

    walk(model, "", frozenset())
    return places


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_models_in(arg))
    return found


def describe_validation_error(
    exc: ValidationError,
    *,
    file: str,
    data: Any,
    prefix: Loc = (),
    lines: Mapping[Loc, int] | None = None,
    vocabulary: Iterable[str] = (),
    places: Mapping[str, Collection[str]] | None = None,
) -> tuple[str, int | None]:
    """One paragraph for ``exc``: the first problem in full, the count of the rest.

    Returns the message and the line of the first problem (for ``::error line=``).
    """
    problems: list[tuple[Loc, str]] = []
    seen: set[Loc] = set()
    words = list(vocabulary)
    for error in exc.errors(include_url=False):
        loc = prefix + _real_loc(error["loc"], data)
        if loc in seen:
            continue
        seen.add(loc)
        problems.append((loc, _message(error, words, places or {}, loc)))
    if any("required, but missing" in t for _, t in problems):
        # A misspelt key (critera:) makes the real one missing too; the misspelling, with its
        # "did you mean", on its own line, is the problem to show first.
        problems.sort(key=lambda p: "did you mean" not in p[1] and " belongs under " not in p[1])
    loc, text = problems[0]
    line = _line_for(loc, lines or {})
    where = format_loc(loc) or "top level"
    message = f"{file}: {where}: {text}"
    if line is not None:
        message += f" (line {line})"
    if len(problems) > 1:
        others = ", ".join(format_loc(p[0]) or "top level" for p in problems[1:4])
        more = len(problems) - 1
        message += f". {more} more problem{'s' if more > 1 else ''}: {others}"
        if more > 3:
            message += ", ..."
    return message, line


def _line_for(loc: Loc, lines: Mapping[Loc, int]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None
