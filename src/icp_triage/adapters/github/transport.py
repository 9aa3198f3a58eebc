"""The door to GitHub: PyGithub's requester, the token and endpoints, and icp-triage's
retry policy applied around every request.

PyGithub sends every request (GraphQL reads through ``requester.requestJsonAndCheck``,
REST writes through its objects) so URLs, headers and auth stay PyGithub's. Its own
retry and throttling are switched off (``retry=None``, no ``seconds_between_*``) and
replaced by ``policy.decide`` applied here, because the adapter needs what GithubRetry
cannot give: a bounded wait that becomes a clear error, a smaller page after a 502/504,
GraphQL ``RATE_LIMITED`` errors that arrive with status 200, no retry of a comment
creation that may have landed, and a ``sleep`` that tests replace. The calls themselves
(GraphQL, REST reads and paced writes) are ``client.GithubClient``'s.

The token comes from ``GITHUB_TOKEN`` or ``GH_TOKEN`` only and is redacted from every
message this module raises.
"""

from __future__ import annotations

import functools
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar

from icp_triage.adapters.github.policy import decide
from icp_triage.errors import (
    ConfigError,
    PermissionDenied,
    RequestGone,
    RetryLater,
    SourceError,
    TrackerUnavailable,
    TriageError,
)

T = TypeVar("T")
P = ParamSpec("P")

DEFAULT_API_URL = "https://api.github.com"
MAX_ATTEMPTS = 8


class GithubPermissionError(PermissionDenied):
    """The token may not do this (403 that is not a rate limit): reads need issues read,
    writes need issues write (``permissions: issues: write`` in a workflow)."""


class GithubUnavailable(TrackerUnavailable):
    """GitHub rejected the token (401), or a rate limit needs a longer wait than ``max_wait``."""


class GithubNotFound(RequestGone):
    """A repository, issue or user does not exist or the token cannot see it."""


def _status_text(status: int | None, message: str) -> str:
    """``status 502``, or for no answer at all what the connection said (no "status None")."""
    return f"status {status}" if status is not None else f"no answer ({message or 'connection failed'})"


class PageTooLarge(Exception):
    """A 502/504: GitHub gave up on the query; the caller should ask for a smaller page."""


class RateLimited(Exception):
    """A GraphQL ``RATE_LIMITED`` error, which GitHub sends with status 200."""

    def __init__(self, headers: Mapping[str, str], message: str) -> None:
        super().__init__(message)
        self.headers = headers
        self.message = message


@dataclass(frozen=True, slots=True)
class Endpoints:
    api_url: str
    graphql_url: str


def _valid_url(name: str, value: str) -> str:
    parsed = urllib.parse.urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigError(
            f"{name}: expected an http(s) URL such as https://github.example.com/api/v3, got {value!r}"
        )
    return value.rstrip("/")


def endpoints_from_env(env: Mapping[str, str]) -> Endpoints:
    """The REST and GraphQL bases: ``GITHUB_API_URL`` and ``GITHUB_GRAPHQL_URL`` as GitHub
    Actions sets them (on GHES ``https://HOST/api/v3`` and ``https://HOST/api/graphql``),
    else github.com. A missing GraphQL URL is derived from the API URL as PyGithub does."""
    api = _valid_url("GITHUB_API_URL", env.get("GITHUB_API_URL") or DEFAULT_API_URL)
    graphql = env.get("GITHUB_GRAPHQL_URL")
    if graphql:
        return Endpoints(api, _valid_url("GITHUB_GRAPHQL_URL", graphql))
    parsed = urllib.parse.urlparse(api)
    path = parsed.path.rstrip("/").removesuffix("/v3") + "/graphql"
    return Endpoints(api, urllib.parse.urlunparse(parsed._replace(path=path)))


