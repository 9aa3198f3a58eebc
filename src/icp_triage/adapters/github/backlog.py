"""The whole configured backlog: one ``Selection`` per repository, each synced through the cache."""

from __future__ import annotations

from icp_triage.adapters.github.cache import CacheStore
from icp_triage.adapters.github.client import GithubClient
from icp_triage.adapters.github.reads import Progress
from icp_triage.adapters.github.selection import GithubSelection
from icp_triage.adapters.github.sync import Selection, sync_repository
from icp_triage.core.models import RawRequest


def selections(source: GithubSelection) -> list[Selection]:
    """One Selection per repository of the configured backlog."""
    return [
        Selection(
            repo=repo,
            state=source.state,
            labels=tuple(source.labels),
            query=source.query,
            refresh_days=source.refresh_days,
        )
        for repo in source.all_repos
    ]


def fetch_backlog(
    client: GithubClient,
    source: GithubSelection,
    *,
    store: CacheStore | None,
    refresh: bool = False,
    progress: Progress | None = None,
) -> list[RawRequest]:
    """Every request of every configured repository, each brought up to date through the cache."""
    requests: list[RawRequest] = []
    for selection in selections(source):
        requests.extend(sync_repository(client, selection, store=store, refresh=refresh, progress=progress))
    return requests
