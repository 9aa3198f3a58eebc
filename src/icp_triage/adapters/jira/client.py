"""The one door to Jira: the ``jira`` library's session, wrapped in icp-triage's retry policy.

Every request goes through the session of a ``jira.JIRA`` client (its authentication,
headers and error type), with the library's own retries off (``max_retries=0``: its
``ResilientSession`` would sleep on a 429 with no bound a caller can set) and
``policy.decide`` applied here instead. URLs are ``<server>/rest/api/<3|2>/<path>``: REST v3
(ADF bodies) on Cloud, v2 (wiki markup) on Data Center.

Credentials come from the environment only: ``JIRA_EMAIL`` + ``JIRA_API_TOKEN`` (Cloud basic
auth, https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/) or
``JIRA_TOKEN`` (a Data Center personal access token, sent as a bearer token,
https://confluence.atlassian.com/enterprise/using-personal-access-tokens-1026032365.html).
They are redacted from every message this module raises. ``jira`` is imported inside
``JiraClient`` so that importing icp_triage, or running the GitHub Action, never loads it.
"""

from __future__ import annotations

import contextlib
import json
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from icp_triage.adapters.jira.policy import decide, failure_text
from icp_triage.adapters.retry_decision import header, retry_after
from icp_triage.errors import (
    ConfigError,
    DataError,
    PermissionDenied,
    RequestGone,
    RetryLater,
    SourceError,
    TrackerUnavailable,
    TriageError,
)

MAX_ATTEMPTS = 8

CREDENTIAL_HELP = (
    "set JIRA_EMAIL and JIRA_API_TOKEN (Jira Cloud: your Atlassian e-mail and an API token from "
    "https://id.atlassian.com/manage-profile/security/api-tokens) or JIRA_TOKEN (Jira Data Center: "
    "a personal access token)"
)


class JiraPermissionError(PermissionDenied):
    """403: the credential lacks a project permission for this work."""


class JiraUnavailable(TrackerUnavailable):
    """Jira rejected the credential (401), or a rate limit needs a longer wait than ``max_wait``."""


class JiraNotFound(RequestGone):
    """404: the issue (or comment) does not exist or the credential cannot see it."""


@dataclass(frozen=True, slots=True)
class Credential:
    """Basic auth (``user`` and ``secret``) or a bearer PAT (``user`` None); ``names`` are the
    environment variables it came from, for messages."""

    user: str | None
    secret: str
    names: str


def credential_from_env(env: Mapping[str, str], *, deployment: str | None) -> Credential:
    """The credential in ``env``; ConfigError (exit 2) naming the variables when none is set.

    Cloud needs ``JIRA_EMAIL`` + ``JIRA_API_TOKEN``; Data Center takes ``JIRA_TOKEN`` (or a
    username and password in the same two variables, for servers that allow basic auth).
    """
    email, api_token, pat = (env.get(n, "").strip() for n in ("JIRA_EMAIL", "JIRA_API_TOKEN", "JIRA_TOKEN"))
    for name, value in (("JIRA_EMAIL", email), ("JIRA_API_TOKEN", api_token), ("JIRA_TOKEN", pat)):
        if value and (not value.isprintable() or any(c.isspace() for c in value)):
            raise ConfigError(
                f"{name} holds a space, a line break or another character no credential has "
                f"({len(value)} characters); set it to the value alone"
            )
    if email and api_token and deployment != "datacenter":
        return Credential(email, api_token, "JIRA_EMAIL and JIRA_API_TOKEN")
    if pat and deployment != "cloud":
        return Credential(None, pat, "JIRA_TOKEN")
    if email and api_token:
        return Credential(email, api_token, "JIRA_EMAIL and JIRA_API_TOKEN")
    if deployment == "cloud":
        missing = " and ".join(n for n, v in (("JIRA_EMAIL", email), ("JIRA_API_TOKEN", api_token)) if not v)
        raise ConfigError(f"no Jira Cloud credential: {missing} not set; {CREDENTIAL_HELP}")
    raise ConfigError(f"no Jira credential: {CREDENTIAL_HELP}")


def _message(text: str) -> str:
    """Jira's own words from an error body: ``errorMessages`` and ``errors`` values."""
    try:
        data = json.loads(text)
    except ValueError:
        return text.strip()[:300]
    if not isinstance(data, dict):
        return str(data)[:300]
    parts = [str(m) for m in data.get("errorMessages") or []]
    errors = data.get("errors")
    if isinstance(errors, dict):
        parts += [f"{k}: {v}" for k, v in errors.items()]
    return "; ".join(parts) or str(data.get("message") or "")[:300]


