"""The calls icp-triage makes to GitHub: GraphQL queries, REST reads, and REST writes
spaced by GitHub's write budget; each goes through ``transport.Transport``, which holds
the token, the endpoints and the retry policy.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from icp_triage.adapters.github.pacing import WriteBudget
from icp_triage.adapters.github.transport import (
    RateLimited,
    Transport,
    endpoints_from_env,
    token_from_env,
)

T = TypeVar("T")


@dataclass(slots=True)
class GraphqlResponse:
    """``data`` and ``errors`` as GitHub sent them (both may be present), and the headers."""

    data: dict[str, Any]
    errors: list[dict[str, Any]]
    headers: dict[str, str] = field(default_factory=dict)


class GithubClient(Transport):
    """The transport plus the calls: ``graphql``, ``read``, ``write`` (paced by ``budget``,
    GitHub's secondary write limits, see ``pacing``) and ``repository`` for PyGithub's
    REST objects. ``viewer`` is the login the token acts as, once a read has told."""

    writes: int = 0
    viewer: str | None = None

    @functools.cached_property
    def budget(self) -> WriteBudget:
        """GitHub's secondary write limits, kept per client (``pacing``)."""
        return WriteBudget()

    def repository(self, full_name: str) -> Any:
        """A lazy PyGithub ``Repository``: no request until a method is called."""
        return self.github.get_repo(full_name)

    def graphql(
        self, query: str, variables: Mapping[str, Any], *, what: str, shrinkable: bool = False
    ) -> GraphqlResponse:
        """POST one GraphQL query; retries per the policy and returns data and errors.

        Raises PageTooLarge on a 502/504 when ``shrinkable``, SourceError otherwise.
        Errors beside data are returned, not raised: the caller knows which nodes failed.
        (PyGithub's ``requester.graphql_query`` would raise on any ``errors`` and drop the
        data beside them, so the same requester's ``requestJsonAndCheck`` is used instead.)
        """

        return self.call(
            lambda: self._post_graphql(query, variables),
            what=what,
            shrinkable=shrinkable,
            retry_server_errors=True,
        )

    def _post_graphql(self, query: str, variables: Mapping[str, Any]) -> GraphqlResponse:
        body = {"query": query, "variables": dict(variables)}
        headers, data = self.graphql_requester.requestJsonAndCheck(
            "POST", self.endpoints.graphql_url, input=body
        )
        data = data if isinstance(data, dict) else {}
        errors = [e for e in data.get("errors") or [] if isinstance(e, dict)]
        limited = [e for e in errors if e.get("type") == "RATE_LIMITED"]
        if limited:
            raise RateLimited(headers, str(limited[0].get("message") or "rate limited"))
        return GraphqlResponse(data.get("data") or {}, errors, dict(headers))

    def mutate(
        self, document: str, variables: Mapping[str, Any], *, what: str, idempotent: bool = True
    ) -> GraphqlResponse:
        """POST one GraphQL mutation document, paced like a REST write.

        GitHub's secondary limits count requests (a mutation costs 5 points and is one
        content-creating request), so a document of aliased mutations is one write of the
        budget. Errors beside data are returned: the caller names the aliases that failed.
        """
        return self.write(
            lambda: self._post_graphql(document, variables), what=what, idempotent=idempotent
        ) or (GraphqlResponse({}, [{"message": "no answer"}]))

    def read(self, call: Callable[[], T], *, what: str) -> T:
        """Make one REST read (or a PyGithub call that pages) with the retry policy."""
        return self.call(call, what=what, shrinkable=False, retry_server_errors=True)

    def write(
        self,
        call: Callable[[], T],
        *,
        what: str,
        idempotent: bool = True,
        done_if: Callable[[int, str], bool] | None = None,
    ) -> T | None:
        """Make one REST write when ``budget`` allows it (a few at once, then 1 s apart).

        A write that is not ``idempotent`` (creating a comment) is not retried after a
        5xx or a dropped connection, since it may have landed; the next run finds it.
        ``done_if(status, message)`` names failures that mean the goal is already met (a
        label that already exists): they return None instead of raising.
        """
        for _ in range(3):  # a clock that rounds may leave a sliver of the wait
            wait = self.budget.delay(self.clock())
            if wait <= 0:
                break
            self._sleep(wait)
        self.budget.record(self.clock())  # GitHub counts a write when it arrives
        try:
            return self.call(
                call, what=what, shrinkable=False, retry_server_errors=idempotent, done_if=done_if
            )
        finally:
            self.writes += 1


def connect(
    env: Mapping[str, str],
    *,
    max_wait: float = 900.0,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] | None = None,
    notice: Callable[[str], None] | None = None,
    sleep_on_limit: bool = True,
) -> GithubClient:
    """A client for the token and API bases in ``env``; makes no request."""
    return GithubClient(
        token=token_from_env(env),
        endpoints=endpoints_from_env(env),
        max_wait=max_wait,
        sleep=sleep,
        clock=clock,
        notice=notice,
        sleep_on_limit=sleep_on_limit,
    )
