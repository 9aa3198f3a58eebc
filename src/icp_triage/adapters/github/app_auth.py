"""GitHub App authentication for the service: an installation token per installation.

A webhook delivery from a GitHub App names its installation; the service tags that issue
with a token for that installation, which PyGithub's app authentication grants from the
App's id and private key (``GITHUB_APP_ID`` with ``GITHUB_APP_PRIVATE_KEY`` or
``GITHUB_APP_PRIVATE_KEY_FILE``). Without an App id the plain token of the environment is
used. https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from icp_triage.adapters.dialect import WriteQuota
from icp_triage.adapters.github.names import split_key
from icp_triage.adapters.github.pacing import WriteLimits
from icp_triage.adapters.github.transport import endpoints_from_env
from icp_triage.errors import ConfigError, SourceError

if TYPE_CHECKING:
    from icp_triage.adapters.base import Selection

APP_ID = "GITHUB_APP_ID"
APP_KEY = "GITHUB_APP_PRIVATE_KEY"
APP_KEY_FILE = "GITHUB_APP_PRIVATE_KEY_FILE"


class AppCredentials:
    """A token from ``GITHUB_TOKEN``/``GH_TOKEN``, or per-installation tokens of a GitHub App
    (PyGithub's app authentication), cached until five minutes before they expire."""

    def __init__(self, env: Mapping[str, str], *, clock: Callable[[], float] = time.time) -> None:
        self.env = env
        self.clock = clock
        self.app_id = (env.get(APP_ID) or "").strip()
        self._tokens: dict[int, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def _private_key(self) -> str:
        text = (self.env.get(APP_KEY) or "").strip()
        if text:
            return text.replace("\\n", "\n")
        path = (self.env.get(APP_KEY_FILE) or "").strip()
        if path:
            return Path(path).read_text(encoding="utf-8")
        raise ConfigError(f"{APP_ID} is set but neither {APP_KEY} nor {APP_KEY_FILE}")

    def for_request(self, key: str, installation: int | None) -> Mapping[str, str]:
        """Under the installation token of the App installation a delivery came from (or, for
        none, the one installed on the issue's repository); the token of the environment
        without an App."""
        if not self.app_id:
            return self.env
        return self.env_for(installation, split_key(key)[0])

    def for_backlog(self, selection: Selection) -> list[tuple[Selection, Mapping[str, str]]]:
        """The token of the environment for the whole backlog; with an App, each repository
        under the token of the installation on it (an App installed on two organisations has
        two installations, and one's token cannot read the other's repositories)."""
        from icp_triage.adapters.github.selection import GithubSelection

        assert isinstance(selection, GithubSelection)
        if not self.app_id:
            return [(selection, self.env)]
        return [
            (dataclasses.replace(selection, repos=(repo,)), self.env_for(None, repo))
            for repo in selection.all_repos
        ]

    def write_quota(self, key: str, installation: int | None) -> WriteQuota | None:
        """GitHub's secondary write limits (``pacing``) count per App installation, or per
        token: named by the installation's id, or a hash of the token."""
        limits = WriteLimits()
        if self.app_id and installation is not None:
            name = f"github:installation:{installation}"
        else:
            env = self.for_request(key, installation)
            token = (env.get("GITHUB_TOKEN") or env.get("GH_TOKEN") or "").strip()
            if not token:
                return None
            name = "github:token:" + hashlib.sha256(token.encode()).hexdigest()[:24]
        return WriteQuota(name, limits.minute_cap, limits.per_hour)

    def env_for(self, installation_id: int | None, repo: str) -> Mapping[str, str]:
        if not self.app_id:
            return self.env
        return {**self.env, "GITHUB_TOKEN": self._installation_token(installation_id, repo)}

    def _installation_token(self, installation_id: int | None, repo: str) -> str:
        from github import Auth, GithubException, GithubIntegration

        now = self.clock()
        with self._lock:
            if installation_id is not None and installation_id in self._tokens:
                token, until = self._tokens[installation_id]
                if until > now:
                    return token
        integration = GithubIntegration(
            auth=Auth.AppAuth(int(self.app_id), self._private_key()),
            base_url=endpoints_from_env(self.env).api_url,
        )
        try:
            if installation_id is None:
                owner, name = repo.split("/", 1)
                installation_id = int(integration.get_repo_installation(owner, name).id)
            granted = integration.get_access_token(installation_id)
        except GithubException as exc:
            raise SourceError(
                f"GitHub App {self.app_id}: no installation token for {repo} ({exc.status}); "
                "check the app is installed on the repository with issues write"
            ) from None
        expires = granted.expires_at.timestamp() if granted.expires_at else now + 3600
        with self._lock:
            self._tokens[installation_id] = (granted.token, expires - 300)
        return str(granted.token)


def _is_private_key(text: str) -> bool:
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        load_pem_private_key(text.encode("utf-8"), password=None)
    except (ValueError, TypeError):
        return False
    return True


def credential_problems(env: Mapping[str, str]) -> list[str]:
    """What in ``env`` stops a service from tagging GitHub issues: no token and no App, or an
    App whose id or private key is missing or malformed (read, never sent anywhere)."""
    problems: list[str] = []
    has_token = bool((env.get("GITHUB_TOKEN") or env.get("GH_TOKEN") or "").strip())
    has_app = bool((env.get(APP_ID) or "").strip())
    if has_app and not ((env.get(APP_KEY) or "").strip() or (env.get(APP_KEY_FILE) or "").strip()):
        problems.append(f"{APP_ID} is set but neither {APP_KEY} (the PEM text) nor {APP_KEY_FILE} (its path)")
    if has_app and (env.get(APP_KEY_FILE) or "").strip() and not Path(env[APP_KEY_FILE]).is_file():
        problems.append(f"{APP_KEY_FILE}: no such file")
    key_text = (env.get(APP_KEY) or "").strip().replace("\\n", "\n")
    if (
        has_app
        and not key_text
        and (env.get(APP_KEY_FILE) or "").strip()
        and Path(env[APP_KEY_FILE]).is_file()
    ):
        key_text = Path(env[APP_KEY_FILE]).read_text(encoding="utf-8", errors="replace").strip()
    if has_app and key_text and not _is_private_key(key_text):
        problems.append(f"{APP_KEY}: not a PEM private key (the app's .pem file, BEGIN ... PRIVATE KEY)")
    if has_app and not (env.get(APP_ID) or "").strip().isdigit():
        problems.append(f"{APP_ID}: the App ID is a number (the app's settings page shows it)")
    if not has_token and not has_app:
        problems.append(
            f"no GitHub credentials: set GITHUB_TOKEN (issues write) or {APP_ID} and {APP_KEY} for a GitHub App"
        )
    return problems
