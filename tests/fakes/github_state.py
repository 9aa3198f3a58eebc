"""The fake GitHub's data: repositories, issues, comments, reactions, labels, users.

Plain dataclasses, mutated by the REST handlers and read by the GraphQL resolvers. The
clock is fake too: every change moves ``updated_at`` to ``now`` and ``tick`` advances it,
so incremental syncs see exactly what changed.
"""

from __future__ import annotations

import base64
import itertools
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

START = datetime(2026, 1, 5, 12, 0, 0, tzinfo=timezone.utc)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def node_id(kind: str, number: int) -> str:
    return base64.b64encode(f"{kind}:{number}".encode()).decode()


@dataclass
class FakeLabel:
    name: str
    color: str = "ededed"
    description: str | None = None
    id: int = 0


@dataclass
class FakeComment:
    id: int
    author: str | None
    body: str
    created_at: datetime
    updated_at: datetime


@dataclass
class FakeDuplicateEvent:
    """A ``MarkedAsDuplicateEvent`` or ``UnmarkedAsDuplicateEvent`` in an issue's timeline;
    ``duplicate`` set: the event as the original's timeline shows it (``FakeState.marks_on_original``)."""

    marked: bool
    canonical_repo: str
    canonical_number: int
    at: datetime
    id: int
    duplicate: tuple[str, int] | None = None


@dataclass
class FakeCrossReference:
    """A ``CrossReferencedEvent``: another issue (or its comment) mentioned this one."""

    source_repo: str
    source_number: int
    at: datetime
    id: int


_MENTION = re.compile(r"(?:([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+))?#([0-9]+)")


@dataclass
class FakeIssue:
    repo: str
    number: int
    title: str
    body: str
    author: str | None
    state: str
    created_at: datetime
    updated_at: datetime
    labels: list[str] = field(default_factory=list)
    comments: list[FakeComment] = field(default_factory=list)
    reactions: list[tuple[str, str]] = field(default_factory=list)  # (login, content)
    reacted_at: list[datetime] = field(default_factory=list)  # when each reaction was made
    id: int = 0
    state_reason: str | None = None  # COMPLETED, NOT_PLANNED, DUPLICATE, REOPENED
    timeline: list[FakeDuplicateEvent | FakeCrossReference] = field(default_factory=list)
    closed_at: datetime | None = None

    @property
    def node_id(self) -> str:
        return node_id("Issue", self.id)


@dataclass
class FakeRepo:
    full_name: str
    labels: dict[str, FakeLabel] = field(default_factory=dict)  # by casefolded name
    issues: dict[int, FakeIssue] = field(default_factory=dict)
    next_number: int = 1


