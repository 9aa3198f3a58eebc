"""The whole ``icp.yml``: the core's settings plus sources and tagging.

Unknown keys are errors (a typo must not silently fall back to a default); the loader turns
pydantic's errors into one paragraph naming the file, the path and what was expected.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from icp_triage.core.outcomes import OutcomeSettings, ValidationSettings
from icp_triage.core.settings import AttributionSettings, PlanningSettings, Profile, RankingSettings


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, allow_inf_nan=False)


class GithubProject(_Strict):
    """A GitHub Project (v2) whose items carry each issue's ICP fields (``tag`` writes them).

    ``value_field`` is a number field: the ICP value where it cannot reveal revenue
    (``weight_by: accounts`` or ``disclose: full``), else the rank. ``class_field`` is a
    single select with one option per request class. Missing fields are created when
    ``create_fields`` allows it (a project holds at most 50 fields).
    """

    owner: str = Field(min_length=1, max_length=39, pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$")
    number: int = Field(ge=1, le=1_000_000)
    value_field: str = Field(default="ICP value", min_length=1, max_length=100)
    class_field: str = Field(default="ICP class", min_length=1, max_length=100)
    create_fields: bool = True


class GithubSource(_Strict):
    """Read requests from one or more GitHub repositories.

    ``labels`` keeps issues carrying any of the labels; ``query`` is a GitHub issue search
    (at most 1,000 results, GitHub's cap) and is the one way to express anything else.
    ``max_wait`` is the longest wait, in seconds, for a rate limit to reset;
    ``refresh_days`` how often the cache is rebuilt from scratch (0: never), which catches
    what GitHub does not count as an update of an issue (a new reaction, at least).
    """

    repo: str | None = None
    repos: list[str] = Field(default_factory=list)
    query: str | None = None
    labels: list[str] = Field(default_factory=list)
    state: Literal["open", "closed", "all"] = "open"
    max_wait: float = Field(default=900, ge=0)
    refresh_days: float = Field(default=7, ge=0)
    project: GithubProject | None = None

    @model_validator(mode="after")
    def _has_repo(self) -> GithubSource:
        seen: dict[str, str] = {}
        for name in ([self.repo] if self.repo else []) + self.repos:
            if name.count("/") != 1 or not all(name.split("/")) or name != name.strip() or " " in name:
                raise ValueError(f"repository '{name}' must look like owner/name")
            # GitHub compares owner and repository names case-insensitively: acme/app and
            # Acme/App are one repository, whose every issue would be ranked twice.
            if name.casefold() in seen:
                raise ValueError(
                    f"repository '{name}' is given twice (as '{seen[name.casefold()]}' too; "
                    "GitHub names compare case-insensitively)"
                )
            seen[name.casefold()] = name
        if not self.repo and not self.repos:
            raise ValueError("give repo: owner/name or repos: [owner/name, ...]")
        if self.query is not None and self.labels:
            raise ValueError("give query or labels, not both: put label:NAME qualifiers in the query")
        if self.query is not None and "repo:" in self.query.replace(" ", ""):
            raise ValueError("query: leave out repo: qualifiers; the repositories come from repo/repos")
        return self

    @property
    def all_repos(self) -> list[str]:
        return ([self.repo] if self.repo else []) + [r for r in self.repos if r != self.repo]


class JiraSource(_Strict):
    """Read requests from Jira (Cloud or Data Center).

    Fields are named as Jira shows them (display name, or a JQL clause name such as
    ``cf[10010]``) and resolved to ids once per sync. ``deployment`` is read from the
    server's ``serverInfo`` when left out. ``max_wait`` is the longest wait, in seconds, for
    a rate limit; ``refresh_days`` how often the cache is rebuilt from scratch (0: never).
    ``duplicate_link`` names the issue link type whose outward link ("duplicates") marks an
    issue as a duplicate of another: its demand counts there. ``icp_class_field`` names a
    single-select field with one option per class (icp-core, mixed...): ``tag`` sets it to the
    request's class, written only when it changed, as ``icp_value_field`` is.
    """

    server: str
    jql: str
    deployment: Literal["cloud", "datacenter"] | None = None
    customer_field: str | None = None
    story_points_field: str | None = None
    icp_value_field: str | None = None
    icp_class_field: str | None = None
    max_wait: float = Field(default=900, ge=0)
    refresh_days: float = Field(default=7, ge=0)
    duplicate_link: str = Field(default="Duplicate", min_length=1)

    @model_validator(mode="after")
    def _server_url(self) -> JiraSource:
        if not self.server.startswith(("https://", "http://")) or "." not in self.server + "localhost":
            raise ValueError(
                f"server must be an http(s) URL such as https://acme.atlassian.net, got {self.server!r}"
            )
        if not self.jql.strip():
            raise ValueError("jql must select the feature requests, e.g. project = FR AND issuetype = Idea")
        return self


class Source(_Strict):
    """Where ``rank`` reads requests when no ``--input`` is given: exactly one kind."""

    github: GithubSource | None = None
    jira: JiraSource | None = None
    file: str | None = None

    @model_validator(mode="after")
    def _one(self) -> Source:
        given = [k for k in ("github", "jira", "file") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of github, jira, file (got {', '.join(given) or 'none'})")
        return self


class TaggingSettings(_Strict):
    """What ``tag`` writes to issues; ``tier-only`` never discloses names or revenue."""

    labels: bool = True
    comment: bool = True
    disclose: Literal["tier-only", "full"] = "tier-only"
    prefix: str = Field(default="icp", min_length=1, max_length=20)
    dry_run: bool = False

    @field_validator("prefix")
    @classmethod
    def _label_safe(cls, value: str) -> str:
        # Said in words: pydantic's own message showed the raw pattern ^[A-Za-z0-9_.-]+$.
        bad = sorted({c for c in value if not (c.isascii() and (c.isalnum() or c in "_.-"))})
        if bad:
            shown = ", ".join(repr(c) for c in bad)
            raise ValueError(
                f"use only letters, digits, '_', '.' and '-' (labels are named prefix:class), got {shown}"
            )
        return value


class NamedSource(Source):
    """One source the service serves: ``source:``'s shape plus an optional ``name`` (the
    ``?source=`` of the read endpoints; default ``github:owner/repo`` or ``jira:HOST``)."""

    name: str | None = Field(default=None, min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.:/@-]+$")


class ServiceLimits(_Strict):
    """How hard the service works and how long it waits.

    ``max_body_bytes``: larger webhook bodies get 413 unread (GitHub caps payloads at 25 MB).
    ``max_attempts``: tries before a delivery is parked as failed. ``lease_seconds``: how long
    a claim lasts before another worker may take the delivery over, renewed every
    ``renew_seconds`` while the job runs (a killed process's work is taken over within a
    lease). ``retry_base_seconds`` and ``retry_max_seconds``: the exponential back-off between
    tries. ``max_wait``: the longest a worker waits inline for a tracker's rate limit; longer
    waits pause that tracker for every worker, count a try and reschedule the delivery.
    ``max_pause``: the longest pause a tracker's ``Retry-After`` or reset header may impose
    (a header from outside, so bounded). ``stall_seconds``: how long work may be due with no
    worker making progress before ``/readyz`` answers 503.
    ``body_seconds``: a webhook body not complete this long after its headers is cut with 408.
    ``pending_bodies``: how many webhook bodies (not yet authenticated) are read at once;
    beyond that a delivery gets 503 at once, so strangers cannot hold every connection.
    """

    max_body_bytes: int = Field(default=25 * 1024 * 1024, ge=1024)
    max_attempts: int = Field(default=5, ge=1, le=100)
    lease_seconds: float = Field(default=30, gt=0)
    renew_seconds: float = Field(default=10, gt=0)
    retry_base_seconds: float = Field(default=10, gt=0)
    retry_max_seconds: float = Field(default=3600, gt=0)
    max_wait: float = Field(default=5, ge=0)
    poll_seconds: float = Field(default=0.5, gt=0)
    max_pause: float = Field(default=3600, ge=0, le=7 * 86400)
    stall_seconds: float = Field(default=60, gt=0)
    body_seconds: float = Field(default=10, gt=0, le=3600)
    pending_bodies: int = Field(default=64, ge=1, le=100_000)


class ServiceSettings(_Strict):
    """``service:``: the database (a SQLite file by default), the sources, who may read.

    ``retention_days``: done and failed deliveries older than this are deleted, and a body
    seen within it (by its SHA-256) is a duplicate whatever its delivery id.
    """

    database_url: str | None = None
    sources: list[NamedSource] = Field(default_factory=list)
    public_read: Literal["none", "tier-only"] = "none"
    workers: int = Field(default=1, ge=0, le=64)
    retention_days: float = Field(default=30, gt=0, le=36_500)
    limits: ServiceLimits = Field(default_factory=ServiceLimits)

    @model_validator(mode="after")
    def _unique_names(self) -> ServiceSettings:
        names = [s.name for s in self.sources if s.name]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"source names must be unique: {', '.join(dup)} given twice")
        return self


class Config(_Strict):
    """The parsed ``icp.yml``."""

    profile: Profile
    accounts: str | None = None
    source: Source | None = None
    attribution: AttributionSettings = Field(default_factory=AttributionSettings)
    ranking: RankingSettings = Field(default_factory=RankingSettings)
    planning: PlanningSettings = Field(default_factory=PlanningSettings)
    tagging: TaggingSettings = Field(default_factory=TaggingSettings)
    outcomes: OutcomeSettings = Field(default_factory=OutcomeSettings)
    validation: ValidationSettings = Field(default_factory=ValidationSettings)
    service: ServiceSettings = Field(default_factory=ServiceSettings)
