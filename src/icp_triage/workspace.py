"""Wire config, accounts and requests together for the surfaces (CLI, Action, service).

Everything a command needs to call the core, loaded through the adapters with the
environment passed in, so surfaces stay thin and tests can hand in their own ``env``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from icp_triage.adapters.accounts import load_accounts
from icp_triage.config.loader import LoadedConfig, load_config
from icp_triage.config.schema import Config
from icp_triage.core.models import Account, RequestLike
from icp_triage.core.ranking import Backlog, rank
from icp_triage.errors import ConfigError

if TYPE_CHECKING:
    from icp_triage.adapters.github import GithubSession
    from icp_triage.adapters.jira import JiraSession
    from icp_triage.core.ranking import RankedItem, UnattributedItem
    from icp_triage.core.tagging import Tags, Write


@dataclass
class TagRun:
    """What a ``tag`` run did: the issues evaluated, the writes (made or, dry, planned), and
    the backlog they were ranked in (``backlog.item(key)`` gives class, tier, ICP value)."""

    issues: list[str]
    writes: list[Write]
    backlog: Backlog
    dry_run: bool

    @property
    def touched(self) -> int:
        # GitHub: issues are owner/repo#N (a bare owner/repo is a label creation); Jira: KEY-N
        return len({w.target for w in self.writes if "#" in w.target or "/" not in w.target})


@dataclass
class Workspace:
    loaded: LoadedConfig
    accounts: list[Account]
    _github: GithubSession | None = field(default=None, repr=False)
    _jira: JiraSession | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        return self.loaded.config

    def rank(
        self, requests: Sequence[RequestLike], *, orgs_by_login: Mapping[str, list[str]] | None = None
    ) -> Backlog:
        config = self.loaded.config
        return rank(
            requests,
            self.accounts,
            config.profile,
            attribution=config.attribution,
            ranking=config.ranking,
            planning=config.planning,
            orgs_by_login=orgs_by_login,
        )

    def file_requests(self, explicit: Path | None) -> Sequence[RequestLike]:
        """Requests from ``--input``, else from ``source: {file: ...}``; else a ConfigError."""
        # Imported here: its msgspec decoder and pydantic models serve request files only,
        # which the Action's one-issue path never reads.
        from icp_triage.adapters.requests_file import load_requests

        if explicit is not None:
            return load_requests(explicit)
        source = self.loaded.config.source
        if source is not None and source.file is not None:
            return load_requests(self.loaded.resolve(source.file))
        raise ConfigError(
            f"{self.loaded.path}: source: no request file to read; pass --input FILE "
            "or set source: {file: requests.json}"
        )

    def requests(
        self,
        explicit: Path | None,
        *,
        env: Mapping[str, str],
        cache: Path | None = None,
        refresh: bool = False,
        progress: Callable[[str], None] | None = None,
    ) -> Sequence[RequestLike]:
        """Requests from ``--input`` or the configured source (file, GitHub or Jira).

        GitHub reads go through the sync cache (``cache`` or the user cache dir);
        ``refresh`` ignores it.
        """
        source = self.loaded.config.source
        if explicit is not None or source is None or source.file is not None:
            return self.file_requests(explicit)
        if source.github is not None:
            session = self.github(env, cache=cache, progress=progress)
            return session.backlog(source.github, refresh=refresh, progress=progress)
        return self.jira(env, cache=cache, progress=progress).backlog(refresh=refresh, progress=progress)

    def jira(
        self,
        env: Mapping[str, str],
        *,
        cache: Path | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> JiraSession:
        """The Jira session for this config (the jira library is imported here, lazily)."""
        if self._jira is None:
            from icp_triage.adapters.jira_wiring import open_jira

            self._jira = open_jira(self.loaded, env, cache=cache, progress=progress)
        return self._jira

    @property
    def tracker_name(self) -> str:
        """The tracker this run talked to, for messages."""
        return "Jira" if self._jira is not None else "GitHub"

    @property
    def tracker_requests(self) -> int:
        """HTTP requests made to the tracker so far (GitHub or Jira)."""
        if self._jira is not None:
            return self._jira.client.requests
        return self._github.client.requests if self._github is not None else 0

    def github(
        self,
        env: Mapping[str, str],
        *,
        cache: Path | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> GithubSession:
        """The GitHub session for this config (PyGithub is imported here, lazily)."""
        if self._github is None:
            from icp_triage.adapters.github import GithubSession

            source = self.loaded.config.source
            max_wait = source.github.max_wait if source is not None and source.github is not None else 900.0
            self._github = GithubSession.open(env, max_wait=max_wait, cache_dir=cache, notice=progress)
        return self._github

    def github_orgs(
        self, requests: Sequence[RequestLike], *, env: Mapping[str, str], cache: Path | None = None
    ) -> dict[str, list[str]] | None:
        """Public org memberships for ``attribution.github_orgs: true``, else None."""
        if not self.loaded.config.attribution.github_orgs:
            return None
        return self.github(env, cache=cache).orgs(requests, self.accounts)

    def desired_tags(self, item: RankedItem | UnattributedItem) -> Tags:
        """The labels and comment ``item`` should carry under this config's ``tagging``."""
        from icp_triage.core.tagging import desired_tags

        config = self.config
        return desired_tags(
            item,
            config.tagging,
            icp_tiers=config.profile.icp_tiers,
            form_field=config.attribution.form_field,
            label_prefix=config.attribution.label_prefix,
            trailer=config.attribution.trailer,
        )

    def tag_issue(
        self,
        key: str,
        *,
        env: Mapping[str, str],
        dry_run: bool = False,
        echo: Callable[[str], None] | None = None,
        cache: Path | None = None,
        mark: Callable[[str], None] | None = None,
    ) -> TagRun:
        """Read one GitHub issue fresh (1 request), rank it alone, write what changed: 2 writes
        for a new issue, 0 when nothing changed. The Action's path; no backlog sync.
        ``mark`` is told as each stage ends (``ICP_TRIAGE_DEBUG`` timing)."""
        from icp_triage.adapters.github import plan_issue, split_key

        if self.config.source is not None and self.config.source.jira is not None:
            from icp_triage.adapters.jira_wiring import tag_jira

            return tag_jira(self, None, keys=[key], env=env, dry_run=dry_run, echo=echo, cache=cache)
        stage = mark or (lambda _stage: None)
        session = self.github(env, cache=cache)
        repo, number = split_key(key)
        snapshot = session.issue(repo, number, label_prefix=self.config.tagging.prefix)
        stage("the issue read (the first request)")
        current = [snapshot.request]
        backlog = self.rank(current, orgs_by_login=self.github_orgs(current, env=env, cache=cache))
        item = backlog.item(snapshot.request.key)
        assert item is not None  # every ranked request lands in one of the lists
        writes = plan_issue(snapshot, self.desired_tags(item), settings=self.config.tagging)
        stage("ranking it and planning the writes")
        dry_run = dry_run or self.config.tagging.dry_run
        session.apply(writes, dry_run=dry_run, echo=echo)
        stage(f"{len(writes)} write(s){' (dry run: none made)' if dry_run and writes else ''}")
        return TagRun(issues=[snapshot.request.key], writes=writes, backlog=backlog, dry_run=dry_run)

    def tag_backlog(
        self,
        explicit: Path | None,
        *,
        env: Mapping[str, str],
        only: str | None = None,
        dry_run: bool = False,
        echo: Callable[[str], None] | None = None,
        cache: Path | None = None,
        refresh: bool = False,
        progress: Callable[[str], None] | None = None,
    ) -> TagRun:
        """Tag every issue of the configured GitHub backlog (synced through the cache), or of
        ``explicit``, a request export whose issues' current labels and comments are read
        fresh (1 request each). ConfigError when neither names GitHub issues."""
        from icp_triage.adapters.github import plan_backlog, split_key
        from icp_triage.errors import DataError

        source = self.config.source
        if source is not None and source.jira is not None:
            from icp_triage.adapters.jira_wiring import tag_jira

            return tag_jira(
                self,
                explicit,
                env=env,
                only=only,
                dry_run=dry_run,
                echo=echo,
                cache=cache,
                refresh=refresh,
                progress=progress,
            )
        if explicit is None and (source is None or source.github is None):
            raise ConfigError(
                f"{self.loaded.path}: tag writes to GitHub issues: set source: {{github: {{repo: owner/name}}}} "
                "(or pass --input FILE with requests keyed owner/repo#N)"
            )
        session = self.github(env, cache=cache, progress=progress)
        prefix = self.config.tagging.prefix
        current: Sequence[RequestLike]
        if explicit is not None:
            ranked_from = self.requests(explicit, env=env)
            if only is not None:
                ranked_from = [r for r in ranked_from if r.key == only]
                if not ranked_from:
                    raise DataError(f"{explicit}: no request with key {only}")
            current = [session.issue(*split_key(r.key), label_prefix=prefix).request for r in ranked_from]
        else:
            current = self.requests(None, env=env, cache=cache, refresh=refresh, progress=progress)
            if only is not None:
                current = [r for r in current if r.key == only]
                if not current:
                    raise DataError(f"{only}: not in the configured GitHub backlog")
            ranked_from = current
        backlog = self.rank(ranked_from, orgs_by_login=self.github_orgs(ranked_from, env=env, cache=cache))
        pairs = []
        for request in current:
            item = backlog.item(request.key)
            if item is None:
                raise DataError(f"{request.key}: not in the ranked backlog")
            pairs.append((request, self.desired_tags(item)))
        writes = plan_backlog(session.client, pairs, settings=self.config.tagging)
        dry_run = dry_run or self.config.tagging.dry_run
        session.apply(writes, dry_run=dry_run, echo=echo, progress=progress)
        return TagRun(issues=[r.key for r in current], writes=writes, backlog=backlog, dry_run=dry_run)


def open_workspace(config_path: Path | None, *, env: Mapping[str, str], cwd: Path | None = None) -> Workspace:
    """Load the config and its accounts; raises ConfigError or DataError (exit 2)."""
    loaded = load_config(config_path, cwd=cwd)
    accounts_path = loaded.resolve(loaded.config.accounts) if loaded.config.accounts else None
    accounts = load_accounts(accounts_path, env=env, config_label=str(loaded.path))
    return Workspace(loaded=loaded, accounts=accounts)
