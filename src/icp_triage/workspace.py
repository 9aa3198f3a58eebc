"""Wire config, accounts and requests together for the surfaces (CLI, Action, service).

Everything a command needs to call the core, loaded through the adapters with the
environment passed in, so surfaces stay thin and tests can hand in their own ``env``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from icp_triage.adapters.accounts import load_accounts
from icp_triage.adapters.requests_file import load_requests
from icp_triage.config.loader import LoadedConfig, load_config
from icp_triage.config.schema import Config
from icp_triage.core.models import Account, RawRequest
from icp_triage.core.ranking import Backlog, rank
from icp_triage.errors import ConfigError


@dataclass
class Workspace:
    loaded: LoadedConfig
    accounts: list[Account]

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

    def requests(self, explicit: Path | None, *, env: Mapping[str, str]) -> list[RawRequest]:
        """Requests from ``--input`` or the configured source (file, GitHub or Jira)."""
        source = self.loaded.config.source
        if explicit is not None or source is None or source.file is not None:
            return self.file_requests(explicit)
        kind = "github" if source.github is not None else "jira"
        raise ConfigError(
            f"{self.loaded.path}: source.{kind}: reading from {kind} is not available in this version; "
            "export the requests to a JSON file and pass --input FILE"
        )


def open_workspace(config_path: Path | None, *, env: Mapping[str, str], cwd: Path | None = None) -> Workspace:
    """Load the config and its accounts; raises ConfigError or DataError (exit 2)."""
    loaded = load_config(config_path, cwd=cwd)
    accounts_path = loaded.resolve(loaded.config.accounts) if loaded.config.accounts else None
    accounts = load_accounts(accounts_path, env=env, config_label=str(loaded.path))
    return Workspace(loaded=loaded, accounts=accounts)
