"""Keep ``--output`` from destroying what the command read.

``accounts --format csv --output accounts.csv`` used to replace the CRM export with the
report, and ``rank --format json --output requests.json`` the request file. Every user file
is read through ``textfile.read_bytes``, which remembers it here; before a report is
written, ``check_output`` refuses a target that is one of those files (compared as resolved
paths, through symlinks, and as the same file on disk, which also catches hard links), and a
target whose folder does not exist (as ``cp`` and shells do, instead of creating it).
"""

from __future__ import annotations

import os
from pathlib import Path

from icp_triage.errors import DataError

_read: dict[str, Path] = {}  # resolved path -> the path as the user gave it


def remember_input(path: Path) -> None:
    """Note that ``path`` was read as an input of this command."""
    _read[str(path.resolve())] = path


def _same(output: Path, source: Path) -> bool:
    try:
        return output.resolve() == source.resolve() or os.path.samefile(output, source)
    except OSError:  # the output does not exist yet, or the input is gone
        return False


def check_output(output: Path) -> None:
    """Raise DataError when writing ``output`` would overwrite an input of this command or
    needs a folder that does not exist."""
    for source in list(_read.values()):
        if _same(output, source):
            raise DataError(
                f"{output}: --output names a file this command reads ({source}); writing the report "
                "there would destroy it. Choose another file name.",
                file=str(output),
            )
    folder = output.parent
    if not folder.is_dir():
        raise DataError(
            f"{output}: the folder {folder} does not exist; create it first (mkdir -p {folder})",
            file=str(output),
        )
