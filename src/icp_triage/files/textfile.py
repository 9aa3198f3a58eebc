"""Read a user's file as UTF-8 text, turning every way that fails into a clear error."""

from __future__ import annotations

import sys
from pathlib import Path

from icp_triage.errors import ConfigError, DataError
from icp_triage.files.output_guard import remember_input

ErrorType = type[ConfigError] | type[DataError]


def read_text(path: Path, *, label: str, error: ErrorType = DataError, hint: str = "") -> str:
    """The file's text; raises ``error`` naming ``label`` when missing, empty or not UTF-8."""
    return decode(read_bytes(path, label=label, error=error, hint=hint), label=label, error=error, path=path)


def read_bytes(path: Path, *, label: str, error: ErrorType = DataError, hint: str = "") -> bytes:
    """The file's bytes; raises ``error`` naming ``label`` when missing or unreadable.
    ``-`` is standard input, as Unix tools read it (``--input -``)."""
    if str(path) == "-":
        try:
            return sys.stdin.buffer.read()
        except (AttributeError, OSError, ValueError) as exc:
            raise error(f"{label}: cannot read standard input ({exc})") from None
    remember_input(path)  # so --output cannot overwrite it (output_guard)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error(f"{label}: file not found{hint}", file=str(path)) from None
    except IsADirectoryError:
        raise error(f"{label}: is a directory, expected a file", file=str(path)) from None
    except OSError as exc:
        raise error(f"{label}: cannot read it ({exc.strerror})", file=str(path)) from None


def decode(raw: bytes, *, label: str, error: ErrorType = DataError, path: Path | None = None) -> str:
    """UTF-8 text (a BOM is dropped); raises ``error`` on empty or undecodable bytes."""
    file = str(path) if path else None
    if not raw or raw.isspace():  # isspace stops at the first other byte; strip() would copy
        raise error(f"{label}: the file is empty", file=file)
    utf16 = _utf16(raw)
    if utf16:
        raise error(
            f"{label}: {utf16} text, not UTF-8 (Excel's \"Unicode Text\" and PowerShell's default "
            'write it); save it as UTF-8 ("CSV UTF-8" in Excel) and try again',
            file=file,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(
            f"{label}: not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); "
            "save it as UTF-8 and try again",
            file=file,
            line=line,
        ) from None


def _utf16(raw: bytes) -> str | None:
    """``UTF-16 (little-endian)`` or ``(big-endian)`` when ``raw`` looks like UTF-16: its
    byte-order mark, or a NUL after (or before) each of the first ASCII characters."""
    if raw.startswith(b"\xff\xfe"):
        return "UTF-16 (little-endian)"
    if raw.startswith(b"\xfe\xff"):
        return "UTF-16 (big-endian)"
    head = raw[:64]
    if len(head) >= 4 and head[1::2].count(0) == len(head[1::2]) and 0 not in head[0::2]:
        return "UTF-16 (little-endian)"
    if len(head) >= 4 and head[0::2].count(0) == len(head[0::2]) and 0 not in head[1::2]:
        return "UTF-16 (big-endian)"
    return None