def token_from_env(env: Mapping[str, str]) -> str:
    """``GITHUB_TOKEN``, else ``GH_TOKEN``; a ConfigError (exit 2) when neither is set."""
    name = "GITHUB_TOKEN" if env.get("GITHUB_TOKEN") else "GH_TOKEN"
    token = (env.get(name) or "").strip()
    if not token:
        raise ConfigError(
            "no GitHub token: set GITHUB_TOKEN or GH_TOKEN (reading needs issues read access; "
            "tagging needs issues write)"
        )
    if not token.isascii() or not token.isprintable() or any(c.isspace() for c in token):
        # Two lines pasted into a secret, say. The HTTP library would refuse the header and
        # quote it, escaped, in its error: a form the redaction of the raw token misses.
        raise ConfigError(
            f"{name} holds a space, a line break or another character no GitHub token has "
            f"({len(token)} characters); set it to the token alone"
        )
    return token


def _message(data: Any) -> str:
    if isinstance(data, Mapping):
        text = str(data.get("message") or "")
        details = data.get("errors")
        if isinstance(details, list) and details:
            # The human ``message`` ("body is too long (maximum is 65536 characters)") says what
            # to fix where the ``code`` ("custom", "invalid") does not; the code is the fallback.
            codes = [
                str(d.get("message") or d.get("code") or d) if isinstance(d, Mapping) else str(d)
                for d in details
            ]
            text += f" ({'; '.join(codes)})"
        return text
    return str(data or "")


