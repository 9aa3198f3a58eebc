"""The one seam between the surfaces and a tracker: a ``RequestSource`` and a ``Tagger``.

Every tracker (GitHub, Jira, a request file) is a room behind these two interfaces, as an
httpx transport is behind ``BaseTransport``: ``Workspace`` and the Action only call them,
never a tracker's own functions, so a new tracker is a new package under ``adapters/`` plus
one branch in ``open_tracker``. The core hands the tagger tracker-neutral ``Tags`` (labels,
a comment document, fields); each tagger renders them in its tracker's own terms and
decides, against a fresh ``Snapshot``, which writes change something.

Tests drive the layers above with ``tests/fakes/tracker.py`` (``FakeSource``,
``FakeTagger``), no HTTP; the adapters themselves are tested against local fake servers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from icp_triage.core.conventions import TrackerConventions
from icp_triage.core.models import RequestLike
from icp_triage.errors import OutsideSelection, RequestGone

if TYPE_CHECKING:
    from icp_triage.core.tags import Tags, TagSettings

Progress = Callable[[str], None]
"""Told about long work (a sync's pages, a rate-limit wait), for stderr."""
Echo = Callable[[str], None]
"""Told one line per write made (or, dry, planned)."""
Clock = Callable[[], float]
"""Epoch seconds now."""
Sleep = Callable[[float], None]
"""Wait this many seconds (tests pass a recorder)."""


@dataclass(frozen=True)
class Snapshot:
    """One request as read now, with what its tagger needs to plan (``extra``: the GitHub
    adapter keeps the repository's labels and the token's login there; None when a request
    comes from a backlog sync and the tagger reads what it lacks itself).

    ``duplicates``: the requests the tracker marks as duplicates of this one, read with it
    (and theirs, for a chain), so one request ranked alone counts them as the whole backlog
    does (``core.duplicates``). ``outside``: why the tracker, reading the request through the
    configured selection, found it outside (Jira: the JQL no longer matches it); None when
    inside or not told."""

    request: RequestLike
    extra: Any = None
    duplicates: tuple[RequestLike, ...] = ()
    outside: str | None = None


MAX_HOPS = 10
"""Duplicate marks followed from an issue to its original (a longer chain stops there)."""


def original_of(source: RequestSource, snapshot: Snapshot) -> Snapshot:
    """The request to tag for ``snapshot``: itself, or, when the tracker marks it as a
    duplicate of a request the source selects, that original (the end of a chain, a cycle
    stopping it), read with its duplicates, among which are those passed on the way. A
    duplicate is never tagged itself: its demand counts on its original (``core.duplicates``).
    """
    passed: list[Snapshot] = []
    seen = {snapshot.request.key.casefold()}
    current = snapshot
    for _ in range(MAX_HOPS):
        mark = current.request.duplicate_of
        if mark is None or mark.key is None:
            break
        if mark.key.casefold() in seen:  # a cycle: each request on it keeps its demand
            return snapshot
        try:
            target = source.read(mark.key)
        except RequestGone:  # the original is gone: the duplicate keeps its demand
            break
        seen.add(target.request.key.casefold())
        passed.append(current)
        current = target
    # Closed, another repository, out of the JQL: the end cannot take the demand; back along the chain.
    while passed and (current.outside is not None or source.selects(current.request).member is False):
        current = passed.pop()
    if not passed:
        return snapshot
    found: dict[str, RequestLike] = {}
    for step in (current, *passed):
        for request in (*((step.request,) if step is not current else ()), *step.duplicates):
            found.setdefault(request.key.casefold(), request)
    found.pop(current.request.key.casefold(), None)
    return replace(current, duplicates=tuple(found.values()))


def admitted(snapshot: Snapshot, admit: Callable[[RequestLike], None]) -> None:
    """Stop before any write when the tracker read the request outside the selection
    (``OutsideSelection``) or ``admit`` (a surface's check of the request as read) raises."""
    if snapshot.outside is not None:
        raise OutsideSelection(
            f"{snapshot.request.key} left the backlog: {snapshot.outside}", key=snapshot.request.key
        )
    admit(snapshot.request)


@dataclass(frozen=True, slots=True)
class Membership:
    """Whether a request is in the backlog the configured source selects: True or False, or
    None when that cannot be told without asking the tracker; ``reason`` says why not."""

    member: bool | None
    reason: str = ""


class Write(Protocol):
    """One planned write, each adapter's own dataclass: ``target`` is the request key (or,
    for a tracker-wide write such as creating a label, what it applies to)."""

    @property
    def target(self) -> str: ...

    def describe(self) -> str:
        """One line for ``--dry-run`` and progress output."""
        ...


class RequestSource(Protocol):
    """Where requests come from: the whole backlog, or one request read fresh."""

    kind: str
    """``github``, ``jira`` or ``file``: for messages only, never for dispatch."""
    name: str
    """How messages name the tracker: ``GitHub``, ``Jira``, ``request file``."""

    def backlog(self, *, refresh: bool = False, progress: Progress | None = None) -> Sequence[RequestLike]:
        """Every request of the configured backlog (through the adapter's cache, unless
        ``refresh``). Raises SourceError (exit 1) on a tracker failure, DataError (exit 2)
        on a request the tracker sent that cannot be read."""
        ...

    def read(self, key: str) -> Snapshot:
        """One request by key, fresh (one API request where the tracker allows).

        Raises DataError for a key that is not this tracker's, SourceError when it fails.
        """
        ...

    def normalise_key(self, text: str) -> str | None:
        """The canonical key for ``text`` (``o/r#12``, ``PROJ-12``), None if not this tracker's."""
        ...

    def selects(self, request: RequestLike) -> Membership:
        """Whether ``request`` (as an event's payload gives it) is in the configured backlog."""
        ...


class Tagger(Protocol):
    """Brings requests' labels, comment and fields to the core's ``Tags``."""

    def plan(self, items: Iterable[tuple[Snapshot, Tags]], *, settings: TagSettings) -> list[Write]:
        """The writes that change something; none when every request already carries its tags."""
        ...

    def apply(
        self,
        writes: Sequence[Write],
        *,
        dry_run: bool = False,
        echo: Echo | None = None,
        progress: Progress | None = None,
    ) -> int:
        """Make (or with ``dry_run`` only print through ``echo``) each write; returns how many.

        A failing request does not hold up the others; SourceError afterwards names them.
        ``progress`` hears how long the writes take (a tracker's write budget paces them).
        """
        ...

    @property
    def requests(self) -> int:
        """API requests made so far, reads included, for the run's log line."""
        ...


class Reviews(Protocol):
    """Where a change to icp.yml is reviewed (a pull request): the file as it was, one comment."""

    def file_at(self, repo: str, path: str, ref: str) -> str | None:
        """The text of ``path`` at revision ``ref`` of ``repo``; None when it did not exist."""
        ...

    def comment(
        self, repo: str, number: int, body: str, *, dry_run: bool = False, echo: Echo | None = None
    ) -> str:
        """Post ``body`` as the one review comment on ``number``, or edit ours in place;
        ``created``, ``edited`` or ``unchanged`` (with ``dry_run``: what it would do)."""
        ...


@dataclass
class Tracker:
    """A source and its tagger (None for a source that cannot be written to, the file), and
    where a profile change is reviewed (None where the tracker has no pull requests)."""

    source: RequestSource
    tagger: Tagger | None
    reviews: Reviews | None = None


@dataclass(frozen=True, slots=True)
class Resync:
    """How a long-running surface (the service) keeps a backlog fresh: read it again every
    ``every`` seconds; with ``refresh`` every request afresh, else through the adapter's
    incremental sync."""

    every: float
    refresh: bool = False

    @classmethod
    def every_days(cls, days: float, *, refresh: bool) -> Resync | None:
        """Every ``days`` (a source's ``refresh_days``); None for 0: never."""
        return cls(days * 86400, refresh) if days > 0 else None


class Selection(Protocol):
    """An adapter's own description of the configured backlog (``GithubSelection``, ...),
    which answers for it without a request: what belongs in it and how it is kept fresh."""

    @property
    def kind(self) -> str: ...

    def selects(self, request: RequestLike) -> Membership:
        """Whether ``request`` (as an event's payload gives it) is in the backlog."""
        ...

    def keeps(self, request: RequestLike) -> bool:
        """Whether a request read earlier still belongs in the ranked backlog: it was in the
        backlog when read, so only what a later read may have changed counts (GitHub: its
        state, as a closed issue leaves an open backlog)."""
        ...

    def serves(self, where: str) -> bool:
        """Whether ``where`` (a delivery's ``Change.where``: a repository, a Jira site's
        host) holds this backlog's requests."""
        ...

    @property
    def resync(self) -> Resync | None:
        """How the service keeps the backlog fresh; None: never (only deliveries change it)."""
        ...


class _NoTracker:
    """What a source with no tracker behind it answers: no delivery comes from one, and a
    request read from it stays as read."""

    def keeps(self, request: RequestLike) -> bool:
        return True

    def serves(self, where: str) -> bool:
        return False


@dataclass(frozen=True)
class FileSelection(_NoTracker):
    """The ``file`` source: a JSON request export (DESIGN.md "Data formats"), read again
    every minute by the service (it costs no tracker request)."""

    path: Path
    kind: str = "file"

    def selects(self, request: RequestLike) -> Membership:
        return Membership(True)

    @property
    def resync(self) -> Resync | None:
        return Resync(60.0)


@dataclass(frozen=True)
class UnavailableSelection(_NoTracker):
    """A tracker ``source:`` names that this version cannot read."""

    kind: str

    def selects(self, request: RequestLike) -> Membership:
        return Membership(None, f"source.{self.kind} cannot be read by this version")

    @property
    def resync(self) -> Resync | None:
        return None


def conventions_for(selection: Selection | None) -> TrackerConventions:
    """The conventions ``rank`` reads ``selection``'s requests with; a request file (or no
    ``source:``) holds requests in GitHub's shape (DESIGN.md "Data formats")."""
    if selection is not None and selection.kind == "jira":
        from icp_triage.adapters.jira.conventions import JIRA_CONVENTIONS

        return JIRA_CONVENTIONS
    from icp_triage.adapters.github.conventions import GITHUB_CONVENTIONS

    return GITHUB_CONVENTIONS


def open_tracker(
    selection: Selection,
    *,
    env: Mapping[str, str],
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    tag_prefix: str = "icp",
    clock: Clock | None = None,
    sleep: Sleep | None = None,
    config_label: str = "icp.yml",
    sleep_on_limit: bool = True,
) -> Tracker:
    """The tracker for ``selection``; makes no request yet.

    Each adapter is imported here, lazily, so the Action never imports one it does not use.
    ``clock`` and ``sleep`` reach the tracker's client (tests record waits instead of
    sleeping); ``tag_prefix`` is ``tagging.prefix``, which a read uses to fetch the labels
    tagging owns; ``config_label`` names the config file in errors; with ``sleep_on_limit``
    False a rate limit raises ``errors.RetryLater(seconds)`` instead of waiting. Raises ConfigError when the tracker cannot be reached as configured (no
    token, for instance) or is not available in this version.
    """
    if isinstance(selection, FileSelection):
        from icp_triage.adapters.requests_file import FileSource

        return Tracker(source=FileSource(selection.path), tagger=None)
    if selection.kind == "github":
        from icp_triage.adapters.github.selection import GithubSelection
        from icp_triage.adapters.github.tracker import open_github

        assert isinstance(selection, GithubSelection)
        return open_github(
            selection,
            env=env,
            cache_dir=cache_dir,
            progress=progress,
            tag_prefix=tag_prefix,
            clock=clock,
            sleep=sleep,
            sleep_on_limit=sleep_on_limit,
        )
    if selection.kind == "jira":
        from icp_triage.adapters.jira.sync import JiraSelection
        from icp_triage.adapters.jira.tracker import open_jira

        assert isinstance(selection, JiraSelection)
        return open_jira(
            selection,
            env=env,
            cache_dir=cache_dir,
            progress=progress,
            clock=clock,
            sleep=sleep,
            sleep_on_limit=sleep_on_limit,
        )
    from icp_triage.errors import ConfigError

    raise ConfigError(
        f"{config_label}: source.{selection.kind}: reading from {selection.kind} is not available in this version; "
        "export the requests to a JSON file and pass --input FILE"
    )