class FakeState:
    """Everything the fake serves; ``now`` is the fake server clock."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now
        self.repos: dict[str, FakeRepo] = {}
        self.orgs: dict[str, list[str]] = {}  # user login (casefolded) -> public orgs
        self.bots: set[str] = set()
        # The login the token acts as (GraphQL ``viewer``), and so the author of the comments
        # the tool creates: GITHUB_TOKEN's by default; a personal token's user when set so.
        self.viewer = "github-actions[bot]"
        # Whether a duplicate mark also shows on the original's timeline (its ``duplicate``
        # the other issue): unverified for GitHub, so off unless a test asks; a mention
        # ("Duplicate of #1") always leaves a ``CrossReferencedEvent`` there, as GitHub's does.
        self.marks_on_original = False
        self.issues_by_id: dict[int, FakeIssue] = {}
        self.comments_by_id: dict[int, tuple[FakeIssue, FakeComment]] = {}
        self._ids = itertools.count(1000)

    def tick(self, seconds: float = 1.0) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now

    def repo(self, full_name: str, *, create: bool = True) -> FakeRepo | None:
        key = full_name.casefold()
        if key not in self.repos and create:
            self.repos[key] = FakeRepo(full_name)
        return self.repos.get(key)

    def add_issue(
        self,
        repo: str,
        *,
        title: str = "A feature",
        body: str = "",
        author: str | None = "octocat",
        labels: tuple[str, ...] | list[str] = (),
        state: str = "OPEN",
        number: int | None = None,
        age_days: float = 10.0,
    ) -> FakeIssue:
        target = self.repo(repo)
        assert target is not None
        number = number if number is not None else target.next_number
        target.next_number = max(target.next_number, number + 1)
        moment = self.now - timedelta(days=age_days)
        issue = FakeIssue(
            repo=target.full_name,
            number=number,
            title=title,
            body=body,
            author=author,
            state=state,
            created_at=moment,
            updated_at=moment,
            id=next(self._ids),
        )
        target.issues[number] = issue
        self.issues_by_id[issue.id] = issue
        for name in labels:
            self.attach_label(issue, name, touch=False)
        return issue

    def attach_label(self, issue: FakeIssue, name: str, *, touch: bool = True) -> None:
        repo = self.repo(issue.repo)
        assert repo is not None
        if name.casefold() not in repo.labels:  # GitHub creates an unknown label on the fly
            repo.labels[name.casefold()] = FakeLabel(name=name, id=next(self._ids))
        if name.casefold() not in {x.casefold() for x in issue.labels}:
            issue.labels.append(repo.labels[name.casefold()].name)
            if touch:
                issue.updated_at = self.now

    def add_comment(
        self, issue: FakeIssue, author: str | None, body: str, *, touch: bool = True
    ) -> FakeComment:
        comment = FakeComment(next(self._ids), author, body, self.now, self.now)
        issue.comments.append(comment)
        self._mention(issue, body)
        self.comments_by_id[comment.id] = (issue, comment)
        if touch:
            issue.updated_at = self.now
        return comment

    def react(self, issue: FakeIssue, user: str, content: str = "THUMBS_UP") -> None:
        # Reactions leave updated_at alone (unverified for GitHub; the adapter's periodic
        # full refresh covers it either way).
        issue.reactions.append((user, content))
        issue.reacted_at.append(self.now)

    def close(self, issue: FakeIssue, reason: str = "COMPLETED") -> None:
        """Close ``issue`` with a state reason (GitHub's "Close as duplicate" sets DUPLICATE)."""
        self.edit(issue, state="CLOSED", state_reason=reason, closed_at=self.now)

    def mark_duplicate(self, issue: FakeIssue, canonical: FakeIssue, *, marked: bool = True) -> None:
        """Mark (or, ``marked=False``, unmark) ``issue`` as a duplicate of ``canonical``: a
        timeline event, which moves ``updated_at`` (unverified for GitHub; the periodic full
        refresh covers it either way)."""
        event = FakeDuplicateEvent(marked, canonical.repo, canonical.number, self.now, next(self._ids))
        issue.timeline.append(event)
        issue.updated_at = self.now
        if self.marks_on_original:
            seen = FakeDuplicateEvent(
                marked,
                canonical.repo,
                canonical.number,
                self.now,
                next(self._ids),
                (issue.repo, issue.number),
            )
            canonical.timeline.append(seen)

    def _mention(self, issue: FakeIssue, body: str) -> None:
        """Each issue a body mentions (``#N``, ``owner/repo#N``) gets a cross-reference."""
        for match in _MENTION.finditer(body):
            repo = self.repo(match.group(1) or issue.repo, create=False)
            target = repo.issues.get(int(match.group(2))) if repo is not None else None
            if target is not None and target is not issue:
                target.timeline.append(
                    FakeCrossReference(issue.repo, issue.number, self.now, next(self._ids))
                )

    def edit(self, issue: FakeIssue, **changes: object) -> None:
        for key, value in changes.items():
            setattr(issue, key, value)
        issue.updated_at = self.now

    def delete_issue(self, repo: str, number: int) -> None:
        target = self.repo(repo)
        assert target is not None
        issue = target.issues.pop(number)
        self.issues_by_id.pop(issue.id, None)

    def transfer_issue(self, repo: str, number: int, to: str) -> FakeIssue:
        """Move an issue; it gets a new number in the target and disappears from ``repo``."""
        source = self.repo(repo)
        target = self.repo(to)
        assert source is not None and target is not None
        issue = source.issues.pop(number)
        issue.repo, issue.number = target.full_name, target.next_number
        target.next_number += 1
        target.issues[issue.number] = issue
        issue.updated_at = self.now
        return issue
