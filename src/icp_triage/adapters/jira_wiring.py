"""Interim glue between the Workspace and the Jira adapter, until the tracker seam
(``adapters/base.py``, ``open_tracker``: issue 11) replaces it.

It turns ``config.schema.JiraSource`` into the adapter's own ``JiraSelection`` and runs a
``tag`` over Jira issues the way ``Workspace.tag_backlog`` does over GitHub's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from icp_triage.errors import ConfigError, DataError

if TYPE_CHECKING:
    from icp_triage.adapters.jira import JiraIssue, JiraSession
    from icp_triage.config.loader import LoadedConfig
    from icp_triage.core.ranking import RankedItem, UnattributedItem
    from icp_triage.workspace import TagRun, Workspace


def open_jira(
    loaded: LoadedConfig,
    env: Mapping[str, str],
    *,
    cache: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> JiraSession:
    """A session for ``source: {jira: ...}``; ConfigError when the config names no Jira source."""
    from icp_triage.adapters.jira import JiraSelection, JiraSession

    config = loaded.config
    source = config.source.jira if config.source is not None else None
    if source is None:
        raise ConfigError(f"{loaded.path}: source: no jira source configured")
    selection = JiraSelection(
        server=source.server.rstrip("/"),
        jql=source.jql,
        deployment=source.deployment,
        customer_field=source.customer_field,
        story_points_field=source.story_points_field,
        icp_value_field=source.icp_value_field,
        form_field=config.attribution.form_field,
        votes=config.attribution.jira_votes,
        refresh_days=source.refresh_days,
        max_wait=source.max_wait,
    )
    return JiraSession.open(selection, env, cache_dir=cache, notice=progress)


def disclosed_value(workspace: Workspace, item: RankedItem | UnattributedItem) -> float | None:
    """The icp value to write to the number field, or None where it could carry revenue
    (``weight_by: arr`` under ``disclose: tier-only``) or the request has no accounts."""
    from icp_triage.core.ranking import RankedItem

    config = workspace.config
    if not isinstance(item, RankedItem):
        return None
    if config.tagging.disclose != "full" and config.ranking.weight_by != "accounts":
        return None
    return float(item.icp_value)


def tag_jira(
    workspace: Workspace,
    explicit: Path | None,
    *,
    env: Mapping[str, str],
    keys: Sequence[str] | None = None,
    only: str | None = None,
    dry_run: bool = False,
    echo: Callable[[str], None] | None = None,
    cache: Path | None = None,
    refresh: bool = False,
    progress: Callable[[str], None] | None = None,
) -> TagRun:
    """Tag Jira issues: ``keys`` read fresh one by one, else ``explicit`` (a request export
    whose issues are read fresh), else the configured JQL's backlog through the cache."""
    from icp_triage.workspace import TagRun

    session = workspace.jira(env, cache=cache, progress=progress)
    issues: list[JiraIssue]
    if keys:
        issues = [session.read(k) for k in keys]
        ranked_from = [i.request for i in issues]
    elif explicit is not None:
        exported = list(workspace.requests(explicit, env=env))
        if only is not None:
            exported = [r for r in exported if r.key == only]
            if not exported:
                raise DataError(f"{explicit}: no request with key {only}")
        issues = [session.read(r.key) for r in exported]
        ranked_from = exported  # type: ignore[assignment]  # RequestLike; ranking reads only that
    else:
        session.backlog(refresh=refresh, progress=progress)
        issues = list(session.issues.values())
        ranked_from = [i.request for i in issues]
        if only is not None:
            issues = [i for i in issues if i.request.key == only]
            if not issues:
                raise DataError(f"{only}: not in the configured Jira backlog (its JQL)")
    backlog = workspace.rank(ranked_from)
    items = []
    for issue in issues:
        item = backlog.item(issue.request.key)
        if item is None:
            raise DataError(f"{issue.request.key}: not in the ranked backlog")
        items.append((issue, workspace.desired_tags(item), disclosed_value(workspace, item)))
    settings = workspace.config.tagging
    writes = session.plan(items, settings=settings)
    dry_run = dry_run or settings.dry_run
    session.apply(writes, dry_run=dry_run, echo=echo)
    return TagRun(issues=[i.request.key for i in issues], writes=writes, backlog=backlog, dry_run=dry_run)  # type: ignore[arg-type]
