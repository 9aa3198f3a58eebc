"""The Jira source and tagger (Cloud and Data Center), through the ``jira`` library.

The API the surfaces use::

    session = JiraSession.open(selection, env, cache_dir=None)   # no request yet
    requests = session.backlog()             # cached sync of the JQL's issues
    issue = session.read("FR-12")            # 1 request: one issue, fresh
    writes = session.plan([(issue, tags, icp_value)], settings=tagging)
    session.apply(writes, dry_run=False)     # 0 writes when nothing changed

Nothing here imports ``jira`` at module level: ``JiraClient`` does, when a session opens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from icp_triage.adapters.jira.cache import JiraCache
from icp_triage.adapters.jira.client import JiraClient, connect
from icp_triage.adapters.jira.fields import FieldMap
from icp_triage.adapters.jira.keys import normalise_key
from icp_triage.adapters.jira.reads import Progress, count
from icp_triage.adapters.jira.sync import JiraSelection, read_issue, resolve_fields, sync, wanted_fields
from icp_triage.adapters.jira.tagger import JiraWrite, apply_writes, plan_backlog
from icp_triage.adapters.jira.translate import PROPERTY, JiraIssue
from icp_triage.core.models import RawRequest, RequestLike
from icp_triage.core.tags import Tags, TagSettings
from icp_triage.errors import DataError


@dataclass
class JiraSession:
    """One client (credential, server, retry policy), the cache, and the selection."""

    client: JiraClient
    selection: JiraSelection
    cache: JiraCache | None
    kind: str = "jira"
    issues: dict[str, JiraIssue] = field(default_factory=dict)
    fields: FieldMap | None = None

    @classmethod
    def open(
        cls,
        selection: JiraSelection,
        env: Mapping[str, str],
        *,
        cache_dir: Path | None = None,
        notice: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
        sleep_on_limit: bool = True,
    ) -> JiraSession:
        """Connect (no request yet); ConfigError naming the variables when no credential is set."""
        client = connect(
            env,
            server=selection.server,
            deployment=selection.deployment,
            max_wait=selection.max_wait,
            sleep=sleep,
            clock=clock,
            notice=notice,
            sleep_on_limit=sleep_on_limit,
        )
        from icp_triage.adapters.github.cache import default_cache_dir

        root = cache_dir if cache_dir is not None else default_cache_dir(env)
        cache = JiraCache(root, server=selection.server)
        return cls(client=client, selection=selection, cache=cache)

    def backlog(self, *, refresh: bool = False, progress: Progress | None = None) -> list[RawRequest]:
        """Every issue the JQL selects, synced through the cache."""
        issues, self.fields = sync(
            self.client, self.selection, cache=self.cache, refresh=refresh, progress=progress
        )
        self.issues = {i.request.key: i for i in issues}
        return [i.request for i in issues]

    def field_map(self) -> FieldMap:
        """The resolved fields: from the last sync, else from Jira's field list (1 request)."""
        if self.fields is None:
            self.fields = resolve_fields(self.client, self.selection)
        return self.fields

    def read(self, key: str) -> JiraIssue:
        """One issue, fresh: 1 request (plus its remaining comments and voters if needed)."""
        wanted = normalise_key(key)
        if wanted is None:
            raise DataError(f"'{key}' is not a Jira issue key (PROJECT-123)")
        fields = self.field_map()
        raw = self.client.get(
            f"issue/{wanted}",
            {"fields": ",".join(wanted_fields(fields)), "properties": PROPERTY},
            what=f"reading {wanted}",
        )
        issue = read_issue(self.client, raw, self.selection, fields, endpoint=f"issue/{wanted}")
        self.issues[issue.request.key] = issue
        return issue

    def normalise_key(self, text: str) -> str | None:
        return normalise_key(text)

    def selects(self, request: RequestLike) -> bool | None:
        """Whether ``request`` is in the JQL's result: JQL cannot be evaluated locally."""
        return None

    def check(self) -> tuple[FieldMap, int]:
        """The resolved fields and how many issues the JQL matches now (for ``check``)."""
        fields = resolve_fields(self.client, self.selection)
        return fields, count(self.client, self.selection.jql, what="counting the issues of the JQL")

    def plan(
        self, items: Iterable[tuple[JiraIssue, Tags, float | None]], *, settings: TagSettings
    ) -> list[JiraWrite]:
        return plan_backlog(self.client, items, settings=settings, fields=self.field_map())

    def apply(
        self, writes: Sequence[JiraWrite], *, dry_run: bool = False, echo: Callable[[str], None] | None = None
    ) -> int:
        return apply_writes(self.client, writes, dry_run=dry_run, echo=echo)


__all__ = ["JiraClient", "JiraIssue", "JiraSelection", "JiraSession", "JiraWrite", "normalise_key"]
