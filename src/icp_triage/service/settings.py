"""Everything ``serve`` runs on: icp.yml with its ``service:`` section, and secrets from env.

Secrets live only in the environment (a config file gets committed): webhook secrets, the
read and admin tokens, tracker credentials, the database URL when it holds a password.
``check`` finds every problem ``serve --check`` reports before a server would listen.
"""

from __future__ import annotations

import dataclasses
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from icp_triage.adapters.base import Selection
from icp_triage.adapters.dialect import dialect_for
from icp_triage.config.schema import NamedSource, ServiceSettings, Source
from icp_triage.errors import ConfigError
from icp_triage.service.store import database_url
from icp_triage.workspace import Workspace, open_workspace

GITHUB_SECRET = "ICP_TRIAGE_GITHUB_WEBHOOK_SECRET"
JIRA_SECRET = "ICP_TRIAGE_JIRA_WEBHOOK_SECRET"
READ_TOKEN = "ICP_TRIAGE_READ_TOKEN"
ADMIN_TOKEN = "ICP_TRIAGE_ADMIN_TOKEN"


@dataclass(frozen=True)
class ServedSource:
    """One source the service serves, under the name ``?source=`` uses, with its adapter's
    own ``selection``, which answers for it: what it holds, where deliveries for it come
    from, how often it is synced."""

    name: str
    source: Source
    selection: Selection

    @property
    def kind(self) -> str:
        return self.selection.kind


def _default_name(source: Source) -> str:
    if source.github is not None:
        repos = source.github.all_repos
        return f"github:{repos[0]}" + (f"+{len(repos) - 1}" if len(repos) > 1 else "")
    if source.jira is not None:
        return f"jira:{urllib.parse.urlparse(source.jira.server).hostname}"
    return f"file:{Path(source.file or 'requests').stem}"


@dataclass(frozen=True)
class Secrets:
    github_webhook: str = field(default="", repr=False)
    jira_webhook: str = field(default="", repr=False)
    read_token: str = field(default="", repr=False)
    admin_token: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Secrets:
        def get(name: str) -> str:
            return (env.get(name) or "").strip()

        return cls(get(GITHUB_SECRET), get(JIRA_SECRET), get(READ_TOKEN), get(ADMIN_TOKEN))


@dataclass
class ServiceConfig:
    """The loaded config, its sources, secrets and database URL, and the env it came from."""

    workspace: Workspace
    sources: list[ServedSource]
    secrets: Secrets
    database_url: str
    env: Mapping[str, str] = field(repr=False)

    @property
    def settings(self) -> ServiceSettings:
        return self.workspace.config.service

    def workspace_for(self, served: ServedSource) -> Workspace:
        """The workspace with ``served`` as its one source (a fresh tracker, opened on use)."""
        base = self.workspace
        config = base.config.model_copy(update={"source": served.source})
        return dataclasses.replace(
            base, loaded=dataclasses.replace(base.loaded, config=config), tracker=None, _by_key=None
        )

    def source(self, name: str | None) -> ServedSource:
        """The source named ``name`` (the first when None); ConfigError listing the names."""
        if name is None:
            return self.sources[0]
        for served in self.sources:
            if served.name == name:
                return served
        raise ConfigError(
            f"no source named {name!r}; the sources are {', '.join(s.name for s in self.sources)}"
        )

    def served_for(self, kind: str, where: str | None) -> ServedSource | None:
        """The ``kind`` source that ``where`` (a delivery's repository or Jira site) holds;
        with no ``where``, the one source of that kind, if there is only one."""
        of_kind = [s for s in self.sources if s.kind == kind]
        if where is None:
            return of_kind[0] if len(of_kind) == 1 else None
        return next((s for s in of_kind if s.selection.serves(where)), None)


def load_service(config: Path | None, *, env: Mapping[str, str], cwd: Path | None = None) -> ServiceConfig:
    """Load icp.yml and the accounts; ConfigError (exit 2) naming what is wrong."""
    workspace = open_workspace(config, env=env, cwd=cwd)
    section = workspace.config.service
    given: list[Source] = list(section.sources)
    if not given and workspace.config.source is not None:
        given = [workspace.config.source]
    if not given:
        raise ConfigError(
            f"{workspace.loaded.path}: the service has no source: set source: (one) or "
            "service.sources: (several GitHub repositories or Jira projects)"
        )
    sources = []
    for source in given:
        selection = workspace.selection_of(source)
        assert selection is not None  # a Source names one of file, github or jira
        name = source.name if isinstance(source, NamedSource) and source.name else _default_name(source)
        sources.append(ServedSource(name, source, selection))
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise ConfigError(
            f"{workspace.loaded.path}: service.sources: two sources share a name; give each a name:"
        )
    url = database_url(section.database_url, env, cwd=cwd or workspace.loaded.base)
    return ServiceConfig(workspace, sources, Secrets.from_env(env), url, env)


def check(service: ServiceConfig) -> list[str]:
    """Problems that stop the service, as ConfigError; returns warnings it can run with."""
    env, secrets, path = service.env, service.secrets, service.workspace.loaded.path
    kinds = {s.kind for s in service.sources}
    problems: list[str] = []
    if "github" in kinds:
        if not secrets.github_webhook:
            problems.append(f"{GITHUB_SECRET} is not set: every GitHub delivery would be refused")
        problems += dialect_for("github").credential_problems(env)
    if "jira" in kinds and not secrets.jira_webhook:
        problems.append(f"{JIRA_SECRET} is not set: every Jira delivery would be refused")
    for served in service.sources:
        if served.kind == "jira":  # the credential is read when a tracker opens (no request yet)
            try:
                service.workspace_for(served).open_tracker(env)
            except ConfigError as exc:
                problems.append(f"{served.name}: {exc}")
    if problems:
        raise ConfigError(f"{path}: the service cannot start: " + "; ".join(problems))
    warnings = []
    if not secrets.read_token and service.settings.public_read == "none":
        warnings.append(f"{READ_TOKEN} is not set: every read endpoint answers 401 (webhooks still work)")
    if not secrets.admin_token:
        warnings.append(f"{ADMIN_TOKEN} is not set: the admin endpoints (/deliveries) answer 401")
    if secrets.read_token and secrets.read_token == secrets.admin_token:
        warnings.append(f"{READ_TOKEN} and {ADMIN_TOKEN} are the same: every reader is an admin")
    return warnings
