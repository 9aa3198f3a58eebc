"""The seam's other half: how a tracker speaks, without opening it. Its deliveries (a
webhook, a workflow event) read as "this request changed, so", and its request keys.

A surface that receives a delivery (the Action a GitHub workflow event, the service a
GitHub or Jira webhook) asks ``dialect_for(kind)`` what it says, and the tracker answers
in neutral terms: a ``Change`` (the request's key and what changed), a ``Proposal`` (a
pull request that changes icp.yml), or ``Ignored`` with the reason. The surfaces never
read a payload, build a key or take one apart themselves: GitHub's ``owner/repo#12`` and
Jira's ``PROJ-12`` are each their adapter's (``adapters/github/webhooks.py``,
``adapters/jira/webhooks.py``). Pure: nothing here makes a request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from icp_triage.core.models import RequestLike

if TYPE_CHECKING:
    from icp_triage.adapters.base import Selection


@dataclass(frozen=True, slots=True)
class Change:
    """What one delivery says changed on one request.

    ``where`` names what holds the request on the tracker, for finding the configured
    source that serves it (a GitHub repository, a Jira site's host; None when the payload
    names none). ``request`` is the payload's own copy of the request when it tells backlog
    membership at no API cost (GitHub: key, state, labels, author), else None (Jira: only
    the JQL can tell, and the webhook's own JQL filter does). ``label`` is the label added
    or removed; ``own_comment`` is True when the change is icp-triage's own comment;
    ``installation`` the app installation the delivery came from (a GitHub App). ``leaves``
    is True when the change may have taken the request out of the backlog (closed, deleted,
    transferred away, a label removed): a surface that keeps a backlog re-reads the request
    whatever the payload says of its membership, and forgets it if it is gone.
    """

    key: str
    trigger: str  # how logs name the delivery: "issues.labeled", "jira:issue_updated"
    where: str | None = None
    request: RequestLike | None = field(default=None, compare=False)
    label: str | None = None
    own_comment: bool = False
    installation: int | None = None
    leaves: bool = False

    def own_write(self, *, prefix: str | None = None) -> str | None:
        """Why nothing needs re-evaluating when the change is icp-triage's own write coming
        back (its comment; given the tagging ``prefix``, one of its labels), else None.

        Under a token whose writes start workflows or webhooks (a PAT, an App), each would
        cost a run that finds nothing to do; a label a person set by hand under our prefix
        is corrected at the next evaluation anyway.
        """
        if self.own_comment:
            return f"{self.key}: the comment is icp-triage's own; nothing to re-evaluate."
        if prefix is not None and self.label is not None:
            from icp_triage.core.tags import is_own_label

            if is_own_label(self.label, prefix=prefix):
                return f"{self.key}: the label {self.label} is icp-triage's own; nothing to re-evaluate."
        return None


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed change to the repository's files (a GitHub pull request), which the
    Action's ``mode: profile`` reviews: where it is and its base and head commits."""

    key: str
    repo: str
    number: int
    base_sha: str
    head_sha: str
    trigger: str


@dataclass(frozen=True, slots=True)
class Ignored:
    """A delivery that asks for nothing; ``reason`` says why, in a sentence."""

    reason: str


@dataclass(frozen=True, slots=True)
class WriteQuota:
    """A tracker's limit on writes that every process writing under the same credential
    shares (GitHub's secondary limits, per token or App installation): ``name`` tells the
    credential apart without holding it (never a token), the caps are per 60 s and per hour."""

    name: str
    per_minute: int
    per_hour: int


class Credentials(Protocol):
    """The environment a job on this tracker runs under: the service's own, or (a GitHub
    App) one with the token of the installation the delivery came from."""

    def for_request(self, key: str, installation: int | None) -> Mapping[str, str]:
        """The environment to read and tag request ``key`` with."""
        ...

    def for_backlog(self, selection: Selection) -> list[tuple[Selection, Mapping[str, str]]]:
        """The backlog ``selection`` names in parts, each with the environment to sync it
        with (a GitHub App: each repository under its own installation's token)."""
        ...

    def write_quota(self, key: str, installation: int | None) -> WriteQuota | None:
        """The shared write limit that writes to request ``key`` count against; None when
        the tracker has none to keep to across processes."""
        ...


@dataclass(frozen=True)
class PlainCredentials:
    """The environment as it is: a tracker whose credentials are plain variables (Jira's,
    a GitHub token), whatever the request."""

    env: Mapping[str, str] = field(repr=False)

    def for_request(self, key: str, installation: int | None) -> Mapping[str, str]:
        return self.env

    def for_backlog(self, selection: Selection) -> list[tuple[Selection, Mapping[str, str]]]:
        return [(selection, self.env)]

    def write_quota(self, key: str, installation: int | None) -> WriteQuota | None:
        return None


class Dialect(Protocol):
    """How one tracker speaks: its deliveries and its request keys."""

    kind: str
    place: str
    """What ``Change.where`` names, for messages: ``repository``, ``Jira site``."""
    ids_per_place: bool
    """Whether a delivery id is unique only within its ``place`` (Jira's webhook identifier
    is per site; GitHub's ``X-GitHub-Delivery`` is a GUID), so a replay is known by both."""

    @property
    def events(self) -> Mapping[str, tuple[str, ...]]:
        """The deliveries it reads: each event's name and the actions of it that change a
        request (empty: every delivery of that event)."""
        ...

    def events_text(self) -> str:
        """The deliveries it reads, as a notice names them."""
        ...

    def trigger(self, event: str, payload: Mapping[str, Any]) -> str:
        """How logs name the delivery: ``issues.opened``, ``jira:issue_updated``."""
        ...

    def change(
        self, event: str, payload: Mapping[str, Any], *, where: str | None = None, leaving: bool = False
    ) -> Change | Ignored:
        """What the delivery ``event`` with ``payload`` changed; ``where`` stands in when the
        payload names no place (``GITHUB_REPOSITORY`` for a workflow event). ``leaving``: also
        the deliveries by which a request leaves (closed, deleted, transferred), as a
        ``Change`` with ``leaves`` (a surface keeping a live backlog asks; the Action does not).
        Raises DataError for a payload of an event it reads that lacks what the event must carry."""
        ...

    def proposal(
        self, event: str, payload: Mapping[str, Any], *, where: str | None = None
    ) -> Proposal | Ignored:
        """The pull request the delivery names, for a profile review; DataError as ``change``."""
        ...

    def format_key(self, where: str, number: int) -> str:
        """The key of request ``number`` in ``where``: ``o/r#12``, ``PROJ-12``."""
        ...

    def parse_key(self, key: str) -> tuple[str, int]:
        """``format_key``'s inverse; DataError for a key that is not this tracker's."""
        ...

    def credentials(self, env: Mapping[str, str]) -> Credentials:
        """What jobs on this tracker run under, from the service's environment."""
        ...

    def credential_problems(self, env: Mapping[str, str]) -> list[str]:
        """What in ``env`` stops a service from acting on this tracker's deliveries, each as
        one sentence naming the variable (nothing is requested)."""
        ...


DELIVERING = ("github", "jira")
"""The tracker kinds that send deliveries, each with its dialect."""


def dialect_for(kind: str) -> Dialect:
    """The dialect of tracker ``kind`` (``github``, ``jira``); imported here, lazily, so the
    Action never loads Jira's. ConfigError for a kind that sends no deliveries."""
    if kind == "github":
        from icp_triage.adapters.github.webhooks import GITHUB

        return GITHUB
    if kind == "jira":
        from icp_triage.adapters.jira.webhooks import JIRA

        return JIRA
    from icp_triage.errors import ConfigError

    raise ConfigError(f"source.{kind}: sends no webhook deliveries")


def credentials_for(kind: str, env: Mapping[str, str]) -> Credentials:
    """What jobs and syncs of a ``kind`` source run under: its tracker's own credentials,
    or the environment as it is for a source that reads no tracker (a request file)."""
    return dialect_for(kind).credentials(env) if kind in DELIVERING else PlainCredentials(env)