class Transport:
    """PyGithub's requesters for the REST and GraphQL endpoints, the retry policy around
    each request, request counting and redaction.

    :param sleep: called with seconds to wait (default ``time.sleep``; tests pass a recorder).
    :param clock: epoch seconds now (default ``time.time``).
    :param sleep_on_limit: False to raise ``RetryLater(seconds)`` at a rate limit instead of
        waiting, for a caller that reschedules (the service's queue) rather than holds a worker.
    :param notice: told about waits, for progress on stderr.
    """

    def __init__(
        self,
        *,
        token: str,
        endpoints: Endpoints,
        max_wait: float = 900.0,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
        notice: Callable[[str], None] | None = None,
        timeout: int = 30,
        sleep_on_limit: bool = True,
    ) -> None:
        from icp_triage.adapters.github.imports import defer_pyjwt

        defer_pyjwt()
        from github import Auth, Github

        from icp_triage import __version__

        self.endpoints = endpoints
        self.max_wait = max_wait
        self.requests = 0
        self._token = token
        self._sleep = sleep or time.sleep
        self._clock = clock or time.time
        self.sleep_on_limit = sleep_on_limit
        self._notice = notice or (lambda _text: None)

        def make(base_url: str) -> Any:
            return Github(
                auth=Auth.Token(token),
                base_url=base_url,
                timeout=timeout,
                user_agent=f"icp-triage/{__version__}",
                retry=None,
                seconds_between_requests=None,
                seconds_between_writes=None,
                lazy=True,
            )

        self.github = make(endpoints.api_url)
        api, gql = urllib.parse.urlparse(endpoints.api_url), urllib.parse.urlparse(endpoints.graphql_url)
        same_origin = (api.scheme, api.netloc) == (gql.scheme, gql.netloc)
        # The requester keeps only the path of an absolute URL and sends it to its own host.
        self.graphql_requester = (
            self.github if same_origin else make(f"{gql.scheme}://{gql.netloc}")
        ).requester

    @property
    def host(self) -> str:
        return urllib.parse.urlparse(self.endpoints.api_url).netloc

    def clock(self) -> float:
        """Epoch seconds now, by the injected clock."""
        return self._clock()

    def redact(self, text: str) -> str:
        """``text`` with the token replaced by ``***``, also where a message quotes it escaped
        (``repr``), as HTTP libraries do with a header they refuse."""
        if not self._token:
            return text
        for form in (self._token, repr(self._token)[1:-1]):
            text = text.replace(form, "***")
        return text

    def call(
        self,
        send: Callable[[], T],
        *,
        what: str,
        shrinkable: bool,
        retry_server_errors: bool,
        done_if: Callable[[int, str], bool] | None = None,
    ) -> T:
        """``send()`` under the retry policy: waits and retries what the policy allows,
        raises ``PageTooLarge`` for a 502/504 when ``shrinkable``, ``RetryLater`` at a rate
        limit when not ``sleep_on_limit``, and otherwise the user-facing error (redacted).
        ``done_if(status, message)`` turns a failure that means the goal is met into None."""
        import requests
        from github import GithubException

        attempt = 0
        while True:
            self.requests += 1
            status: int | None
            try:
                return send()
            except GithubException as exc:
                status, headers, message = exc.status, dict(exc.headers or {}), _message(exc.data)
                if done_if is not None and done_if(exc.status, message):
                    return None  # type: ignore[return-value]  # GithubClient.write declares T | None
            except RateLimited as exc:
                status, headers, message = 403, dict(exc.headers), exc.message
            except requests.RequestException as exc:
                status, headers, message = None, {}, f"{type(exc).__name__}: {exc}"
            decision = decide(
                status, headers, message, attempt=attempt, now=self._clock(), max_wait=self.max_wait
            )
            server_error = status is None or status >= 500
            if (
                decision.action == "fail"
                or attempt + 1 >= MAX_ATTEMPTS
                or (server_error and not retry_server_errors)
            ):
                raise self._failure(status, message, what=what, reason=decision.reason)
            if decision.action == "too_long" and shrinkable:
                self._sleep(decision.wait)
                raise PageTooLarge(what)
            if not self.sleep_on_limit and status in (403, 429):  # a rate limit: the caller waits
                raise RetryLater(
                    self.redact(
                        f"GitHub: {decision.reason or 'rate limited'} while {what}; retry in {decision.wait:.0f} s"
                    ),
                    seconds=decision.wait,
                )
            self._notice(
                f"GitHub: {decision.reason or _status_text(status, message)} while {what}; "
                f"waiting {decision.wait:.0f} s"
            )
            self._sleep(decision.wait)
            attempt += 1

    def _failure(self, status: int | None, message: str, *, what: str, reason: str) -> SourceError:
        """The user-facing error for a final failure, with the token redacted."""
        detail = f": {message}" if message else ""
        if reason and (status is None or status >= 500 or status in (403, 429)):
            text = f"{what} failed: {reason}{detail}"
            cls: type[SourceError] = GithubUnavailable if status in (403, 429) else SourceError
        elif status == 401:
            text = (
                f"GitHub rejected the token (401{detail}) while {what}. Set GITHUB_TOKEN or GH_TOKEN "
                f"to a valid token for {self.host}"
            )
            cls = GithubUnavailable
        elif status == 403:
            text = (
                f"GitHub refused {what} (403{detail}). The token lacks permission: reading needs "
                "issues read access, tagging needs issues write (in a workflow, add "
                "'permissions: issues: write')"
            )
            cls = GithubPermissionError
        elif status == 404:
            text = f"GitHub found nothing while {what} (404{detail}): check the name and that the token can see it"
            cls = GithubNotFound
        else:
            text = f"GitHub returned {status}{detail} while {what}"
            cls = SourceError
        return cls(self.redact(text))


TransportT = TypeVar("TransportT", bound=Transport)


def redacted(func: Callable[Concatenate[TransportT, P], T]) -> Callable[Concatenate[TransportT, P], T]:
    """Decorate an adapter entry point taking the client first: any TriageError it raises
    leaves with the token masked, whatever text GitHub put in it."""

    @functools.wraps(func)
    def wrapper(client: TransportT, /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return func(client, *args, **kwargs)
        except TriageError as exc:
            exc.message = client.redact(exc.message)
            exc.args = (exc.message,)
            raise

    return wrapper
