"""Print one version's section of CHANGELOG.md: the GitHub release's notes.

    python scripts/changelog_section.py 0.2.0 [CHANGELOG.md]

The section is everything under ``## [0.2.0]`` up to the next ``## `` heading, its own
heading left out. Exit 2, saying so, when the changelog has no such section or it is empty:
the release workflow then stops before anything is published.
"""

from __future__ import annotations

import sys
from pathlib import Path


def section(text: str, version: str) -> str | None:
    """The body of ``version``'s section (``Unreleased`` works too), or None."""
    lines = text.splitlines()
    start = None
    for number, line in enumerate(lines):
        if line.startswith("## "):
            if start is not None:
                return "\n".join(lines[start:number]).strip() or None
            if line[3:].strip().startswith(f"[{version}]"):
                start = number + 1
    if start is None:
        return None
    body = "\n".join(line for line in lines[start:] if not line.startswith("[")).strip()
    return body or None


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        sys.stderr.write("usage: changelog_section.py VERSION [CHANGELOG.md]\n")
        return 2
    version = argv[1].removeprefix("v")
    path = Path(argv[2] if len(argv) == 3 else "CHANGELOG.md")
    body = section(path.read_text(encoding="utf-8"), version)
    if body is None:
        sys.stderr.write(
            f"Error: {path} has no '## [{version}]' section (or it is empty): rename [Unreleased] "
            f"to [{version}] - YYYY-MM-DD before tagging v{version}\n"
        )
        return 2
    sys.stdout.write(body + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