class JiraClient:
    """The ``jira`` library's session plus the retry policy, request counting and redaction.

    :param deployment: ``cloud`` or ``datacenter``; None asks ``serverInfo`` on first use.
    :param sleep: called with seconds to wait (tests pass a recorder).
    :param notice: told about waits, for progress on stderr.
    :param sleep_on_limit: False to raise ``RetryLater(seconds)`` at a 429/503 instead of
        waiting (the service reschedules the work rather than hold a worker).
    """

    def __init__(
        self,
        *,
        server: str,
        credential: Credential,
        deployment: str | None = None,
        max_wait: float = 900.0,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
        notice: Callable[[str], None] | None = None,
        jitter: Callable[[], float] = random.random,
        timeout: int = 30,
        sleep_on_limit: bool = True,
    ) -> None:
        from jira import JIRA

        from icp_triage import __version__

        self.server = server.rstrip("/")
        self.credential = credential
        self.max_wait = max_wait
        self.requests = 0
        self.writes = 0
        self.last_date: float | None = None  # the server's clock (Date header) at the last answer
        self._deployment = deployment
        self._sleep = sleep or time.sleep
        self._clock = clock or time.time
        self.sleep_on_limit = sleep_on_limit
        self._notice = notice or (lambda _text: None)
        self._jitter = jitter
        options: dict[str, Any] = {
            "server": self.server,
            "check_update": False,
            "headers": {"User-Agent": f"icp-triage/{__version__}"},
        }
        auth: dict[str, Any] = (
            {"basic_auth": (credential.user, credential.secret)}
            if credential.user is not None
            else {"token_auth": credential.secret}
        )
        self.jira = JIRA(options=options, get_server_info=False, max_retries=0, timeout=timeout, **auth)

    @property
    def deployment(self) -> str:
        """``cloud`` or ``datacenter``, asking ``serverInfo`` (1 request) when not configured."""
        if self._deployment is None:
            info = self.get("serverInfo", api="2", what="reading the server's version")
            kind = str(info.get("deploymentType") or "") if isinstance(info, dict) else ""
            self._deployment = "cloud" if kind.casefold() == "cloud" else "datacenter"
        return self._deployment

    def assume(self, deployment: str) -> None:
        """Take the deployment from a cache instead of asking ``serverInfo`` again."""
        if self._deployment is None and deployment in ("cloud", "datacenter"):
            self._deployment = deployment

    @property
    def cloud(self) -> bool:
        return self.deployment == "cloud"

    @property
    def api(self) -> str:
        """The REST version used: 3 on Cloud (ADF, enhanced search), 2 on Data Center."""
        return "3" if self.cloud else "2"

    def clock(self) -> float:
        return self._clock()

    def identity(self) -> str | None:
        """The accountId (Cloud) or username (Data Center) the credential acts as, asked of
        ``/myself`` once per client: a comment is icp-triage's own only when this user wrote
        it (the issue property naming it is writable by anyone who can edit the issue)."""
        if not hasattr(self, "_identity"):
            me = self.get("myself", what="asking which user the credential acts as")
            found = next(
                (me[k] for k in ("accountId", "name", "key") if isinstance(me, Mapping) and me.get(k)), None
            )
            self._identity = str(found) if found else None
        return self._identity

    def redact(self, text: str) -> str:
        for form in (self.credential.secret, repr(self.credential.secret)[1:-1]):
            if form:
                text = text.replace(form, "***")
        return text

    def url(self, path: str, *, api: str | None = None) -> str:
        return f"{self.server}/rest/api/{api or self.api}/{path.lstrip('/')}"

    def get(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        what: str,
        work: str = "read",
        api: str | None = None,
    ) -> Any:
        """GET one JSON resource, retried per the policy; SourceError, or DataError for a 400."""
        return self.send("GET", path, params=params, what=what, work=work, api=api)

    def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        what: str,
        work: str = "read",
        api: str | None = None,
        idempotent: bool = True,
        done_if: Callable[[int], bool] | None = None,
    ) -> Any:
        """One request with retries; the decoded JSON answer (None for an empty one).

        A non-``idempotent`` write (creating a comment) is not retried after a 5xx or a
        dropped connection, since it may have landed; the next run finds it. ``done_if``
        names statuses that mean the goal is met already (a comment deleted meanwhile).
        """
        import requests
        from jira.exceptions import JIRAError

        url = self.url(path, api=api)
        data = None if body is None else json.dumps(body)
        if method != "GET" and work != "read":
            self.writes += 1
        attempt = 0
        while True:
            self.requests += 1
            status: int | None
            try:
                response = self.jira._session.request(method, url, params=params, data=data)
                self._note_date(response.headers)
                return _decoded(response.content, path=path, what=what)
            except JIRAError as exc:
                status = exc.status_code
                headers = dict(exc.response.headers) if exc.response is not None else {}
                message = _message(exc.text or "")
                if exc.response is not None:
                    self._note_date(exc.response.headers)
            except requests.RequestException as exc:
                status, headers, message = None, {}, f"{type(exc).__name__}: {exc}"
            except ValueError as exc:  # a body that is not JSON
                raise SourceError(f"Jira sent an answer that is not JSON while {what}: {exc}") from None
            if status is not None and done_if is not None and done_if(status):
                return None
            decision = decide(
                status,
                headers,
                attempt=attempt,
                max_wait=self.max_wait,
                jitter=self._jitter(),
                now=self._clock(),
            )
            if not self.sleep_on_limit and status in (429, 503):  # a rate limit: the caller waits
                wait = decision.wait or retry_after(header(headers, "retry-after"), now=self._clock()) or 60.0
                raise RetryLater(self.redact(f"Jira asks to wait {wait:.0f} s while {what}"), seconds=wait)
            server_error = status is None or (status >= 500 and status != 503)
            if decision.action == "fail" or attempt + 1 >= MAX_ATTEMPTS or (server_error and not idempotent):
                raise self._failure(status, message, what=what, work=work, reason=decision.reason)
            self._notice(
                f"Jira: {decision.reason or f'status {status}'} while {what}; waiting {decision.wait:.0f} s"
            )
            self._sleep(decision.wait)
            attempt += 1

    def _note_date(self, headers: Mapping[str, str]) -> None:
        date = headers.get("Date") or headers.get("date")
        if date:
            with contextlib.suppress(TypeError, ValueError):
                self.last_date = parsedate_to_datetime(date).timestamp()

    def _failure(self, status: int | None, message: str, *, what: str, work: str, reason: str) -> TriageError:
        if reason and (status is None or status >= 500 or status == 429):
            return (JiraUnavailable if status in (429, 503) else SourceError)(
                self.redact(f"{what} failed: {reason}" + (f": {message}" if message else ""))
            )
        text = self.redact(
            failure_text(status, message, what=what, work=work, credential=self.credential.names)
        )
        if status == 400 and work == "read":
            return DataError(text)  # a JQL error is the config's: exit 2, Jira's own words
        cls: type[SourceError] = {401: JiraUnavailable, 403: JiraPermissionError, 404: JiraNotFound}.get(
            status or 0, SourceError
        )
        return cls(text)


