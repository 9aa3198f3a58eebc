"""Find, read and validate ``icp.yml``, keeping YAML line numbers for error messages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from icp_triage.adapters.problems import Loc, describe_validation_error, model_vocabulary
from icp_triage.adapters.textfile import ErrorType, read_text
from icp_triage.adapters.yaml_bounds import YamlTooLarge, load_bounded
from icp_triage.config.schema import Config
from icp_triage.errors import ConfigError

DEFAULT_LOCATIONS = (Path("icp.yml"), Path(".github/icp.yml"))


@dataclass(frozen=True)
class LoadedConfig:
    """A validated config and where it came from (paths inside are relative to ``base``)."""

    config: Config
    path: Path
    lines: Mapping[Loc, int]

    @property
    def base(self) -> Path:
        return self.path.parent

    def resolve(self, relative: str) -> Path:
        path = Path(relative).expanduser()
        return path if path.is_absolute() else self.base / path

    def line_of(self, *loc: str | int) -> int | None:
        return self.lines.get(tuple(loc))


def find_config(explicit: Path | None, *, cwd: Path) -> Path:
    """``--config`` if given, else ``icp.yml``, else ``.github/icp.yml``."""
    if explicit is not None:
        return explicit
    for candidate in DEFAULT_LOCATIONS:
        if (cwd / candidate).is_file():
            return cwd / candidate
    raise ConfigError(
        "no icp.yml found (looked for ./icp.yml and ./.github/icp.yml). "
        "Run `icp-triage init` to write a starter one, `icp-triage demo --write DIR` for a worked "
        "example, or pass --config PATH."
    )


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
    for a document past yaml_bounds' limits (alias bombs, loops, deep nesting)."""
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


@cache
def _vocabulary() -> frozenset[str]:
    return frozenset(model_vocabulary(Config))


def parse_config(text: str, *, label: str, path: Path) -> LoadedConfig:
    """Validate ``icp.yml`` text; raises ConfigError naming the path and line of a problem."""
    data = parse_yaml(text, label=label)
    if data is None:
        raise ConfigError(
            f"{label}: the file has no settings; it needs at least a 'profile' section", file=label
        )
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"{type(data).__name__} {data!r}"
        raise ConfigError(
            f"{label}: expected a mapping at the top level (profile:, accounts:, ...), got {kind}"
        )
    lines = line_map(text)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        message, line = describe_validation_error(
            exc, file=label, data=data, lines=lines, vocabulary=_vocabulary()
        )
        raise ConfigError(message, file=label, line=line) from None
    return LoadedConfig(config=config, path=path, lines=lines)


def load_config(explicit: Path | None = None, *, cwd: Path | None = None) -> LoadedConfig:
    """Find and load the config; every failure is a ConfigError (exit 2)."""
    path = find_config(explicit, cwd=cwd or Path.cwd())
    label = str(path)
    text = read_text(
        path,
        label=label,
        error=ConfigError,
        hint=" (run `icp-triage init` to write a starter icp.yml)",
    )
    return parse_config(text, label=label, path=path)
