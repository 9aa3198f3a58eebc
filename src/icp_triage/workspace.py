"""Wire config, accounts and requests together for the surfaces (CLI, Action, service).

Everything a command needs to call the core, loaded through the adapters with the
environment passed in, so surfaces stay thin and tests can hand in their own ``env``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from icp_triage.adapters.accounts import load_accounts
from icp_triage.adapters.requests_file import load_requests
from icp_triage.config.loader import LoadedConfig, load_config
from icp_triage.config.schema import Config
from icp_triage.core.models import Account, RawRequest
from icp_triage.core.ranking import Backlog, rank
from icp_triage.errors import ConfigError

if TYPE_CHECKING:
    from icp_triage.adapters.github import GithubSession


@dataclass
class Workspace:
    loaded: LoadedConfig
    accounts: list[Account]
    _github: GithubSession | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        return self.loaded.config

    def rank(
        self, requests: list[RawRequest], *, orgs_by_login: Mapping[str, list[str]] | None = None
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

    def file_requests(self, explicit: Path | None) -> list[RawRequest]:
        """Requests from ``--input``, else from ``source: {file: ...}``; else a ConfigError."""
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
    ) -> list[RawRequest]:
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
        self, requests: list[RawRequest], *, env: Mapping[str, str], cache: Path | None = None
    ) -> dict[str, list[str]] | None:
        """Public org memberships for ``attribution.github_orgs: true``, else None."""
        if not self.loaded.config.attribution.github_orgs:
            return None
        return self.github(env, cache=cache).orgs(requests, self.accounts)


def open_workspace(config_path: Path | None, *, env: Mapping[str, str], cwd: Path | None = None) -> Workspace:
    """Load the config and its accounts; raises ConfigError or DataError (exit 2)."""
    loaded = load_config(config_path, cwd=cwd)
    accounts_path = loaded.resolve(loaded.config.accounts) if loaded.config.accounts else None
    accounts = load_accounts(accounts_path, env=env, config_label=str(loaded.path))
    return Workspace(loaded=loaded, accounts=accounts)
