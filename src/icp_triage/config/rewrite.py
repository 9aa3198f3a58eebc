"""Write a copy of icp.yml with another ``profile:`` section, keeping every other line as it is.

Text surgery rather than load-and-dump, so the user's comments and layout in the other
sections survive. The result is checked by loading it before anyone writes it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from icp_triage.config.loader import LoadedConfig, line_map, parse_config
from icp_triage.errors import ConfigError

_TOP_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")


def replace_profile(text: str, block: str, *, label: str) -> str:
    """``text`` (an icp.yml) with its top-level ``profile:`` section replaced by ``block``.

    The section runs from its key to the next top-level key; comment lines just above the
    next key stay with that key. Raises ConfigError when the file has no ``profile:`` at the
    top level written in block style.
    """
    lines = text.splitlines(keepends=True)
    start = line_map(text).get(("profile",))
    if start is None or not lines[start - 1].startswith("profile:"):
        raise ConfigError(f"{label}: no top-level 'profile:' section to replace", file=label)
    end = len(lines)
    for number in range(start, len(lines)):
        if _TOP_KEY.match(lines[number]):
            end = number
            break
    while end > start and lines[end - 1].lstrip().startswith("#") and not lines[end - 1].startswith(" "):
        end -= 1  # the next section's own comments
    while end > start and not lines[end - 1].strip():
        end -= 1
    tail = "\n" if end < len(lines) and lines[end].strip() else ""
    return "".join(lines[: start - 1]) + block + tail + "".join(lines[end:])


def repoint_accounts(text: str, loaded: LoadedConfig, target: Path) -> str:
    """``text`` with a relative ``accounts:`` path made relative to ``target``'s folder, so the
    copy reads the same file from where it is written."""
    relative = loaded.config.accounts
    if not relative or Path(relative).expanduser().is_absolute():
        return text
    source = loaded.resolve(relative).resolve()
    new = Path(os.path.relpath(source, target.resolve().parent)).as_posix()
    if new == relative:
        return text
    line = loaded.line_of("accounts")
    lines = text.splitlines(keepends=True)
    if line is None or not lines[line - 1].startswith("accounts:"):
        return text
    comment = ""
    if " #" in lines[line - 1]:
        comment = "  #" + lines[line - 1].split(" #", 1)[1].rstrip("\n")
    lines[line - 1] = f"accounts: {new}{comment}\n"
    return "".join(lines)


def drafted_config(loaded: LoadedConfig, text: str, block: str, target: Path) -> str:
    """The complete icp.yml to write at ``target``: ``text`` with ``block`` as its profile and
    the accounts path still pointing at the same file. Raises ConfigError if it would not load."""
    label = str(loaded.path)
    result = replace_profile(repoint_accounts(text, loaded, target), block, label=label)
    parse_config(result, label=str(target), path=target)
    return result