def connect(
    env: Mapping[str, str],
    *,
    server: str,
    deployment: str | None,
    max_wait: float = 900.0,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] | None = None,
    notice: Callable[[str], None] | None = None,
    sleep_on_limit: bool = True,
) -> JiraClient:
    """A client for ``server`` with the credential in ``env``; makes no request."""
    return JiraClient(
        sleep_on_limit=sleep_on_limit,
        server=server,
        credential=credential_from_env(env, deployment=deployment),
        deployment=deployment,
        max_wait=max_wait,
        sleep=sleep,
        clock=clock,
        notice=notice,
    )


def _decoded(content: bytes, *, path: str, what: str) -> Any:
    """An answer's JSON (None for an empty body). A body that is not JSON (an HTML page from a
    proxy or a login screen, with status 200) or nests deeper than Python's parser goes (about
    1,000 levels) is a SourceError naming the endpoint: before, ``requests`` raised its JSON
    error as a connection failure (Jira "could not be reached after 4 attempts"), and the
    deep one a RecursionError ("This is a bug")."""
    if not content:
        return None
    try:
        return json.loads(content)
    except RecursionError:
        raise SourceError(f"Jira's answer to {path} nests too deeply to read while {what}; stopped") from None
    except ValueError:
        start = content[:40].decode("utf-8", "replace").strip()
        raise SourceError(
            f"Jira sent an answer to {path} that is not JSON while {what} (it starts {start!r}): "
            "is source.jira.server the Jira's address?"
        ) from None
