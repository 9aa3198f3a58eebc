"""The backlog ``source.github`` selects, as the adapter's own value, and whether one issue
is in it: pure.

An issue event must only tag an issue of the configured backlog: a wrong public label on a
bug or a question is worse than a missed tag, which the next backlog run makes up. The
payload's copy of the issue answers ``repo``/``repos``, ``state``, ``labels`` and most
of what a ``query:`` says, at no API cost. A query that holds anything else (free text,
``OR``, a qualifier not understood here) cannot be decided from the payload, and GitHub
search cannot be asked about one issue by number, so such an issue is not tagged on its
event; a scheduled run in ``mode: tag`` reaches it through the search itself.

Search syntax: https://docs.github.com/en/search-github/searching-on-github/searching-issues-and-pull-requests
(qualifiers are ANDed; ``label:a,b`` means either label; a leading ``-`` negates).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from icp_triage.adapters.base import Membership, Resync
from icp_triage.adapters.github.names import split_key
from icp_triage.core.models import RequestLike
from icp_triage.errors import DataError


@dataclass(frozen=True)
class ProjectTarget:
    """The GitHub Project (v2) ``tag`` keeps ICP fields on (``source.github.project``)."""

    owner: str
    number: int
    value_field: str = "ICP value"
    class_field: str = "ICP class"
    create_fields: bool = True

    @property
    def label(self) -> str:
        """How messages name it: ``project acme/7``."""
        return f"project {self.owner}/{self.number}"


@dataclass(frozen=True)
class GithubSelection:
    """The issues a GitHub backlog holds (``source.github`` in icp.yml, converted by the
    workspace so that the adapter never imports ``config``).

    ``labels`` keeps issues carrying any of them; ``query`` is a GitHub issue search;
    ``max_wait`` the longest wait for a rate limit; ``refresh_days`` how often the cache is
    rebuilt from scratch. An empty ``repos`` selects nothing: a tracker for reading and
    tagging issues by key only.
    """

    repos: tuple[str, ...]
    query: str | None = None
    labels: tuple[str, ...] = ()
    state: str = "open"
    max_wait: float = 900.0
    refresh_days: float = 7.0
    kind: str = "github"
    project: ProjectTarget | None = None

    @classmethod
    def of(cls, source: Any) -> GithubSelection:
        """From ``source.github`` of icp.yml (``config.schema.GithubSource``, read by
        attribute so adapters never import config)."""
        return cls(
            repos=tuple(source.all_repos),
            query=source.query,
            labels=tuple(source.labels),
            state=source.state,
            max_wait=source.max_wait,
            refresh_days=source.refresh_days,
            project=_project(getattr(source, "project", None)),
        )

    @property
    def all_repos(self) -> list[str]:
        return list(self.repos)

    def selects(self, request: RequestLike) -> Membership:
        return request_membership(self, request)

    def keeps(self, request: RequestLike) -> bool:
        """A closed issue leaves an open backlog (and an open one a closed backlog), but for a
        closed duplicate, kept as the sync keeps it: its demand counts for its original."""
        state = _request_issue(request).state
        return _state_holds(self, state) or (self.state == "open" and request.duplicate_of is not None)

    def serves(self, where: str) -> bool:
        """Whether ``where`` is one of the repositories (GitHub compares names ignoring case)."""
        return where.casefold() in {r.casefold() for r in self.repos}

    @property
    def resync(self) -> Resync | None:
        """A full re-read every ``refresh_days``: what an incremental sync cannot see (a
        deleted or transferred issue) then leaves the backlog."""
        return Resync.every_days(self.refresh_days, refresh=True)


@dataclass(frozen=True, slots=True)
class _Issue:
    state: str
    labels: frozenset[str]
    author: str


def _issue(payload: Mapping[str, Any]) -> _Issue:
    labels = payload.get("labels") or []
    user = payload.get("user")
    return _Issue(
        state=str(payload.get("state") or "open").lower(),
        labels=frozenset(str(x.get("name", "")).casefold() for x in labels if isinstance(x, Mapping)),
        author=str(user.get("login") or "").casefold() if isinstance(user, Mapping) else "",
    )


def _request_issue(request: RequestLike) -> _Issue:
    return _Issue(
        state=(request.state or "open").lower(),
        labels=frozenset(name.casefold() for name in request.labels),
        author=(request.author or "").casefold(),
    )


def _holds(key: str, value: str, issue: _Issue) -> bool | None:
    """Whether one qualifier holds for the issue; None when it cannot be told from the payload."""
    folded = value.casefold()
    if key == "label":
        return any(name.strip().casefold() in issue.labels for name in value.split(","))
    if key in ("is", "state") and folded in ("open", "closed"):
        return issue.state == folded
    if key in ("is", "type") and folded in ("issue", "pr", "pull-request"):
        return folded == "issue"  # pull requests never reach tagging
    if key == "no" and folded == "label":
        return not issue.labels
    if key == "author" and "/" not in value:
        return issue.author == folded
    return None


def query_membership(query: str, issue: Mapping[str, Any]) -> Membership:
    """Whether the payload ``issue`` matches ``query`` (a ``source.github.query``)."""
    return _query_membership(query, _issue(issue))


def _query_membership(query: str, facts: _Issue) -> Membership:
    try:
        words = shlex.split(query)
    except ValueError:
        return Membership(None, "the query has an unbalanced quote")
    if any(w in ("OR", "NOT") or w.startswith("(") or w.endswith(")") for w in words):
        return Membership(None, "the query uses OR, NOT or parentheses")
    unknown: list[str] = []
    for word in words:
        negated = word.startswith("-")
        key, colon, value = word.removeprefix("-").partition(":")
        key = key.casefold()
        if word == "AND" or (colon and key == "sort"):
            continue
        holds = _holds(key, value, facts) if colon and value else None
        if holds is None:
            unknown.append(word)
        elif holds == negated:
            return Membership(False, f"it does not match {word!r} in source.github.query")
    if unknown:
        shown = ", ".join(repr(w) for w in unknown[:3])
        return Membership(None, f"source.github.query holds {shown}, which the event's payload cannot decide")
    return Membership(True)


def backlog_membership(source: GithubSelection, repo: str, issue: Mapping[str, Any]) -> Membership:
    """Whether ``repo``'s ``issue`` (an event payload's copy) is in the backlog ``source`` selects."""
    return _membership(source, repo, _issue(issue))


def request_membership(source: GithubSelection, request: RequestLike) -> Membership:
    """Whether ``request`` (an issue as the payload gave it, keyed ``owner/repo#N``) is in the
    backlog ``source`` selects."""
    return _membership(source, split_key(request.key)[0], _request_issue(request))


def _state_holds(source: GithubSelection, state: str) -> bool:
    return source.state == "all" or state == source.state


def _membership(source: GithubSelection, repo: str, facts: _Issue) -> Membership:
    if not source.serves(repo):
        return Membership(
            False,
            f"it is in {repo} and the backlog holds issues of {', '.join(source.repos)} (source.github.repo/repos)",
        )
    if not _state_holds(source, facts.state):
        return Membership(
            False, f"it is {facts.state} and the backlog holds {source.state} issues (source.github.state)"
        )
    if source.labels and not facts.labels & {x.casefold() for x in source.labels}:
        return Membership(
            False, f"it has none of the labels {', '.join(source.labels)} (source.github.labels)"
        )
    if source.query:
        return _query_membership(source.query, facts)
    return Membership(True)


def only_check(selection: GithubSelection, key: str) -> Callable[[RequestLike], None]:
    """``tag --only``'s check that ``key`` is in the backlog icp.yml selects, as the Action
    checks an event's issue: a repository that is not configured is refused at once (before
    any request), and the returned check refuses the issue as read when it fails the state,
    labels or query, or when the issue alone cannot decide the query. DataError (exit 2)."""
    repo, _ = split_key(key)
    if not selection.serves(repo):
        raise DataError(
            f"tag --only {key}: {repo} is not a repository of the backlog icp.yml selects "
            f"({', '.join(selection.repos)}: source.github.repo/repos); nothing read or written"
        )

    def admit(request: RequestLike) -> None:
        found = request_membership(selection, request)
        if found.member is False:
            raise DataError(
                f"tag --only {key}: not in the backlog icp.yml selects, so nothing is written: {found.reason}"
            )
        if found.member is None:
            raise DataError(
                f"tag --only {key}: cannot tell from the issue alone whether it is in the backlog "
                f"icp.yml selects ({found.reason}), so nothing is written; `icp-triage tag` tags "
                "the whole backlog, this issue too if the query finds it"
            )

    return admit


def _project(project: Any) -> ProjectTarget | None:
    """``source.github.project`` of icp.yml (``config.schema.GithubProject``), by attribute."""
    if project is None:
        return None
    return ProjectTarget(
        owner=project.owner,
        number=project.number,
        value_field=project.value_field,
        class_field=project.class_field,
        create_fields=project.create_fields,
    )
