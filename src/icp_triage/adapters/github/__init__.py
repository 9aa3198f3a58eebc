"""The GitHub source and tagger: bulk reads through GraphQL, writes through REST, both via
PyGithub, with an incremental cache and GitHub's rate-limit rules.

The surfaces reach it only through ``adapters.base.open_tracker`` (``tracker.py`` holds the
``RequestSource`` and ``Tagger``). Inside, the pieces compose as::

    session = GithubSession.open(env, max_wait=900, cache_dir=None)   # no request yet
    requests = session.backlog(source)                # cached sync of every configured repo
    snapshot = session.issue("owner/repo", 12)        # 1 request: the issue + our repo labels
    tags = desired_tags(item, settings)               # core.tags, pure
    writes = plan_issue(snapshot, tags, settings=settings)
    apply_writes(session.client, writes)              # 2 writes for a new issue, 0 if unchanged

PyGithub itself is imported inside ``GithubClient``, so importing this package stays cheap.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from icp_triage.adapters.github.backlog import fetch_backlog
from icp_triage.adapters.github.cache import CacheStore, default_cache_dir
from icp_triage.adapters.github.client import GithubClient, connect
from icp_triage.adapters.github.names import issue_key, split_key
from icp_triage.adapters.github.orgs import fetch_orgs, logins_to_look_up
from icp_triage.adapters.github.reads import IssueSnapshot, fetch_issue, repo_labels
from icp_triage.adapters.github.selection import GithubSelection
from icp_triage.adapters.github.session import GithubSession
from icp_triage.adapters.github.sync import Selection, sync_repository
from icp_triage.adapters.github.tagger import (
    WriteBudgetSpent,
    apply_writes,
    plan_backlog,
    plan_issue,
    show,
)
from icp_triage.adapters.github.translate import request_from_issue
from icp_triage.adapters.github.transport import (
    GithubNotFound,
    GithubPermissionError,
    GithubUnavailable,
    endpoints_from_env,
    token_from_env,
)


def open_store(client: GithubClient, env: Mapping[str, str], cache_dir: Path | None = None) -> CacheStore:
    """The cache for this client's GitHub host, under ``cache_dir`` or the user cache dir."""
    return CacheStore(cache_dir if cache_dir is not None else default_cache_dir(env), host=client.host)


__all__ = [
    "CacheStore",
    "GithubClient",
    "GithubNotFound",
    "GithubPermissionError",
    "GithubSelection",
    "GithubSession",
    "GithubUnavailable",
    "IssueSnapshot",
    "Selection",
    "WriteBudgetSpent",
    "apply_writes",
    "connect",
    "default_cache_dir",
    "endpoints_from_env",
    "fetch_backlog",
    "fetch_issue",
    "fetch_orgs",
    "issue_key",
    "logins_to_look_up",
    "open_store",
    "plan_backlog",
    "plan_issue",
    "repo_labels",
    "request_from_issue",
    "show",
    "split_key",
    "sync_repository",
    "token_from_env",
]
