"""Wire config, accounts and requests together for the surfaces (CLI, Action, service).

Everything a command needs to call the core, loaded through the adapters with the
environment passed in, so surfaces stay thin and tests can hand in their own ``env``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
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
    from icp_triage.core.outcomes import OutcomeTable
    from icp_triage.core.profile_diff import ProfileDiff
    from icp_triage.core.ranking import RankedItem, UnattributedItem
    from icp_triage.core.settings import Profile
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
        return len({w.target for w in self.writes if "#" in w.target})


@dataclass
class Workspace:
    loaded: LoadedConfig
    accounts: list[Account]
    _github: GithubSession | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        return self.loaded.config

    def outcomes(self, env: Mapping[str, str]) -> OutcomeTable:
        """The accounts' outcome columns (``outcomes:`` in icp.yml); DataError naming the row of a bad cell."""
        from icp_triage.adapters.outcomes import load_outcomes

        accounts = self.loaded.config.accounts
        path = self.loaded.resolve(accounts) if accounts else None
        return load_outcomes(self.accounts, self.config.outcomes, path=path, env=env)

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

    def profile_diff(
        self,
        old: Profile,
        requests: Sequence[RequestLike] | None,
        *,
        env: Mapping[str, str],
        today: date,
        threshold: int = 5,
    ) -> ProfileDiff:
        """How ``old`` and this config's profile differ on these accounts (and ``requests``)."""
        from icp_triage.core.profile_diff import diff_profiles

        config = self.config
        return diff_profiles(
            self.accounts,
            requests,
            old,
            config.profile,
            self.outcomes(env),
            today=today,
            threshold=threshold,
            settings=config.validation,
            attribution=config.attribution,
            ranking=config.ranking,
            planning=config.planning,
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
        kind = "jira"
        raise ConfigError(
            f"{self.loaded.path}: source.{kind}: reading from {kind} is not available in this version; "
            "export the requests to a JSON file and pass --input FILE"
        )

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
