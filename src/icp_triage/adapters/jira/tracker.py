"""Jira behind the tracker seam: ``JiraSource`` reads, ``JiraTagger`` writes.

Both share one ``JiraSession`` (client, cache and the issues last read), so a run's request
count, the resolved fields and the user the credential acts as are known once. See
``adapters.base`` for the interfaces.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from icp_triage.adapters.base import Clock, Echo, Membership, Progress, Sleep, Snapshot, Tracker, Write
from icp_triage.adapters.jira import JiraSelection, JiraSession, normalise_key
from icp_triage.adapters.jira.tagger import JiraWrite
from icp_triage.adapters.jira.translate import JiraIssue
from icp_triage.core.models import RawRequest, RequestLike

if TYPE_CHECKING:
    from icp_triage.core.tags import Tags, TagSettings


class JiraRequests:
    """The issues the configured JQL selects (enhanced search on Cloud, ``/search`` on DC)."""

    kind = "jira"
    name = "Jira"

    def __init__(self, session: JiraSession) -> None:
        self.session = session

    def backlog(self, *, refresh: bool = False, progress: Progress | None = None) -> list[RawRequest]:
        return self.session.backlog(refresh=refresh, progress=progress)

    def read(self, key: str) -> Snapshot:
        """One issue, fresh, through the JQL (1 request; 2 when outside it), with its
        duplicates (1 more); ``extra`` is the ``JiraIssue`` (the icp-triage property, the number
        field's value)."""
        issue, outside, duplicates = self.session.read_one(key)
        return Snapshot(
            issue.request, extra=issue, duplicates=tuple(d.request for d in duplicates), outside=outside
        )

    def normalise_key(self, text: str) -> str | None:
        return normalise_key(text)

    def selects(self, request: RequestLike) -> Membership:
        """JQL cannot be evaluated here: ask Jira (a read of the issue through the JQL)."""
        return self.session.selection.selects(request)

    def check(self, *, accounts_list_jira_users: bool, value_written: bool) -> list[tuple[str, bool]]:
        """What ``icp-triage check`` prints about Jira, as (line, is a warning): the resolved
        field ids and how many issues the JQL matches (2 or 3 requests, no issue read)."""
        session = self.session
        fields, matched = session.check()
        selection = session.selection
        lines = [
            (
                f"Jira {session.client.deployment} at {selection.server}: the JQL matches {matched:,} issues.",
                False,
            )
        ]
        for option, found in (
            ("customer_field", fields.customer),
            ("story_points_field", fields.story_points),
            ("icp_value_field", fields.icp_value),
            ("icp_class_field", fields.icp_class),
        ):
            if found is not None:
                named = getattr(selection, option)
                lines.append((f"  {option}: '{named}' is {found.id} ({found.kind or 'field'}).", False))
        if session.client.cloud and not accounts_list_jira_users:
            lines.append(
                (
                    "Warning: no account lists jira_users; Jira Cloud hides reporters' e-mails by default, so "
                    "reporters, commenters and voters count only through a jira_users column of accountIds.",
                    True,
                )
            )
        if fields.icp_value is not None and not value_written:
            lines.append(
                (
                    "Warning: icp_value_field is not written under disclose: tier-only with weight_by: arr "
                    "(the value would reveal revenue); set weight_by: accounts or disclose: full.",
                    True,
                )
            )
        return lines


class JiraTagger:
    """Labels, the number field and the one comment (see ``tagger`` for the write rules)."""

    def __init__(self, session: JiraSession) -> None:
        self.session = session

    @property
    def requests(self) -> int:
        return self.session.client.requests

    def plan(self, items: Iterable[tuple[Snapshot, Tags]], *, settings: TagSettings) -> list[Write]:
        triples = []
        for snapshot, tags in items:
            issue = snapshot.extra if isinstance(snapshot.extra, JiraIssue) else None
            issue = (
                issue
                or self.session.issues.get(snapshot.request.key)
                or self.session.read(snapshot.request.key)
            )
            value = tags.fields.get("icp_value")
            triples.append((issue, tags, value if isinstance(value, float) else None))
        return list(self.session.plan(triples, settings=settings))

    def apply(
        self,
        writes: Sequence[Write],
        *,
        dry_run: bool = False,
        echo: Echo | None = None,
        progress: Progress | None = None,
    ) -> int:
        own = [w for w in writes if isinstance(w, JiraWrite)]
        assert len(own) == len(writes), "JiraTagger applies only its own writes"
        return self.session.apply(own, dry_run=dry_run, echo=echo)


def open_jira(
    selection: JiraSelection,
    *,
    env: Mapping[str, str],
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    clock: Clock | None = None,
    sleep: Sleep | None = None,
    sleep_on_limit: bool = True,
) -> Tracker:
    """The Jira tracker: one session (no request yet); ConfigError naming the variables when
    no credential is set. ``sleep_on_limit`` False: a rate limit raises ``RetryLater``."""
    session = JiraSession.open(
        selection,
        env,
        cache_dir=cache_dir,
        notice=progress,
        sleep=sleep,
        clock=clock,
        sleep_on_limit=sleep_on_limit,
    )
    return Tracker(source=JiraRequests(session), tagger=JiraTagger(session))
