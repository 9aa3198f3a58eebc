"""Find, read and validate ``icp.yml``, keeping YAML line numbers for error messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from icp_triage.files.problems import Loc, describe_validation_error, model_places
from icp_triage.files.textfile import read_text
from icp_triage.files.yaml_text import line_map, parse_yaml

__all__ = ["LoadedConfig", "find_config", "line_map", "load_config", "parse_config", "parse_yaml"]
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


@cache
def _places() -> dict[str, set[str]]:
    return model_places(Config)


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
            exc, file=label, data=data, lines=lines, vocabulary=_places(), places=_places()
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
