"""The ``file`` source: a JSON document ``{"requests": [...]}`` of raw requests.

Two decoders, one set of rules. msgspec decodes a valid file straight into light, untracked
objects with ``RawRequest``'s fields (``RequestLike``), about three times faster than
``json.load`` and seven times faster than building pydantic models, which is what keeps
ranking 100k requests within a small multiple of a bare ``json.load``. msgspec is stricter
than pydantic (no ``"5"`` for a number, no date-only timestamps), so whenever it refuses a
file, pydantic validates it: a file pydantic accepts is accepted with pydantic's result, and a
bad file gets pydantic's error, naming the request and field. tests/adapters/test_requests_file_fast.py
checks that the fast decoder never accepts what pydantic refuses and agrees where both accept.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import msgspec
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from icp_triage.adapters.base import Membership, Snapshot
from icp_triage.core.models import (
    DatedBy,
    DuplicateMarkedBy,
    IdentityKind,
    RawRequest,
    RequestLike,
    comment_id,
)
from icp_triage.errors import DataError
from icp_triage.files.problems import describe_validation_error
from icp_triage.files.strict_json import check_json
from icp_triage.files.textfile import decode, read_bytes


class RequestFile(BaseModel):
    model_config = ConfigDict(extra="ignore")

    requests: list[RawRequest]


_ADAPTER = TypeAdapter(RequestFile)

# The fast decoder's types: RawRequest's fields and constraints, spelled for msgspec.
# ``gc=False``: they hold only JSON values, never a cycle, so the collector need not track
# the million-odd objects of a large file. A JSON null where RawRequest takes text is decoded
# as None and replaced by "" after decoding, as RawRequest's validators do; mypy is told the
# final type.


def _utc(value: datetime | None) -> datetime | None:
    """A date-time without a zone is UTC, as RawRequest says."""
    return value.replace(tzinfo=timezone.utc) if value is not None and value.tzinfo is None else value


class FileReaction(msgspec.Struct, gc=False, forbid_unknown_fields=True):
    user: str
    content: str = "+1"
    user_kind: IdentityKind = "github"
    user_name: str | None = None
    # Aware times only, and no __post_init__: a hook per reaction cost a fifth of the decoding.
    # A time without a zone is refused here, and pydantic reads it as UTC.
    created_at: Annotated[datetime, msgspec.Meta(tz=True)] | None = None
    dated_by: DatedBy = "signal"


class FileComment(msgspec.Struct, gc=False, forbid_unknown_fields=True):
    author: str | None = None
    if TYPE_CHECKING:
        body: str = ""
    else:
        body: str | None = ""
    url: str | None = None
    if TYPE_CHECKING:
        id: str | None = None
    else:
        id: Any = None  # a number (GitHub REST) or text (Jira); made text, as Comment does
    author_email: str | None = None
    author_kind: IdentityKind = "github"
    author_name: str | None = None
    created_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.body is None:
            self.body = ""
        if self.id is not None:
            self.id = comment_id(self.id)
        self.created_at = _utc(self.created_at)


class FileDuplicateOf(msgspec.Struct, gc=False, forbid_unknown_fields=True):
    key: Annotated[str, msgspec.Meta(min_length=1)] | None = None
    by: DuplicateMarkedBy = "file"

    def __post_init__(self) -> None:
        if self.key is not None:
            if not self.key.strip():
                raise ValueError("a key of spaces only")  # pydantic then names it
            self.key = self.key.strip()


class FileRequest(msgspec.Struct, gc=False, forbid_unknown_fields=True):
    key: Annotated[str, msgspec.Meta(min_length=1)]
    if TYPE_CHECKING:
        title: str = ""
    else:
        title: str | None = ""
    url: str | None = None
    state: str = "open"
    state_reason: str | None = None
    closed_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    author: str | None = None
    author_email: str | None = None
    author_kind: IdentityKind = "github"
    author_name: str | None = None
    labels: list[str] = []
    if TYPE_CHECKING:
        body: str = ""
    else:
        body: str | None = ""
    fields: dict[str, Any] = {}
    estimate: Annotated[float, msgspec.Meta(ge=0)] | None = None
    reactions: list[FileReaction] = []
    comments: list[FileComment] = []
    duplicate_of: FileDuplicateOf | None = None

    def __post_init__(self) -> None:
        self.key = self.key.strip()  # as RawRequest: "a/b#1 " is "a/b#1"
        if not self.key:
            raise ValueError("a key of spaces only")  # pydantic then names it
        if self.title is None:
            self.title = ""
        if self.body is None:
            self.body = ""
        if self.estimate is not None and not math.isfinite(self.estimate):
            raise ValueError("estimate must be a finite number")  # 1e999 decodes as inf
        self.created_at = _utc(self.created_at)
        self.updated_at = _utc(self.updated_at)
        self.closed_at = _utc(self.closed_at)


class _FastFile(msgspec.Struct):
    requests: list[FileRequest]


# The same types, taking keys they do not know: exports carry extra fields (an assignee, a
# milestone) that are no reason to refuse a file or to leave the fast path.
class _LenientReaction(FileReaction, forbid_unknown_fields=False):
    pass


class _LenientComment(FileComment, forbid_unknown_fields=False):
    pass


class _LenientRequest(FileRequest, forbid_unknown_fields=False):
    reactions: list[_LenientReaction] = []  # type: ignore[assignment]  # a subtype's list
    comments: list[_LenientComment] = []  # type: ignore[assignment]


class _LenientFile(msgspec.Struct):
    requests: list[_LenientRequest]


_FAST = msgspec.json.Decoder(_FastFile)
_LENIENT = msgspec.json.Decoder(_LenientFile)
_KNOWN = {
    "requests[]": frozenset(FileRequest.__struct_fields__),
    "comments[]": frozenset(FileComment.__struct_fields__),
    "reactions[]": frozenset(FileReaction.__struct_fields__),
}


def decode_fast(raw: bytes, *, lenient: bool = False) -> Sequence[FileRequest] | None:
    """The requests, decoded by msgspec; None when msgspec refuses the file (pydantic decides).
    Keys the format does not know refuse it, unless ``lenient``."""
    try:
        return (_LENIENT if lenient else _FAST).decode(raw).requests
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        return None


class _Keys(msgspec.Struct):
    requests: list[dict[str, msgspec.Raw]]


_KEYS = msgspec.json.Decoder(_Keys)  # keys only: values stay undecoded slices of the file
_ITEM_KEYS = msgspec.json.Decoder(list[dict[str, msgspec.Raw]])


def misspelt_key(raw: bytes, *, label: str) -> str | None:
    """An error naming the first key that looks like a misspelling of a known one
    (``lables``, ``Created_At``, ``bdy``), or None.

    Unknown keys are ignored, since exports carry fields of their own; but a misspelt known
    key would silently drop what it holds (a ``customer:`` label, a Requested-by comment), so
    it is refused with the key it resembles.
    """
    try:
        requests = _KEYS.decode(raw).requests
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        return None  # not a list of objects: the validating path names what is wrong
    verdicts: dict[tuple[str, str], str | None] = {}

    def check(keys: dict[str, msgspec.Raw], kind: str, where: str) -> str | None:
        known = _KNOWN[kind]
        for key in keys.keys() - known:
            if (kind, key) not in verdicts:
                verdicts[kind, key] = _resembles(key, known)
            match = verdicts[kind, key]
            if match:
                return f"{label}: {where}.{key}: unknown key (did you mean '{match}'?); its value would be ignored"
        return None

    for i, request in enumerate(requests):
        problem = check(request, "requests[]", f"requests[{i}]")
        if problem:
            return problem
        for part in ("comments", "reactions"):
            value = request.get(part)
            try:
                items = _ITEM_KEYS.decode(value) if value is not None else []
            except (msgspec.ValidationError, msgspec.DecodeError):
                continue  # not a list of objects: the validating path says so
            for j, item in enumerate(items):
                problem = check(item, f"{part}[]", f"requests[{i}].{part}[{j}]")
                if problem:
                    return problem
    return None


def _resembles(key: str, known: frozenset[str]) -> str | None:
    """The known key ``key`` is a misspelling of: the same but for case and separators
    (``Created_At``, ``createdAt``), or one slip away (a letter missing, extra, wrong or
    two swapped: ``lables``, ``bdy``, ``comment``).

    One slip, not a looser likeness: exports carry keys of their own that sit two letters
    from ours (GitHub's ``closed_at``, Jira's ``status``), and refusing them would refuse
    good files.
    """
    folded = key.casefold().replace("-", "_").replace(" ", "_")
    for name in sorted(known):
        if _one_slip(folded, name) or _one_slip(folded, name.replace("_", "")):
            return name
    return None


def _one_slip(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are equal but for one inserted, deleted or replaced letter,
    or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) <= 1:
            return True
        i, j = diffs[0], diffs[-1]
        return len(diffs) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def validate_slow(raw: bytes, *, label: str) -> list[RawRequest]:
    """The requests as pydantic models; raises DataError naming the request and field."""
    try:
        return _ADAPTER.validate_json(raw).requests  # pydantic checks UTF-8 itself: no decoded copy
    except ValidationError as exc:
        text = decode(raw, label=label)  # names the bad byte's line when it is not UTF-8
        try:
            data = json.loads(text)
        except json.JSONDecodeError as syntax:
            raise DataError(
                f"{label}: line {syntax.lineno}, column {syntax.colno}: not valid JSON: {syntax.msg}",
                line=syntax.lineno,
            ) from None
        if not isinstance(data, dict):
            kind = "a list" if isinstance(data, list) else type(data).__name__
            raise DataError(f'{label}: expected a JSON object {{"requests": [...]}}, got {kind}') from None
        message, _ = describe_validation_error(exc, file=label, data=data)
        raise DataError(message) from None


def parse_requests(raw: bytes, *, label: str) -> Sequence[RequestLike]:
    """Decode and validate a request file's bytes; raises DataError naming the request and field."""
    if not raw or raw.isspace():
        decode(raw, label=label)  # raises the "empty" error
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a BOM, as Excel and PowerShell write
    check_json(raw, label=label)  # repeated keys, NaN, deep nesting: msgspec would take them
    requests: Sequence[RequestLike] | None = decode_fast(raw)
    if requests is None:  # refused: a key it does not know, or a value only pydantic takes
        problem = misspelt_key(raw, label=label)
        if problem:
            raise DataError(problem)
        requests = decode_fast(raw, lenient=True) or validate_slow(raw, label=label)
    seen: dict[str, int] = {}
    for i, request in enumerate(requests):
        # GitHub owner and repository names compare case-insensitively: A/B#1 is a/b#1.
        first = seen.setdefault(request.key.casefold(), i)
        if first != i:
            shown = (
                ""
                if requests[first].key == request.key
                else f" as '{requests[first].key}'; keys compare ignoring case and surrounding spaces"
            )
            raise DataError(
                f"{label}: requests[{i}].key: duplicate key '{request.key}' (first at requests[{first}]{shown})"
            )
    return requests


def load_requests(path: Path) -> Sequence[RequestLike]:
    """Read and validate a request file; every failure is a DataError (exit 2)."""
    label = str(path)
    return parse_requests(read_bytes(path, label=label, hint=""), label=label)


class FileSource:
    """The ``file`` source behind ``adapters.base.RequestSource``: a request export, read whole.

    Reads no tracker, so it has no tagger and cannot say more of one request than the file
    does; ``selects`` holds for every request in it.
    """

    kind = "file"
    name = "request file"

    def __init__(self, path: Path) -> None:
        self.path = path

    def backlog(
        self, *, refresh: bool = False, progress: Callable[[str], None] | None = None
    ) -> Sequence[RequestLike]:
        """Every request in the file (``refresh`` and ``progress`` do not apply)."""
        return load_requests(self.path)

    def read(self, key: str) -> Snapshot:
        """The request ``key`` from the file; DataError when the file has none."""
        for request in load_requests(self.path):
            if request.key == key:
                return Snapshot(request)
        raise DataError(f"{self.path}: no request with key {key}")

    def normalise_key(self, text: str) -> str | None:
        return text.strip() or None

    def selects(self, request: RequestLike) -> Membership:
        return Membership(True)
