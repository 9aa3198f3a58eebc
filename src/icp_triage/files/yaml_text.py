"""YAML as users write it: YAML 1.2 scalars, no key given twice, line numbers for errors."""

from __future__ import annotations

import re
from typing import Any

import yaml

from icp_triage.errors import ConfigError
from icp_triage.files.problems import Loc
from icp_triage.files.textfile import ErrorType
from icp_triage.files.yaml_bounds import YamlTooLarge, load_bounded


def line_map(text: str) -> dict[Loc, int]:
    """The 1-based line where each mapping key or list item starts, by path."""
    lines: dict[Loc, int] = {}
    open_nodes: set[int] = set()  # an alias may point back at its own anchor: &a [*a]

    def walk(node: yaml.Node, loc: Loc) -> None:
        lines.setdefault(loc, node.start_mark.line + 1)
        if id(node) in open_nodes:
            return
        open_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    child = (*loc, key.value)
                    lines[child] = key.start_mark.line + 1
                    walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*loc, i))
        open_nodes.discard(id(node))

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return lines
    if root is not None:
        walk(root, ())
    return lines


_YAML11_GUESSES = frozenset(f"tag:yaml.org,2002:{kind}" for kind in ("bool", "int", "float", "timestamp"))


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping (the first would be lost), and
    reads plain scalars as YAML 1.2 does.

    YAML 1.1's guesses turn profile values into something else without a word: a country
    list ``in: [NO, SE]`` holds ``False``, ``equals: yes`` is ``True``, an industry code
    ``0111`` is the octal 73 and a time ``12:30`` the number 750, so criteria silently never
    match. Here only ``true``/``false`` are booleans, and a number with a leading zero or
    colons, or a date (a version such as ``2026-11-01``), stays text. Typed settings lose
    nothing: pydantic still reads ``disqualify: yes`` as true.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first: dict[tuple[str, str], int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue  # keys merged in with << may be overridden: that is their purpose
            key = (key_node.tag, key_node.value)
            if key in first:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"the key '{key_node.value}' appears twice in one mapping (first on line {first[key]})",
                    key_node.start_mark,
                )
            first[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag not in _YAML11_GUESSES]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_UniqueKeyLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_UniqueKeyLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
_UniqueKeyLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:0|[1-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def parse_yaml(text: str, *, label: str, error: ErrorType = ConfigError) -> Any:
    """YAML text to data; raises ``error`` with the line and column of a syntax error, and
    for a document past yaml_bounds' limits (alias bombs, deep nesting)."""
    try:
        return load_bounded(text, _UniqueKeyLoader)  # a SafeLoader: no arbitrary objects
    except YamlTooLarge as exc:
        raise error(f"{label}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
        raise error(
            f"{label}:{where} not valid YAML: {problem}", line=mark.line + 1 if mark else None
        ) from None
