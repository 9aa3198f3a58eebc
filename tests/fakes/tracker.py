"""An in-memory tracker behind the seam (``adapters.base``): ``FakeSource`` and ``FakeTagger``.

Like httpx's ``MockTransport``: the layers above the seam (Workspace, the CLI) run against
it with no HTTP. The fake keeps issues as ``RawRequest``s, plans a write per label to add or
remove and one for the comment text when it differs, and applies writes to its own issues,
so a second run plans nothing: the contract every real tagger keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from icp_triage.adapters.base import Membership, Snapshot, Tracker
from icp_triage.core.models import Comment, RawRequest, RequestLike
from icp_triage.errors import DataError


@dataclass(frozen=True)
class FakeWrite:
    kind: str  # "add_label", "remove_label", "comment"
    target: str
    value: str = ""

    def describe(self) -> str:
        return f"{self.target}: {self.kind} {self.value}".rstrip()


@dataclass
class FakeSource:
    """Issues in memory; counts every read so tests can assert how many were made."""

    issues: dict[str, RawRequest] = field(default_factory=dict)
    kind: str = "fake"
    name: str = "fake tracker"
    reads: int = 0
    backlog_reads: int = 0

    def add(self, request: RawRequest) -> None:
        self.issues[request.key] = request

    def backlog(
        self, *, refresh: bool = False, progress: Callable[[str], None] | None = None
    ) -> list[RawRequest]:
        self.backlog_reads += 1
        return list(self.issues.values())

    def read(self, key: str) -> Snapshot:
        self.reads += 1
        if key not in self.issues:
            raise DataError(f"{key}: no such issue in the fake tracker")
        return Snapshot(self.issues[key])

    def normalise_key(self, text: str) -> str | None:
        return text if text in self.issues else None

    def selects(self, request: RequestLike) -> Membership:
        return Membership(request.key in self.issues, "" if request.key in self.issues else "not in the fake")


@dataclass
class FakeTagger:
    """Plans and applies label and comment writes on a ``FakeSource``'s issues."""

    source: FakeSource
    applied: list[FakeWrite] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return self.source.reads + self.source.backlog_reads + len(self.applied)

    def plan(self, items: Iterable[tuple[Snapshot, object]], *, settings: object) -> list[FakeWrite]:
        writes: list[FakeWrite] = []
        for snapshot, tags in items:
            request = snapshot.request
            wanted = tuple(getattr(tags, "labels", ()))
            for label in wanted:
                if label not in request.labels:
                    writes.append(FakeWrite("add_label", request.key, label))
            prefix = getattr(settings, "prefix", "icp")
            for label in request.labels:
                if label.startswith(prefix) and label not in wanted:
                    writes.append(FakeWrite("remove_label", request.key, label))
            text = _comment_text(tags)
            if text not in [c.body for c in request.comments]:
                writes.append(FakeWrite("comment", request.key, text))
        return writes

    def apply(self, writes: Sequence[FakeWrite], *, dry_run: bool = False, echo=None, progress=None) -> int:
        for write in writes:
            if echo is not None:
                echo(write.describe())
            if dry_run:
                continue
            issue = self.source.issues[write.target]
            if write.kind == "add_label":
                issue.labels.append(write.value)
            elif write.kind == "remove_label":
                issue.labels.remove(write.value)
            else:
                issue.comments[:] = [Comment(author="fake-bot", body=write.value)]
            self.applied.append(write)
        return len(writes)


def _comment_text(tags: object) -> str:
    comment = getattr(tags, "comment", "")
    return comment if isinstance(comment, str) else repr(comment)


def fake_tracker(*requests: RawRequest) -> tuple[Tracker, FakeSource, FakeTagger]:
    source = FakeSource()
    for request in requests:
        source.add(request)
    tagger = FakeTagger(source)
    return Tracker(source=source, tagger=tagger), source, tagger
